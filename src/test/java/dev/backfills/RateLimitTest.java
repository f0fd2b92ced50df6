package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The X-RateLimit-* budget the client reports, and the pause a 429 imposes on all of a client's calls. */
class RateLimitTest extends ServerTest {

  private static MockResponse withBudget(int code, String body, String limit, String remaining) {
    return json(code, body)
        .addHeaderLenient("X-RateLimit-Limit", limit)
        .addHeaderLenient("X-RateLimit-Remaining", remaining)
        .build();
  }

  // --- lastRateLimit ---

  @Test
  void lastRateLimitIsEmptyBeforeAnyCall() {
    assertThat(client().lastRateLimit()).isEmpty();
  }

  @Test
  void lastRateLimitIsEmptyAfterAnswersWithoutBudgetHeaders() {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = client();

    client.getBackfill(1, 2);

    assertThat(client.lastRateLimit()).isEmpty();
  }

  @Test
  void lastRateLimitComesFromASuccessfulAnswer() {
    server.enqueue(withBudget(200, Bodies.GET_200, "100", "49"));
    BackfillsClient client = client();

    client.getBackfill(1, 2);

    assertThat(client.lastRateLimit()).contains(new RateLimit(100, 49));
  }

  @Test
  void lastRateLimitComesFromAnErrorAnswer() {
    server.enqueue(withBudget(401, Bodies.LIST_401, "100", "12"));
    BackfillsClient client = client();

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(UnauthorizedException.class);

    assertThat(client.lastRateLimit()).contains(new RateLimit(100, 12));
  }

