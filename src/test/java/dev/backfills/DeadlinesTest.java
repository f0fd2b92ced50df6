package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.TransportException;
import dev.backfills.exception.WaitTimeoutException;
import dev.backfills.internal.TimeSource;
import dev.backfills.model.BackfillStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The timeout of {@code awaitBackfill} bounds every call it makes, their retries and any
 * {@code Retry-After}; {@code callTimeout} bounds one call, its retries and the token provider. Wall-clock
 * tests use real threads and sockets with bounds a loaded two-core machine keeps.
 */
class DeadlinesTest extends ServerTest {
  private static final String RUNNING = Bodies.one(Bodies.backfill(""));

  @Test
  void aWaitOnAStalledServerEndsAtItsTimeoutNotAfterTheReadTimeouts() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(stall());
    }
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).build()); // read timeout 30 s

    long started = System.nanoTime();
    WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class,
        () -> client.awaitBackfill(1, 1, Duration.ofSeconds(2)));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    System.out.printf("awaitBackfill(2 s) on a server that never answers: WaitTimeoutException after %d ms%n",
        took.toMillis());
    assertThat(e.getCause()).isInstanceOf(TransportException.class);
    assertThat(took).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(2).plusSeconds(3));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aWaitOnATricklingBodyEndsAtItsTimeout() {
    server.enqueue(json(200, RUNNING).throttleBody(1, 1, TimeUnit.SECONDS).build());
    BackfillsClient client = track(builder().timeSource(TimeSource.SYSTEM).build());

    long started = System.nanoTime();
    catchThrowableOfType(WaitTimeoutException.class, () -> client.awaitBackfill(1, 1, Duration.ofSeconds(2)));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(5));
  }

  @Test
  void aStallOnFakeTimeEndsTheWaitWithTheLastStateSeen() {
    FakeTime realMonotonic = new FakeTime(true);
    // An announced budget, so the pacing floor (72 s for an unknown one) stays below the interval.
    server.enqueue(json(200, RUNNING).addHeader("X-RateLimit-Limit", "10000")
        .addHeader("X-RateLimit-Remaining", "9999").build());
    server.enqueue(stall());
    BackfillsClient client = track(builder().timeSource(realMonotonic).build());

    WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class,
        () -> client.awaitBackfill(1, 1, Duration.ofSeconds(3)));

    assertThat(e.lastSeen()).isNotNull();
    assertThat(e.lastSeen().status()).isEqualTo(BackfillStatus.RUNNING);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRetryAfterLongerThanWhatIsLeftOfTheWaitIsNotWaitedPastTheTimeout() {
    server.enqueue(tooMany("50"));
    enqueue(200, RUNNING);
    BackfillsClient client = client();

    WaitTimeoutException e = catchThrowableOfType(WaitTimeoutException.class,
        () -> client.awaitBackfill(1, 1, Duration.ofSeconds(5)));

    assertThat(e.getCause()).isInstanceOf(RateLimitException.class);
    assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRetryAfterThatFitsTheWaitIsWaitedOut() {
    server.enqueue(tooMany("3"));
    enqueue(200, Bodies.one(Bodies.backfill("").replace("RUNNING", "COMPLETED")));
    BackfillsClient client = client();

    assertThat(client.awaitBackfill(1, 1, Duration.ofSeconds(10)).status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(time.sleeps()).contains(Duration.ofSeconds(3));
  }

  @Test
  void aTokenProviderThatBlocksCannotHoldACallPastItsCallTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(BackfillsClient.builder().baseUrl(baseUrl("/v1"))
        .callTimeout(Duration.ofMillis(500))
        .tokenProvider(() -> {
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return TOKEN;
        }).build());

    long started = System.nanoTime();
    TransportException e = catchThrowableOfType(TransportException.class, () -> client.getBackfill(1, 2));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    release.countDown();

    System.out.printf("a token provider blocking 20 s under callTimeout(500 ms): the call ended after %d ms%n",
        took.toMillis());
    assertThat(e.getMessage()).contains("call timeout of 500 ms");
    assertThat(took).isLessThan(Duration.ofSeconds(5)); // generous: the provider would hold it 20 s
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void eachCallOfAWaitKeepsItsOwnCallTimeoutToo() {
    FakeTime realMonotonic = new FakeTime(true);
    server.enqueue(stall());
    enqueue(200, Bodies.one(Bodies.backfill("").replace("RUNNING", "COMPLETED")));
    BackfillsClient client = track(builder().timeSource(realMonotonic).callTimeout(Duration.ofMillis(300)).build());

    // The stalled poll ends at the call timeout; the wait goes on and sees the backfill complete.
    assertThat(client.awaitBackfill(1, 1, Duration.ofMinutes(5)).status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
