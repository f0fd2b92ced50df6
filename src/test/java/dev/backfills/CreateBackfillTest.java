package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.MalformedResponseException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.TransportException;
import dev.backfills.model.ApiError;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code createBackfill} on the wire: the request, the decoding, the error mapping, and the exactly-once
 * sequence of the contract (resend only where the server certainly did not act, or after the latest
 * backfill showed the first try did not take effect). Every exactly-once test names the requests the
 * server received, so the count of POSTs is asserted, not assumed.
 */
class CreateBackfillTest extends WireTest {
  /** {@link #CREATE_200}, decoded field by field: what a first-try or resent success returns. */
  private static final Backfill CREATED_EXAMPLE = new Backfill(
      12345L, 456789L,
      LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
      Instant.parse("2024-02-01T09:00:00Z"), 789L,
      null, null,
      null, null,
      BackfillStatus.CREATED,
      31, 0, 0, 0,
      List.of());

  private ApiResponse<Backfill> create(BackfillsClient client) {
    return client.createBackfillWithResponse(TEAM, TRANSFER, START, END);
  }

  /** The server's 422 for a range that overlaps an active backfill, with request id {@code req-422}. */
  private static MockResponse rangeOverlaps422() {
    return json(422, error("UNPROCESSABLE_ENTITY", "Range overlaps an active backfill", "req-422")).build();
  }

  private void enqueueLatestSameRange() {
    enqueue(200, LATEST_SAME_RANGE);
  }

  private void enqueueLatestNotFound() {
    server.enqueue(errorResponse(404, "req-latest-404"));
  }

  // --- the request ---------------------------------------------------------------------------------

