package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.ServerException;
import dev.backfills.model.ApiError;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code getLatestBackfill} on the wire: a read of {@code .../transfers/{x}/backfills/latest}, retried like the others. */
class LatestBackfillTest extends WireTest {

  // --- the request ---------------------------------------------------------------------------------

  @Test
  void sendsGetToTheTransfersLatestBackfillPathWithoutABody() throws Exception {
    enqueue(200, Bodies.GET_200);

    client().getLatestBackfill(TEAM, TRANSFER);

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo(LATEST_PATH);
    assertThat(request.getBodySize()).isZero();
    assertThat(request.getHeaders().get("Content-Type")).isNull();
  }

  @Test
  void sendsTheBearerTokenAcceptAndUserAgentHeaders() throws Exception {
    enqueue(200, Bodies.GET_200);

    client().getLatestBackfill(TEAM, TRANSFER);

    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("backfills-client/");
  }

  // --- the answer ----------------------------------------------------------------------------------

  @Test
  void decodesTheDocumentedBackfillFieldByField() {
    enqueue(200, Bodies.GET_200);

    Backfill b = client().getLatestBackfill(TEAM, TRANSFER);

    assertThat(b).isEqualTo(new Backfill(
        12345L, 456789L,
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
        Instant.parse("2024-02-01T09:00:00Z"), 789L,
        null, null,
        Instant.parse("2024-02-01T10:00:00Z"), null,
        BackfillStatus.RUNNING,
        31, 31, 25, 2,
        List.of()));
  }

  @ParameterizedTest
  @EnumSource(value = BackfillStatus.class, names = {"COMPLETED", "CANCELLED", "FAILED", "CREATED"})
  void returnsTheLatestBackfillWhateverItsStatus(BackfillStatus status) {
    enqueue(200, backfill(status.name(), "2024-01-01", "2024-01-31", "req-latest"));

    assertThat(client().getLatestBackfill(TEAM, TRANSFER).status()).isEqualTo(status);
  }

  @Test
  void withResponseCarriesTheRequestIdRateLimitAndOneAttempt() {
    server.enqueue(json(200, Bodies.GET_200).addHeader("X-RateLimit-Limit", "100")
        .addHeader("X-RateLimit-Remaining", "48").build());

    ApiResponse<Backfill> response = client().getLatestBackfillWithResponse(TEAM, TRANSFER);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(response.rateLimit()).isEqualTo(new RateLimit(100, 48));
    assertThat(response.attempts()).isEqualTo(1);
  }

  // --- validation: nothing is sent ------------------------------------------------------------------

  @Test
  void teamIdBelowOneIsRefusedNamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client().getLatestBackfill(0, TRANSFER))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void transferIdBelowOneIsRefusedNamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client().getLatestBackfill(TEAM, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transferId");
    assertThat(server.getRequestCount()).isZero();
  }

  // --- errors and retries ---------------------------------------------------------------------------

  @Test
  void notFound404IsNotFoundExceptionWithTheParsedErrorAndRequestIdWithoutARetry() throws Exception {
    enqueue(404, Bodies.GET_404);

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().getLatestBackfill(TEAM, TRANSFER));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.error()).isEqualTo(new ApiError("NOT_FOUND", "Not Found",
        "The requested backfill could not be found or you do not have access to it."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(requests()).containsExactly(GET_LATEST);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 409, 422})
  void clientErrorIsThrownAtOnceAsItsTypeWithTheParsedErrorAndRequestId(int status) throws Exception {
    server.enqueue(errorResponse(status, "req-" + status));
    enqueue(200, Bodies.GET_200);

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().getLatestBackfill(TEAM, TRANSFER));

    assertThat(e).isExactlyInstanceOf(typeFor(status));
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.error()).isEqualTo(new ApiError(errorCode(status), "HTTP " + status, null));
    assertThat(e.requestId()).isEqualTo("req-" + status);
    assertThat(requests()).containsExactly(GET_LATEST);
  }

  @Test
  void serviceUnavailable503IsRetried() throws Exception {
    server.enqueue(errorResponse(503, "req-503"));
    enqueue(200, Bodies.GET_200);

    ApiResponse<Backfill> response = client().getLatestBackfillWithResponse(TEAM, TRANSFER);

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(GET_LATEST, GET_LATEST);
    assertThat(time.sleeps()).hasSize(1);
  }

  @Test
  void tooManyRequestsIsRetriedAfterItsRetryAfter() throws Exception {
    server.enqueue(tooMany("4"));
    enqueue(200, Bodies.GET_200);

    client().getLatestBackfill(TEAM, TRANSFER);

    assertThat(requests()).containsExactly(GET_LATEST, GET_LATEST);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(4));
  }

  @Test
  void serverErrorsBeyondTheRetriesThrowTheLastServerException() throws Exception {
    for (int i = 1; i <= 3; i++) {
      server.enqueue(errorResponse(503, "req-503-" + i));
    }

    ServerException e = catchThrowableOfType(ServerException.class, () -> client().getLatestBackfill(TEAM, TRANSFER));

    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.requestId()).isEqualTo("req-503-3");
    assertThat(requests()).containsExactly(GET_LATEST, GET_LATEST, GET_LATEST);
  }

  // --- async ------------------------------------------------------------------------------------------

  @Test
  void getLatestBackfillAsyncCompletesWithTheBackfillAfterARetried503() throws Exception {
    server.enqueue(errorResponse(503, "req-503"));
    enqueue(200, Bodies.GET_200);

    Backfill b = await(asyncClient().getLatestBackfillAsync(TEAM, TRANSFER));

    assertThat(b.transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(requests()).containsExactly(GET_LATEST, GET_LATEST);
  }

  @Test
  void getLatestBackfillAsyncFailsWithTheUnwrappedNotFoundException() throws Exception {
    enqueue(404, Bodies.GET_404);

    assertThatThrownBy(() -> await(asyncClient().getLatestBackfillAsync(TEAM, TRANSFER)))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(NotFoundException.class,
            e -> assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID));
    assertThat(requests()).containsExactly(GET_LATEST);
  }

  @Test
  void getLatestBackfillAsyncRefusesABadIdAtOnceWithoutSending() {
    assertThatThrownBy(() -> client().getLatestBackfillAsync(TEAM, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transferId");
    assertThat(server.getRequestCount()).isZero();
  }
}
