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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code cancelBackfill} on the wire: {@code PATCH /teams/{t}/backfills/{id}} with
 * {@code {"status":"CANCELLED"}}, idempotent and retried like a read; a 422 (already final) is resolved
 * by reading the backfill: CANCELLED is returned, COMPLETED is the 422.
 */
class CancelBackfillTest extends WireTest {
  /** {@link #CANCEL_200}, decoded field by field. */
  private static final Backfill CANCELLED_EXAMPLE = new Backfill(
      12345L, 456789L,
      LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
      Instant.parse("2024-02-01T09:00:00Z"), 789L,
      Instant.parse("2024-02-01T15:30:00Z"), 790L,
      Instant.parse("2024-02-01T10:00:00Z"), Instant.parse("2024-02-01T15:30:00Z"),
      BackfillStatus.CANCELLED,
      31, 31, 25, 2,
      List.of());

  private static final String ALREADY_FINAL = error("UNPROCESSABLE_ENTITY", "Backfill is already in a final state", "req-422");

  private static MockResponse alreadyFinal() {
    return json(422, ALREADY_FINAL).build();
  }

  private ApiResponse<Backfill> cancel(BackfillsClient client) {
    return client.cancelBackfillWithResponse(TEAM, BACKFILL);
  }

  // --- the request ---------------------------------------------------------------------------------