  @Test
  void lastRateLimitComesFromARetriedServerError() {
    server.enqueue(withBudget(500, Bodies.LIST_500, "100", "30"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = client();

    client.getBackfill(1, 2);

    assertThat(client.lastRateLimit()).contains(new RateLimit(100, 30));
  }

  @Test
  void lastRateLimitFollowsTheNewestAnswer() {
    server.enqueue(withBudget(200, Bodies.GET_200, "100", "49"));
    server.enqueue(withBudget(200, Bodies.LIST_EMPTY, "100", "48"));
    server.enqueue(withBudget(200, Bodies.GET_200, "5000", "4999"));
    BackfillsClient client = client();

    client.getBackfill(1, 2);
    client.listIncompleteBackfills(1);
    assertThat(client.lastRateLimit()).contains(new RateLimit(100, 48));
    client.getBackfill(1, 2);
    assertThat(client.lastRateLimit()).contains(new RateLimit(5000, 4999));
  }

  @Test
  void rateLimitIsSharedByTheClientNotByOtherClients() {
    server.enqueue(withBudget(200, Bodies.GET_200, "100", "49"));
    BackfillsClient first = client();
    BackfillsClient second = client();

    first.getBackfill(1, 2);

    assertThat(second.lastRateLimit()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1e3", "12.5", "+7", "0x10", "9999999999", "49 requests", "４９"})
  void garbledBudgetHeadersAreIgnoredAndTheLastGoodValueKept(String garbled) {
    server.enqueue(withBudget(200, Bodies.GET_200, "100", "49"));
    server.enqueue(withBudget(200, Bodies.GET_200, "100", garbled));
    server.enqueue(withBudget(200, Bodies.GET_200, garbled, "47"));
    BackfillsClient client = client();

    client.getBackfill(1, 2);
    ApiResponse<Backfill> second = client.getBackfillWithResponse(1, 2);
    ApiResponse<Backfill> third = client.getBackfillWithResponse(1, 2);

    assertThat(second.rateLimit()).isNull();
    assertThat(third.rateLimit()).isNull();
    assertThat(client.lastRateLimit()).contains(new RateLimit(100, 49));
  }

  @Test
  void onlyOneOfTheTwoHeadersIsIgnored() {
    server.enqueue(json(200, Bodies.GET_200).addHeader("X-RateLimit-Remaining", "3").build());
    BackfillsClient client = client();

    ApiResponse<Backfill> r = client.getBackfillWithResponse(1, 2);

    assertThat(r.rateLimit()).isNull();
    assertThat(client.lastRateLimit()).isEmpty();
  }

  @Test
  void zeroRemainingIsAValidBudget() {
    server.enqueue(withBudget(200, Bodies.GET_200, "100", "0"));
    BackfillsClient client = client();

    assertThat(client.getBackfillWithResponse(1, 2).rateLimit()).isEqualTo(new RateLimit(100, 0));
    assertThat(client.lastRateLimit()).contains(new RateLimit(100, 0));
  }

  @Test
  void responseRateLimitOfTheListIsThatAnswersHeaders() {
    server.enqueue(withBudget(200, Bodies.LIST_EMPTY, "10000", "9998"));

    assertThat(client().listIncompleteBackfillsWithResponse(1).rateLimit()).isEqualTo(new RateLimit(10000, 9998));
  }

  // --- the shared pause after a 429 ---

  @Test
  void afterARetryAfterBeyondMaxRetryWaitTheNextCallThrowsWithoutSending() {
    server.enqueue(tooMany("120"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = client();
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client.listIncompleteBackfills(1));

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(e.statusCode()).isEqualTo(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void thePauseHoldsForCallsFromOtherThreads() throws Exception {
    server.enqueue(tooMany("600"));
    BackfillsClient client = client();
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);

    Throwable fromOtherThread = CompletableFuture
        .supplyAsync(() -> {
          try {
            client.getBackfill(1, 2);
            return null;
          } catch (RuntimeException e) {
            return e;
          }
        })
        .get(5, TimeUnit.SECONDS);

    assertThat(fromOtherThread).isInstanceOf(RateLimitException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theRemainingPauseIsReportedAsTimePasses() {
    server.enqueue(tooMany("120"));
    BackfillsClient client = client();
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);
    time.advance(Duration.ofSeconds(50));

    RateLimitException e = catchThrowableOfType(RateLimitException.class, () -> client.getBackfill(1, 2));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(70));
  }

  @Test
  void afterThePauseHasPassedCallsAreSentAgain() {
    server.enqueue(tooMany("120"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = client();
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);
    time.advance(Duration.ofSeconds(121));

    assertThat(client.getBackfill(1, 2).transferBackfillId()).isEqualTo(12345L);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void afterAShortRetryAfterTheNextCallWaitsItOutFirst() {
    server.enqueue(tooMany("2"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().maxRetries(0).build());
    RateLimitException first = catchThrowableOfType(RateLimitException.class, () -> client.getBackfill(1, 2));
    assertThat(first.retryAfter()).contains(Duration.ofSeconds(2));

    Backfill b = client.getBackfill(1, 2);

    assertThat(b.transferBackfillId()).isEqualTo(12345L);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theNextCallWaitsOnlyWhatIsLeftOfThePause() {
    server.enqueue(tooMany("5"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().maxRetries(0).build());
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);
    time.advance(Duration.ofSeconds(3));

    client.getBackfill(1, 2);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aPauseLongerThanWhatIsLeftOfTheCallTimeoutIsNotWaited() {
    server.enqueue(tooMany("30"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().maxRetries(0).callTimeout(Duration.ofSeconds(10)).build());
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);

    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);

    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void aTooManyRequestsWithoutRetryAfterImposesNoPause() {
    server.enqueue(json(429, Bodies.LIST_429).build());
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient client = track(builder().maxRetries(0).build());
    assertThatThrownBy(() -> client.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);

    client.getBackfill(1, 2);

    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void thePauseIsPerClient() {
    server.enqueue(tooMany("600"));
    server.enqueue(json(200, Bodies.GET_200).build());
    BackfillsClient paused = client();
    BackfillsClient other = client();
    assertThatThrownBy(() -> paused.getBackfill(1, 2)).isInstanceOf(RateLimitException.class);

    assertThat(other.getBackfill(1, 2).transferBackfillId()).isEqualTo(12345L);
  }
}
