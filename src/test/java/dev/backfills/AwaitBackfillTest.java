package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.WaitTimeoutException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import dev.backfills.testing.RateLimitHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code awaitBackfill} against the fake API, on a fake clock shared by client and server. */
class AwaitBackfillTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);

  private final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T12:00:00Z"));
  private final FakeTime time = new FakeTime(clock);
  // The pacing tests below assume a budget of 100 an hour that the client learns from every answer.
  private final FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock)
      .rateLimitPerHour(100).rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER).build();
  private final BackfillsClient client = BackfillsClient.builder()
      .baseUrl(server.baseUrl())
      .token(FakeBackfillsServer.DEFAULT_TOKEN)
      .timeSource(time)
      .build();

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void returnsTheCompletedStateOfABackfillThatFinishes() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(9)).runDuration(Duration.ofMinutes(1)));

    Backfill done = client.awaitBackfill(TEAM, id, Duration.ofHours(1));

    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(done.transferRunsCompleted()).isEqualTo(10);
  }

  @Test
  void anHourLongBackfillCostsAtMostFortyRequests() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(59)).runDuration(Duration.ofMinutes(1)));

    Backfill done = client.awaitBackfill(TEAM, id, Duration.ofHours(2));

    int requests = server.requestCount();
    System.out.printf("awaitBackfill on a 60-minute backfill: %d requests, finished %s after creation%n",
        requests, Duration.between(Instant.parse("2024-03-01T12:00:00Z"), clock.instant()));
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(requests).isLessThanOrEqualTo(40);
  }

  @Test
  void neverPollsFasterThanHalfTheHourlyBudget() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(59)).runDuration(Duration.ofMinutes(1)));

    client.awaitBackfill(TEAM, id, Duration.ofHours(2), PollingOptions.defaults().withMaxInterval(Duration.ofSeconds(2)));

    // The fake's budget is 100 an hour, so half of it is one request per 72 s after the first answer.
    assertThat(time.sleeps()).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(72)));
    assertThat(server.requestCount()).isLessThanOrEqualTo(52);
  }

  @Test
  void returnsAFailedBackfillWithItsErrorReport() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(2)).runDuration(Duration.ofMinutes(1))
        .failRun(JAN_1.plusDays(1), "Quota exceeded"));

    Backfill failed = client.awaitBackfill(TEAM, id, Duration.ofHours(1));

    assertThat(failed.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(failed.errorReport()).singleElement()
        .satisfies(e -> assertThat(e.error()).isEqualTo("Quota exceeded"));
  }

  @Test
  void returnsACancelledBackfill() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(59)).runDuration(Duration.ofMinutes(1))
        .cancelAfter(Duration.ofMinutes(10)));

    assertThat(client.awaitBackfill(TEAM, id, Duration.ofHours(1)).status()).isEqualTo(BackfillStatus.CANCELLED);
  }

  @Test
  void timesOutWithTheLastStateSeen() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(59)).runDuration(Duration.ofMinutes(1)));

    assertThatThrownBy(() -> client.awaitBackfill(TEAM, id, Duration.ofMinutes(10)))
        .isInstanceOfSatisfying(WaitTimeoutException.class, e -> {
          assertThat(e.lastSeen()).isNotNull();
          assertThat(e.lastSeen().status()).isEqualTo(BackfillStatus.RUNNING);
          assertThat(e.lastSeen().transferRunsCompleted()).isBetween(1, 10);
          assertThat(e.getMessage()).contains("did not finish within");
        });
  }

  @Test
  void ridesOutServerErrorsUntilTheBackfillFinishes() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(2)).runDuration(Duration.ofMinutes(1)));
    server.failNext(5, 503);

    assertThat(client.awaitBackfill(TEAM, id, Duration.ofHours(1)).status()).isEqualTo(BackfillStatus.COMPLETED);
  }

  @Test
  void aMissingBackfillEndsTheWaitAtOnce() {
    assertThatThrownBy(() -> client.awaitBackfill(TEAM, 999_999, Duration.ofHours(1)))
        .isInstanceOf(NotFoundException.class);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void anInterruptRestoresTheFlagAndThrowsWithTheCause() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(59)).runDuration(Duration.ofMinutes(1)));
    time.at(clock.instant().plusSeconds(1), () -> Thread.currentThread().interrupt());

    try {
      assertThatThrownBy(() -> client.awaitBackfill(TEAM, id, Duration.ofHours(1)))
          .isExactlyInstanceOf(BackfillsException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void refusesIdsBelowOneBeforeSendingAnything() {
    assertThatThrownBy(() -> client.awaitBackfill(0, 1, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teamId");
    assertThatThrownBy(() -> client.awaitBackfill(1, -5, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backfillId");
    assertThat(server.requestCount()).isZero();
  }

  private long add(FakeBackfill.Builder plan) {
    return server.addBackfill(TEAM, plan.build()).transferBackfillId();
  }
}