  @Test
  void sendsPostToTheTransfersBackfillsPathWithTheRangeAsJson() throws Exception {
    enqueue(200, CREATE_200);

    client().createBackfill(TEAM, TRANSFER, START, END);

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo(CREATE_PATH);
    assertThat(request.getBody()).isNotNull();
    assertThat(request.getBody().utf8()).isEqualTo(CREATE_BODY);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("Content-Length")).isEqualTo(Integer.toString(CREATE_BODY.length()));
  }

  @Test
  void sendsTheBearerTokenAcceptAndUserAgentHeaders() throws Exception {
    enqueue(200, CREATE_200);

    client().createBackfill(TEAM, TRANSFER, START, END);

    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("backfills-client/");
  }

  @Test
  void aOneDayRangeSendsTheSameDateTwice() throws Exception {
    enqueue(200, backfill("CREATED", "2024-03-05", "2024-03-05", "req-1"));
    LocalDate day = LocalDate.of(2024, 3, 5);

    client().createBackfill(TEAM, TRANSFER, day, day);

    assertThat(take().getBody().utf8()).isEqualTo("{\"range_start\":\"2024-03-05\",\"range_end\":\"2024-03-05\"}");
  }

  // --- the answer ----------------------------------------------------------------------------------

  @Test
  void decodesTheDocumentedCreatedExampleFieldByField() {
    enqueue(200, CREATE_200);

    Backfill b = client().createBackfill(TEAM, TRANSFER, START, END);

    assertThat(b).isEqualTo(CREATED_EXAMPLE);
  }

  @Test
  void withResponseOfAFirstTrySuccessHasOneAttemptTheRequestIdAndTheRateLimit() {
    server.enqueue(json(200, CREATE_200).addHeader("X-RateLimit-Limit", "100")
        .addHeader("X-RateLimit-Remaining", "49").build());

    ApiResponse<Backfill> response = create(client());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.attempts()).isEqualTo(1);
    assertThat(response.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(response.rateLimit()).isEqualTo(new RateLimit(100, 49));
  }

  // --- validation: nothing is sent ------------------------------------------------------------------

  @Test
  void teamIdBelowOneIsRefusedNamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client().createBackfill(0, TRANSFER, START, END))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void transferIdBelowOneIsRefusedNamingItAndNothingIsSent() {
    assertThatThrownBy(() -> client().createBackfill(TEAM, -1, START, END))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transferId");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nullRangeStartIsRefusedWithIllegalArgumentExceptionNamingIt() {
    Throwable thrown = catchThrowable(() -> client().createBackfill(TEAM, TRANSFER, null, END));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rangeStart");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void nullRangeEndIsRefusedWithIllegalArgumentExceptionNamingIt() {
    Throwable thrown = catchThrowable(() -> client().createBackfill(TEAM, TRANSFER, START, null));

    assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rangeEnd");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void rangeStartAfterRangeEndIsRefusedNamingBothAndNothingIsSent() {
    assertThatThrownBy(() -> client().createBackfill(TEAM, TRANSFER, END, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rangeStart").hasMessageContaining("rangeEnd");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void createBackfillAsyncRefusesABadRangeAtOnceWithoutSending() {
    BackfillsClient client = client();

    assertThatThrownBy(() -> client.createBackfillAsync(TEAM, TRANSFER, END, START))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rangeStart");
    assertThatThrownBy(() -> client.createBackfillAsync(0, TRANSFER, START, END))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThat(server.getRequestCount()).isZero();
  }

  // --- errors: thrown at once, one POST, no check ---------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409})
  void clientErrorIsThrownAtOnceAsItsTypeWithTheParsedErrorAndRequestIdAfterOnePost(int status) throws Exception {
    server.enqueue(errorResponse(status, "req-" + status));
    enqueue(200, CREATE_200);

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().createBackfill(TEAM, TRANSFER, START, END));

    assertThat(e).isExactlyInstanceOf(typeFor(status));
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.error()).isEqualTo(new ApiError(errorCode(status), "HTTP " + status, null));
    assertThat(e.requestId()).isEqualTo("req-" + status);
    assertThat(requests()).containsExactly(POST_CREATE);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void unprocessable422OnTheFirstTryIsThrownWithoutACheck() throws Exception {
    server.enqueue(rangeOverlaps422());
    enqueueLatestSameRange();

    ApiException e = catchThrowableOfType(ApiException.class, () -> client().createBackfill(TEAM, TRANSFER, START, END));

    assertThat(e).isExactlyInstanceOf(ApiException.class);
    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.error()).isEqualTo(new ApiError("UNPROCESSABLE_ENTITY", "Range overlaps an active backfill", null));
    assertThat(e.requestId()).isEqualTo("req-422");
    assertThat(requests()).containsExactly(POST_CREATE);
  }

  // --- lost answers: the latest backfill says whether the first try took effect ---------------------

  @Test
  void serverError500AfterTheRequestReturnsTheLatestBackfillWithOnePost() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.data().status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(response.requestId()).isEqualTo("req-latest");
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void badGateway502WithAnHtmlProxyPageReturnsTheLatestBackfillWithOnePost() throws Exception {
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>")
        .build());
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void connectionDroppedAfterTheRequestWasReadReturnsTheLatestBackfillWithOnePost() throws Exception {
    server.enqueue(disconnectAtStart());
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void readTimeoutAfterTheRequestWasSentReturnsTheLatestBackfillWithOnePost() throws Exception {
    server.enqueue(json(200, CREATE_200).headersDelay(1, TimeUnit.SECONDS).build());
    enqueueLatestSameRange();
    BackfillsClient client = track(builder().readTimeout(Duration.ofMillis(200)).build());

    ApiResponse<Backfill> response = create(client);

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void successBodyCutOffMidTransferReturnsTheLatestBackfillWithOnePost() throws Exception {
    server.enqueue(json(200, CREATE_200).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void malformedSuccessBodyReturnsTheLatestBackfillWithOnePost() throws Exception {
    enqueue(200, "{\"meta\":{\"request_id\":\"req-post\"},\"data\":");
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void malformedSuccessBodyWithNoLatestBackfillIsThrownWithoutAResend() throws Exception {
    // A 2xx says the server acted: resending after it could make a second backfill, so it is not resent.
    enqueue(200, "{\"meta\":{\"request_id\":\"req-post\"},\"data\":");
    enqueueLatestNotFound();
    enqueue(200, CREATE_200);

    MalformedResponseException e = catchThrowableOfType(MalformedResponseException.class,
        () -> create(client()));

    assertThat(e.statusCode()).isEqualTo(200);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @ParameterizedTest
  @EnumSource(value = BackfillStatus.class, names = {"CREATED", "SCHEDULED", "RUNNING", "FAILED"})
  void latestIncompleteWithTheSameRangeInAnyIncompleteStatusIsReturned(BackfillStatus status) throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueue(200, backfill(status.name(), "2024-01-01", "2024-01-31", "req-latest"));

    Backfill b = client().createBackfill(TEAM, TRANSFER, START, END);

    assertThat(b.status()).isEqualTo(status);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  // --- the check shows the first try did not take effect: resent ------------------------------------

  @Test
  void latestNotFoundMeansNothingWasCreatedSoThePostIsResentOnce() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestNotFound();
    enqueue(200, CREATE_200);

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data()).isEqualTo(CREATED_EXAMPLE);
    assertThat(response.attempts()).isEqualTo(3);
    assertThat(response.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE);
    assertThat(time.sleeps()).as("the resend backs off once").hasSize(1);
  }

  @Test
  void latestWithAnotherRangeIsNotThisCallsSoThePostIsResent() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueue(200, backfill("RUNNING", "2023-12-01", "2023-12-31", "req-latest"));
    enqueue(200, CREATE_200);

    Backfill b = client().createBackfill(TEAM, TRANSFER, START, END);

    assertThat(b.status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE);
  }

  @Test
  void latestWithTheSameStartButAnotherEndIsNotThisCallsSoThePostIsResent() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueue(200, backfill("CREATED", "2024-01-01", "2024-01-30", "req-latest"));
    enqueue(200, CREATE_200);

    Backfill b = client().createBackfill(TEAM, TRANSFER, START, END);

    assertThat(b.rangeEndDate()).isEqualTo(END);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE);
  }

  @ParameterizedTest
  @EnumSource(value = BackfillStatus.class, names = {"COMPLETED", "CANCELLED"})
  void latestFinishedWithTheSameRangeIsAnOlderOneSoThePostIsResent(BackfillStatus status) throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueue(200, backfill(status.name(), "2024-01-01", "2024-01-31", "req-latest"));
    enqueue(200, CREATE_200);

    Backfill b = client().createBackfill(TEAM, TRANSFER, START, END);

    assertThat(b.status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE);
  }

  @Test
  void connectionDroppedBeforeTheServerReadTheWholeRequestIsCheckedAndThenResent() throws Exception {
    // The server closes the connection halfway through the body: it cannot have acted, but the client
    // had written the whole request, so it cannot know that. It checks, finds nothing, and resends.
    server.enqueue(json(200, CREATE_200).onRequestBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueueLatestNotFound();
    enqueue(200, CREATE_200);

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(response.attempts()).isEqualTo(3);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE);
  }

  @Test
  void serverErrorsOnEveryTryEndWithTheLastServerExceptionAfterMaxRetriesPlusOnePosts() throws Exception {
    for (int i = 1; i <= 3; i++) {
      server.enqueue(errorResponse(503, "req-post-" + i));
      enqueueLatestNotFound();
    }

    ServerException e = catchThrowableOfType(ServerException.class, () -> create(client()));

    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.error()).isEqualTo(new ApiError("SERVICE_UNAVAILABLE", "HTTP 503", null));
    assertThat(e.requestId()).isEqualTo("req-post-3");
    assertThat(requests()).containsExactly(
        POST_CREATE, GET_LATEST, POST_CREATE, GET_LATEST, POST_CREATE, GET_LATEST);
  }

  // --- the server certainly did not act: resent without a check -------------------------------------

  @Test
  void tooManyRequestsWithRetryAfterIsResentAfterTheWaitWithoutACheck() throws Exception {
    server.enqueue(tooMany("3"));
    enqueue(200, CREATE_200);

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, POST_CREATE);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void connectionRefusedBeforeAnythingWasWrittenIsResentWithoutACheck() throws Exception {
    RefuseFirstConnect sockets = new RefuseFirstConnect();
    OkHttpClient http = sockets.httpClient();
    enqueue(200, CREATE_200);
    try {
      ApiResponse<Backfill> response = create(track(builder().httpClient(http).build()));

      assertThat(response.data().status()).isEqualTo(BackfillStatus.CREATED);
      assertThat(response.attempts()).as("the refused attempt and the resend").isEqualTo(2);
      assertThat(sockets.connects.get()).isEqualTo(2);
      assertThat(requests()).containsExactly(POST_CREATE);
      assertThat(time.sleeps()).as("one backoff before the resend").hasSize(1);
    } finally {
      shutDown(http);
    }
  }

  @Test
  void unprocessable422AfterARateLimitedFirstTryIsThrownWithoutACheck() throws Exception {
    // The 429 shows the first try did nothing, so this call created nothing the 422 could be refusing:
    // the overlapping backfill is someone else's, and returning it would report a creation that never
    // happened.
    server.enqueue(tooMany("1"));
    server.enqueue(rangeOverlaps422());
    enqueueLatestSameRange();

    Throwable thrown = catchThrowable(() -> create(client()));

    assertThat(thrown).as("the 422 of a call that created nothing (requests: %s)", requests())
        .isExactlyInstanceOf(ApiException.class);
    assertThat(((ApiException) thrown).statusCode()).isEqualTo(422);
    assertThat(((ApiException) thrown).requestId()).isEqualTo("req-422");
  }

  @Test
  void unprocessable422AfterAConnectionRefusedFirstTryIsThrownWithoutACheck() throws Exception {
    // As after a 429: the refused first try never reached the server, so the 422 is a real refusal.
    RefuseFirstConnect sockets = new RefuseFirstConnect();
    OkHttpClient http = sockets.httpClient();
    server.enqueue(rangeOverlaps422());
    enqueueLatestSameRange();
    try {
      BackfillsClient client = track(builder().httpClient(http).build());

      Throwable thrown = catchThrowable(() -> create(client));

      assertThat(thrown).as("the 422 of a call that created nothing (requests: %s)", requests())
          .isExactlyInstanceOf(ApiException.class);
      assertThat(((ApiException) thrown).statusCode()).isEqualTo(422);
    } finally {
      shutDown(http);
    }
  }

  // --- a 422 after a resend may be refusing what the first try created ------------------------------

  @Test
  void unprocessable422AfterAResendIsCheckedAndTheBackfillTheFirstTryCreatedIsReturned() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestNotFound();
    server.enqueue(rangeOverlaps422());
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(client());

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(4);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE, GET_LATEST);
  }

  @Test
  void unprocessable422AfterAResendWithNothingMatchingIsThrown() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestNotFound();
    server.enqueue(rangeOverlaps422());
    enqueue(200, backfill("RUNNING", "2024-01-15", "2024-02-15", "req-latest"));

    ApiException e = catchThrowableOfType(ApiException.class, () -> create(client()));

    assertThat(e).isExactlyInstanceOf(ApiException.class);
    assertThat(e.statusCode()).isEqualTo(422);
    assertThat(e.requestId()).isEqualTo("req-422");
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE, GET_LATEST);
  }

  // --- maxRetries(0): a check, never a resend --------------------------------------------------------

  @Test
  void maxRetriesZeroWithA500ChecksOnceAndReturnsTheBackfillFound() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestSameRange();

    ApiResponse<Backfill> response = create(track(builder().maxRetries(0).build()));

    assertThat(response.data().transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void maxRetriesZeroWithA500AndNothingFoundThrowsTheServerExceptionAfterExactlyOnePost() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestNotFound();
    enqueue(200, CREATE_200);

    ServerException e = catchThrowableOfType(ServerException.class, () -> create(track(builder().maxRetries(0).build())));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.error()).isEqualTo(new ApiError("INTERNAL_SERVER_ERROR", "HTTP 500", null));
    assertThat(e.requestId()).isEqualTo("req-post");
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
    assertThat(time.sleeps()).isEmpty();
  }

  // --- a check that fails: unknown, so nothing is resent ---------------------------------------------

  @Test
  void aCheckThatFailsTooThrowsTheOriginalServerExceptionWithTheChecksFailureSuppressed() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    for (int i = 1; i <= 3; i++) {
      server.enqueue(errorResponse(500, "req-check-" + i));
    }
    enqueue(200, CREATE_200);

    ServerException e = catchThrowableOfType(ServerException.class, () -> create(client()));

    assertThat(e.requestId()).as("the POST's failure, not the check's").isEqualTo("req-post");
    assertThat(e.getSuppressed()).hasSize(1);
    assertThat(e.getSuppressed()[0]).isInstanceOfSatisfying(ServerException.class,
        check -> assertThat(check.requestId()).isEqualTo("req-check-3"));
    assertThat(requests()).as("the check is a read, retried as one; the POST is not resent")
        .containsExactly(POST_CREATE, GET_LATEST, GET_LATEST, GET_LATEST);
  }

  // --- the call's deadline bounds everything ----------------------------------------------------------

  @Test
  void callTimeoutEndsAStalledCheckAndThrowsTheOriginalFailureWithoutAResend() throws Exception {
    FakeTime realClock = new FakeTime(true);
    server.enqueue(errorResponse(500, "req-post"));
    server.enqueue(stall());
    enqueue(200, CREATE_200);
    BackfillsClient client = track(builder().timeSource(realClock).callTimeout(Duration.ofMillis(500)).build());

    long started = System.nanoTime();
    ServerException e = catchThrowableOfType(ServerException.class, () -> create(client));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(5)); // generous: without the deadline the stall never ends
    assertThat(e.requestId()).isEqualTo("req-post");
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(TransportException.class);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void callTimeoutEndsAStalledPostWithATransportExceptionAndNoResend() throws Exception {
    FakeTime realClock = new FakeTime(true);
    server.enqueue(stall());
    enqueue(200, CREATE_200);
    BackfillsClient client = track(builder().timeSource(realClock).callTimeout(Duration.ofMillis(300)).build());

    long started = System.nanoTime();
    TransportException e = catchThrowableOfType(TransportException.class, () -> create(client));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(5)); // generous: without the deadline the stall never ends
    assertThat(e.getMessage()).contains("call timeout");
    assertThat(requests()).containsExactly(POST_CREATE);
  }

  @Test
  void retryAfterEndingPastTheCallTimeoutIsNotWaitedNorResent() throws Exception {
    server.enqueue(tooMany("5"));
    enqueue(200, CREATE_200);
    BackfillsClient client = track(builder().callTimeout(Duration.ofSeconds(2)).build());

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> create(client));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(requests()).containsExactly(POST_CREATE);
    assertThat(time.sleeps()).isEmpty();
  }

  // --- async: same exceptions, same sequence ----------------------------------------------------------

  @Test
  void createBackfillAsyncSendsTheSameRequestAndDecodesTheAnswer() throws Exception {
    enqueue(200, CREATE_200);

    Backfill b = await(asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END));

    assertThat(b).isEqualTo(CREATED_EXAMPLE);
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo(CREATE_PATH);
    assertThat(request.getBody().utf8()).isEqualTo(CREATE_BODY);
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void createBackfillAsyncReturnsTheLatestBackfillAfterALost500WithOnePost() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    enqueueLatestSameRange();

    Backfill b = await(asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END));

    assertThat(b.transferBackfillId()).isEqualTo(BACKFILL);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST);
  }

  @Test
  void createBackfillAsyncResendsOnceWhenTheLatestIsNotFound() throws Exception {
    server.enqueue(errorResponse(502, "req-post"));
    enqueueLatestNotFound();
    enqueue(200, CREATE_200);

    Backfill b = await(asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END));

    assertThat(b.status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, POST_CREATE);
  }

  @Test
  void createBackfillAsyncFailsWithTheUnwrapped422OnTheFirstTryWithoutACheck() throws Exception {
    server.enqueue(rangeOverlaps422());
    enqueueLatestSameRange();

    CompletableFuture<Backfill> future = asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END);

    assertThatThrownBy(() -> await(future)).isInstanceOf(ExecutionException.class)
        .cause().isExactlyInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).requestId()).isEqualTo("req-422"));
    assertThat(requests()).containsExactly(POST_CREATE);
  }

  @Test
  void createBackfillAsyncFailsWithTheOriginalServerExceptionWhenTheCheckFailsToo() throws Exception {
    server.enqueue(errorResponse(500, "req-post"));
    for (int i = 1; i <= 3; i++) {
      server.enqueue(errorResponse(500, "req-check-" + i));
    }

    CompletableFuture<Backfill> future = asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END);

    Throwable cause = catchThrowableOfType(ExecutionException.class, () -> await(future)).getCause();
    assertThat(cause).isInstanceOfSatisfying(ServerException.class, e -> {
      assertThat(e.requestId()).isEqualTo("req-post");
      assertThat(e.getSuppressed()).singleElement().isInstanceOf(ServerException.class);
    });
    assertThat(requests()).containsExactly(POST_CREATE, GET_LATEST, GET_LATEST, GET_LATEST);
  }

  @Test
  void createBackfillAsyncResendsAfterAConnectionRefusedBeforeAnythingWasWritten() throws Exception {
    RefuseFirstConnect sockets = new RefuseFirstConnect();
    OkHttpClient http = sockets.httpClient();
    enqueue(200, CREATE_200);
    try {
      BackfillsClient client = track(builder().httpClient(http)
          .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());

      Backfill b = await(client.createBackfillAsync(TEAM, TRANSFER, START, END));

      assertThat(b.status()).isEqualTo(BackfillStatus.CREATED);
      assertThat(sockets.connects.get()).isEqualTo(2);
      assertThat(requests()).containsExactly(POST_CREATE);
    } finally {
      shutDown(http);
    }
  }

  @Test
  void createBackfillAsyncWaitsOutA429OnTheClientsClockAndResendsWithoutACheck() throws Exception {
    server.enqueue(tooMany("1"));
    enqueue(200, CREATE_200);

    // The client runs on the FakeTime: its Retry-After wait and the shared cool-down must advance that
    // clock, not the wall clock (CONTRACT.md, test kit). The 900 ms bound keeps the test from sleeping
    // through the second of real time it would otherwise take.
    CompletableFuture<Backfill> future = asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END);

    Backfill b;
    try {
      b = future.get(900, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not done after 900 ms of wall time: the 1 s Retry-After was waited in real"
          + " time instead of on the client's clock (which moved " + Duration.between(FakeTime.START, time.now())
          + "); requests so far: " + server.getRequestCount(), e);
    }
    assertThat(b.status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(time.now()).as("the client's clock moved through the Retry-After")
        .isAfterOrEqualTo(FakeTime.START.plusSeconds(1));
    assertThat(requests()).containsExactly(POST_CREATE, POST_CREATE);
  }

  @Test
  void createBackfillAsyncJoinCarriesTheForbiddenExceptionAsItsCause() throws Exception {
    server.enqueue(errorResponse(403, "req-403"));

    CompletableFuture<Backfill> future = asyncClient().createBackfillAsync(TEAM, TRANSFER, START, END);

    assertThatThrownBy(future::join).cause().isInstanceOf(BackfillsException.class)
        .isExactlyInstanceOf(typeFor(403));
    assertThat(requests()).containsExactly(POST_CREATE);
  }
}