  @Test
  void sendsPatchToTheBackfillWithStatusCancelledAsJson() throws Exception {
    enqueue(200, CANCEL_200);

    client().cancelBackfill(TEAM, BACKFILL);

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getTarget()).isEqualTo(BACKFILL_PATH);
    assertThat(request.getBody()).isNotNull();
    assertThat(request.getBody().utf8()).isEqualTo(CANCEL_BODY);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Content-Length")).isEqualTo(Integer.toString(CANCEL_BODY.length()));
  }

  @Test
  void sendsTheBearerTokenAcceptAndUserAgentHeaders() throws Exception {
    enqueue(200, CANCEL_200);

    client().cancelBackfill(TEAM, BACKFILL);

    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("backfills-client/");
  }

  // --- the answer ----------------------------------------------------------------------------------

  @Test
  void decodesTheDocumentedCancelledExampleFieldByField() {
    enqueue(200, CANCEL_200);

    assertThat(client().cancelBackfill(TEAM, BACKFILL)).isEqualTo(CANCELLED_EXAMPLE);
  }

  @Test
  void withResponseOfAFirstTrySuccessHasOneAttemptAndTheRequestId() throws Exception {
    enqueue(200, CANCEL_200);

    ApiResponse<Backfill> response = cancel(client());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(response.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(requests()).containsExactly(PATCH_CANCEL);
  }

  // --- validation: nothing is sent ------------------------------------------------------------------

  @Test
  void teamIdBelowOneIsRefusedNamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client().cancelBackfill(0, BACKFILL))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void backfillIdBelowOneIsRefusedNamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client().cancelBackfill(TEAM, -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backfillId");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void cancelBackfillAsyncRefusesABadIdAtOnceWithoutSending() {
    assertThatThrownBy(() -> client().cancelBackfillAsync(TEAM, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backfillId");
    assertThat(server.getRequestCount()).isZero();
  }

  // --- idempotent: retried like a read --------------------------------------------------------------

  @Test
  void serverErrorThenSuccessIsRetriedWithTwoPatches() throws Exception {
    server.enqueue(errorResponse(503, "req-503"));
    enqueue(200, CANCEL_200);

    ApiResponse<Backfill> response = cancel(client());

    assertThat(response.data()).isEqualTo(CANCELLED_EXAMPLE);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(PATCH_CANCEL, PATCH_CANCEL);
    assertThat(time.sleeps()).hasSize(1);
  }

  @Test
  void connectionDroppedAfterTheRequestIsRetried() throws Exception {
    server.enqueue(disconnectAtStart());
    enqueue(200, CANCEL_200);

    Backfill b = client().cancelBackfill(TEAM, BACKFILL);

    assertThat(b.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(requests()).containsExactly(PATCH_CANCEL, PATCH_CANCEL);
  }

  @Test
  void tooManyRequestsIsRetriedAfterItsRetryAfter() throws Exception {
    server.enqueue(tooMany("2"));
    enqueue(200, CANCEL_200);

    Backfill b = client().cancelBackfill(TEAM, BACKFILL);

    assertThat(b.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(requests()).containsExactly(PATCH_CANCEL, PATCH_CANCEL);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void serverErrorsBeyondTheRetriesThrowTheLastServerExceptionAfterThreePatches() throws Exception {
    for (int i = 1; i <= 3; i++) {
      server.enqueue(errorResponse(500, "req-500-" + i));
    }

    ServerException e = catchThrowableOfType(ServerException.class, () -> cancel(client()));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.error()).isEqualTo(new ApiError("INTERNAL_SERVER_ERROR", "HTTP 500", null));
    assertThat(e.requestId()).isEqualTo("req-500-3");
    assertThat(requests()).containsExactly(PATCH_CANCEL, PATCH_CANCEL, PATCH_CANCEL);
  }

  // --- 422: already in a final state ----------------------------------------------------------------

  @Test
  void alreadyCancelled422IsResolvedByReadingTheBackfillAndReturnsIt() throws Exception {
    server.enqueue(alreadyFinal());
    enqueue(200, CANCEL_200);

    ApiResponse<Backfill> response = cancel(client());

    assertThat(response.data()).isEqualTo(CANCELLED_EXAMPLE);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(PATCH_CANCEL, GET_BACKFILL);
  }

  @Test
  void completed422ThrowsApiException422WithTheServersErrorAndRequestId() throws Exception {
    server.enqueue(alreadyFinal());
    enqueue(200, backfill("COMPLETED", "2024-01-01", "2024-01-31", "req-read"));

    ApiException e = catchThrowableOfType(ApiException.class, () -> cancel(client()));

    assertThat(e).isExactlyInstanceOf(ApiException.class);
    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.error()).isEqualTo(new ApiError("UNPROCESSABLE_ENTITY", "Backfill is already in a final state", null));
    assertThat(e.requestId()).isEqualTo("req-422");
    assertThat(requests()).containsExactly(PATCH_CANCEL, GET_BACKFILL);
  }

  @Test
  void aLostAnswerOfACancelThatTookEffectEndsInTheCancelledBackfill() throws Exception {
    // The first PATCH cancelled it but its answer was lost; the retry finds it final (422), the read
    // shows CANCELLED: the call's goal is reached.
    server.enqueue(errorResponse(502, "req-502"));
    server.enqueue(alreadyFinal());
    enqueue(200, CANCEL_200);

    Backfill b = client().cancelBackfill(TEAM, BACKFILL);

    assertThat(b).isEqualTo(CANCELLED_EXAMPLE);
    assertThat(requests()).containsExactly(PATCH_CANCEL, PATCH_CANCEL, GET_BACKFILL);
  }

  @Test
  void a422WhoseReadFailsThrowsThe422WithTheReadsFailureSuppressed() throws Exception {
    server.enqueue(alreadyFinal());
    server.enqueue(errorResponse(500, "req-read"));

    ApiException e = catchThrowableOfType(ApiException.class, () -> cancel(track(builder().maxRetries(0).build())));

    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.requestId()).isEqualTo("req-422");
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(ServerException.class);
    assertThat(requests()).containsExactly(PATCH_CANCEL, GET_BACKFILL);
  }

  // --- other errors: mapped as for reads, not retried ------------------------------------------------

  @Test
  void notFound404IsNotFoundExceptionWithoutARetryOrARead() throws Exception {
    enqueue(404, Bodies.GET_404);

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> cancel(client()));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.error()).isEqualTo(new ApiError("NOT_FOUND", "Not Found",
        "The requested backfill could not be found or you do not have access to it."));
    assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(requests()).containsExactly(PATCH_CANCEL);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 409})
  void clientErrorIsThrownAtOnceAsItsTypeWithTheParsedErrorAndRequestId(int status) throws Exception {
    server.enqueue(errorResponse(status, "req-" + status));
    enqueue(200, CANCEL_200);

    ApiException e = catchThrowableOfType(ApiException.class, () -> cancel(client()));

    assertThat(e).isExactlyInstanceOf(typeFor(status));
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.error()).isEqualTo(new ApiError(errorCode(status), "HTTP " + status, null));
    assertThat(e.requestId()).isEqualTo("req-" + status);
    assertThat(requests()).containsExactly(PATCH_CANCEL);
  }

  // --- async: same answers, same exceptions -----------------------------------------------------------

  @Test
  void cancelBackfillAsyncCompletesWithTheCancelledBackfill() throws Exception {
    enqueue(200, CANCEL_200);

    assertThat(await(asyncClient().cancelBackfillAsync(TEAM, BACKFILL))).isEqualTo(CANCELLED_EXAMPLE);
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("PATCH");
    assertThat(request.getBody().utf8()).isEqualTo(CANCEL_BODY);
  }

  @Test
  void cancelBackfillAsyncRetriesAServerError() throws Exception {
    server.enqueue(errorResponse(500, "req-500"));
    enqueue(200, CANCEL_200);

    assertThat(await(asyncClient().cancelBackfillAsync(TEAM, BACKFILL)).status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(requests()).containsExactly(PATCH_CANCEL, PATCH_CANCEL);
  }

  @Test
  void cancelBackfillAsyncResolvesAnAlreadyCancelled422() throws Exception {
    server.enqueue(alreadyFinal());
    enqueue(200, CANCEL_200);

    assertThat(await(asyncClient().cancelBackfillAsync(TEAM, BACKFILL))).isEqualTo(CANCELLED_EXAMPLE);
    assertThat(requests()).containsExactly(PATCH_CANCEL, GET_BACKFILL);
  }

  @Test
  void cancelBackfillAsyncFailsWithTheUnwrapped422ForACompletedBackfill() throws Exception {
    server.enqueue(alreadyFinal());
    enqueue(200, backfill("COMPLETED", "2024-01-01", "2024-01-31", "req-read"));

    CompletableFuture<Backfill> future = asyncClient().cancelBackfillAsync(TEAM, BACKFILL);

    assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class)
        .cause().isExactlyInstanceOf(ApiException.class)
        .satisfies(e -> {
          assertThat(((ApiException) e).statusCode()).isEqualTo(422);
          assertThat(((ApiException) e).requestId()).isEqualTo("req-422");
        });
    assertThat(requests()).containsExactly(PATCH_CANCEL, GET_BACKFILL);
  }

  @Test
  void cancelBackfillAsyncFailsWithTheUnwrappedNotFoundException() throws Exception {
    enqueue(404, Bodies.GET_404);

    CompletableFuture<Backfill> future = asyncClient().cancelBackfillAsync(TEAM, BACKFILL);

    assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class)
        .cause().isExactlyInstanceOf(NotFoundException.class);
    assertThat(requests()).containsExactly(PATCH_CANCEL);
  }
}
