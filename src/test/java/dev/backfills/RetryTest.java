package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.TransportException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.internal.TimeSource;
import dev.backfills.model.Backfill;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is retried, how often, and how long the client waits in between (on a fake clock). */
class RetryTest extends ServerTest {

  private static MockResponse status(int code) {
    return json(code, Bodies.withoutDescription("E", "e")).build();
  }

  private static MockResponse tooManyRequests(String retryAfter) {
    MockResponse.Builder b = json(429, Bodies.LIST_429);
    if (retryAfter != null) {
      b.addHeader("Retry-After", retryAfter);
    }
    return b.build();
  }

  private static MockResponse ok() {
    return json(200, Bodies.GET_200).build();
  }

  // --- 5xx ---

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void serverErrorThenSuccessSucceedsOnTheSecondRequest(int code) {
    server.enqueue(status(code));
    server.enqueue(ok());

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 2);

    assertThat(response.data().transferBackfillId()).isEqualTo(12345L);
    assertThat(response.attempts()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void twoServerErrorsThenSuccessUsesAllDefaultRetries() {
    server.enqueue(status(503));
    server.enqueue(status(500));
    server.enqueue(ok());

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 2);

    assertThat(response.attempts()).isEqualTo(3);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void listIsRetriedToo() {
    server.enqueue(status(502));
    server.enqueue(json(200, Bodies.LIST_200).build());

    assertThat(client().listIncompleteBackfills(1)).hasSize(3);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serverErrorsBeyondDefaultRetriesThrowServerExceptionAfterThreeRequests() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(status(503));
    }

    ServerException e = catchThrowableOfType(ServerException.class, () -> client().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void serverErrorsBeyondConfiguredRetriesThrowAfterMaxRetriesPlusOneRequests() {
    for (int i = 0; i < 6; i++) {
      server.enqueue(status(500));
    }

    assertThatThrownBy(() -> track(builder().maxRetries(4).build()).getBackfill(1, 2))
        .isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void maxRetriesZeroSendsExactlyOneRequest() {
    server.enqueue(status(500));
    server.enqueue(ok());

    assertThatThrownBy(() -> track(builder().maxRetries(0).build()).getBackfill(1, 2))
        .isInstanceOf(ServerException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void lastErrorIsTheOneThrown() {
    server.enqueue(status(500));
    server.enqueue(status(502));
    server.enqueue(json(503, Bodies.withoutDescription("SERVICE_UNAVAILABLE", "down")).build());

    ServerException e = catchThrowableOfType(ServerException.class, () -> client().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(503);
    assertThat(e.error().code()).isEqualTo("SERVICE_UNAVAILABLE");
  }

  @Test
  void backoffWaitsStayWithinTheExponentialBounds() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(status(500));
    }
    BackfillsClient client = track(builder().maxRetries(4)
        .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(300)).build());

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(ServerException.class);

    List<Duration> sleeps = time.sleeps();
    assertThat(sleeps).hasSize(4);
    long[] boundsMillis = {100, 200, 300, 300};
    for (int i = 0; i < 4; i++) {
      assertThat(sleeps.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(boundsMillis[i]));
    }
  }

  @Test
  void zeroBackoffRetriesWithoutWaiting() {
    server.enqueue(status(500));
    server.enqueue(ok());
    BackfillsClient client = track(builder().retryBackoff(Duration.ZERO, Duration.ZERO).build());

    client.getBackfill(1, 2);

    assertThat(time.sleeps()).containsExactly(Duration.ZERO);
  }

  // --- 4xx ---

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 422})
  void clientErrorsAreNeverRetried(int code) {
    server.enqueue(status(code));
    server.enqueue(ok());

    assertThatThrownBy(() -> client().getBackfill(1, 2)).isInstanceOf(BackfillsException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void unauthorizedForbiddenAndNotFoundKeepTheirTypesWithoutRetry() {
    server.enqueue(status(401));
    server.enqueue(status(403));
    server.enqueue(status(404));
    BackfillsClient client = client();

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(NotFoundException.class);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  // --- 429 ---

  @Test
  void tooManyRequestsWithRetryAfterSecondsWaitsExactlyThatLong() {
    server.enqueue(tooManyRequests("3"));
    server.enqueue(ok());

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 2);

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void tooManyRequestsWithRetryAfterHttpDateWaitsUntilThatDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(FakeTime.START.plusSeconds(5).atOffset(ZoneOffset.UTC));
    server.enqueue(tooManyRequests(date));
    server.enqueue(ok());

    client().getBackfill(1, 2);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void tooManyRequestsWithAnHttpDateInThePastRetriesAtOnce() {
    server.enqueue(tooManyRequests("Thu, 01 Jan 2015 00:00:00 GMT"));
    server.enqueue(ok());

    client().getBackfill(1, 2);

    assertThat(time.sleeps()).containsExactly(Duration.ZERO);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void tooManyRequestsWithoutRetryAfterBacksOffWithinTheConfiguredBound() {
    server.enqueue(tooManyRequests(null));
    server.enqueue(ok());
    BackfillsClient client = track(builder().retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build());

    client.getBackfill(1, 2);

    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5", "1.5", "3 s", "Thu, 99 Foo 2015"})
  void tooManyRequestsWithGarbageRetryAfterBacksOffWithinTheConfiguredBound(String garbage) {
    server.enqueue(tooManyRequests(garbage));
    server.enqueue(ok());
    BackfillsClient client = track(builder().retryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build());

    client.getBackfill(1, 2);

    assertThat(time.sleeps()).hasSize(1);
    assertThat(time.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
  }

  @Test
  void retryAfterLongerThanMaxRetryWaitThrowsAtOnceWithRetryAfter() {
    server.enqueue(tooManyRequests("120"));
    server.enqueue(ok());

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client().getBackfill(1, 2));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.requestId()).isEqualTo(Bodies.LIST_ERROR_REQUEST_ID);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void retryAfterLongerThanAConfiguredMaxRetryWaitThrowsAtOnce() {
    server.enqueue(tooManyRequests("3"));
    BackfillsClient client = track(builder().maxRetryWait(Duration.ofSeconds(2)).build());

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client.getBackfill(1, 2));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retryAfterEqualToMaxRetryWaitIsWaited() {
    server.enqueue(tooManyRequests("60"));
    server.enqueue(ok());

    client().getBackfill(1, 2);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void absurdlyLongRetryAfterFailsFastClampedToADay() {
    server.enqueue(tooManyRequests("99999999999999999999"));

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client().getBackfill(1, 2));

    assertThat(e.retryAfter()).contains(Duration.ofDays(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anAbsurdRetryAfterPausesTheClientForADayAtMost() {
    server.enqueue(tooManyRequests("99999999999999999999"));
    BackfillsClient client = client();
    catchThrowableOfType(RateLimitException.class, () -> client.getBackfill(1, 2));

    time.advance(Duration.ofDays(1).plusSeconds(1));
    enqueue(200, Bodies.GET_200);

    assertThat(client.getBackfill(1, 2).transferBackfillId()).isEqualTo(12345);
  }

  @Test
  void tooManyRequestsBeyondRetriesThrowsRateLimitExceptionWithTheLastRetryAfter() {
    server.enqueue(tooManyRequests("1"));
    server.enqueue(tooManyRequests("2"));
    server.enqueue(tooManyRequests("4"));

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client().getBackfill(1, 2));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  // --- I/O failures ---

  @Test
  void connectionDroppedBeforeTheAnswerIsRetried() {
    server.enqueue(disconnectAtStart());
    server.enqueue(ok());

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 2);

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(response.data().transferBackfillId()).isEqualTo(12345L);
  }

  @Test
  void connectionDroppedEveryTimeThrowsTransportExceptionWithCause() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(disconnectAtStart());
    }

    TransportException e = catchThrowableOfType(TransportException.class, () -> client().getBackfill(1, 2));

    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(e.getMessage()).contains("/v1/teams/1/backfills/2").doesNotContain(TOKEN);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void successBodyCutOffMidTransferIsRetried() {
    server.enqueue(json(200, Bodies.GET_200).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    server.enqueue(ok());

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 2);

    assertThat(response.attempts()).isEqualTo(2);
    assertThat(response.data().transferBackfillId()).isEqualTo(12345L);
  }

  @Test
  void successBodyCutOffEveryTimeThrowsTransportExceptionNotMalformed() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(json(200, Bodies.GET_200).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
    }

    TransportException e =
        catchThrowableOfType(TransportException.class, () -> track(builder().maxRetries(1).build()).getBackfill(1, 2));

    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void connectionRefusedIsATransportExceptionAfterRetries() throws Exception {
    String deadUrl = baseUrl("/v1");
    server.close();
    BackfillsClient client = track(BackfillsClient.builder().token(TOKEN).baseUrl(deadUrl).timeSource(time).build());

    TransportException e = catchThrowableOfType(TransportException.class, () -> client.getBackfill(1, 2));

    assertThat(e.getCause()).isInstanceOf(IOException.class);
    assertThat(time.sleeps()).hasSize(2);
  }

  @Test
  void errorBodyCutOffMidTransferStillMapsTheStatus() {
    server.enqueue(json(404, Bodies.GET_404).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());

    NotFoundException e = catchThrowableOfType(NotFoundException.class, () -> client().getBackfill(1, 2));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // --- interruption ---

  @Test
  void callOnAnInterruptedThreadThrowsBackfillsExceptionAndKeepsTheInterruptFlag() {
    server.enqueue(ok());
    BackfillsClient client = client();

    Thread.currentThread().interrupt();
    Throwable thrown;
    boolean stillInterrupted;
    try {
      thrown = org.assertj.core.api.Assertions.catchThrowable(() -> client.getBackfill(1, 2));
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    // OkHttp 5 may surface the interrupt as an undeclared InterruptedException while it connects.
    assertThat(thrown).isInstanceOf(BackfillsException.class);
    assertThat(thrown.getCause()).isInstanceOfAny(InterruptedException.class, java.io.InterruptedIOException.class);
    assertThat(stillInterrupted).as("interrupt flag restored").isTrue();
    assertThat(time.sleeps()).as("an interrupted call is not retried").isEmpty();
  }

  @Test
  void interruptDuringARetryWaitThrowsAndRestoresTheInterruptFlag() {
    server.enqueue(status(503));
    TimeSource interrupting = new TimeSource() {
      @Override
      public Instant now() {
        return time.now();
      }

      @Override
      public long nanoTime() {
        return time.nanoTime();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        throw new InterruptedException("test");
      }
    };
    BackfillsClient client = track(builder().timeSource(interrupting).build());

    try {
      BackfillsException e = catchThrowableOfType(BackfillsException.class, () -> client.getBackfill(1, 2));
      assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
