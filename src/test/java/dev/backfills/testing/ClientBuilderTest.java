package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
import dev.backfills.TeamWatch;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link FakeBackfillsServer#clientBuilder()} as a user's test sees it, through the public API only: a
 * client on the server's {@link ManualClock} whose waits move that clock, so hours of fake time pass in
 * wall-clock milliseconds. Wall times are printed, and bounded only generously: speed is measured by
 * the benchmarks, not here.
 */
class ClientBuilderTest {
  private static final Instant START = Instant.parse("2024-03-01T12:00:00Z");
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;

  @Test
  void awaitBackfillOnTheManualClockRidesOutARetryAfterAndCompletesAnHourLongBackfill() {
    ManualClock clock = new ManualClock(START);
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
        BackfillsClient client = server.clientBuilder().build()) {
      long id = server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(59))
          .runDuration(Duration.ofMinutes(1)).build()).transferBackfillId();
      server.failNextRateLimited(1, Duration.ofSeconds(60));

      long started = System.nanoTime();
      Backfill done = client.awaitBackfill(TEAM, id, Duration.ofHours(2));
      Duration wall = Duration.ofNanos(System.nanoTime() - started);

      System.out.printf("clientBuilder on a ManualClock: awaitBackfill over %s of fake time took %d ms of wall"
          + " time and %d requests%n", Duration.between(START, clock.instant()), wall.toMillis(),
          server.requestCount());
      assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
      assertThat(done.endTime()).isEqualTo(START.plus(Duration.ofHours(1)));
      assertThat(server.requestLog()).first().isEqualTo("GET /v1/teams/1/backfills/" + id + " -> 429");
      assertThat(clock.instant()).isAfterOrEqualTo(START.plus(Duration.ofHours(1)));
      assertThat(wall).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void theRetryAfterIsWaitedOnTheClockBeforeTheNextRequest() {
    ManualClock clock = new ManualClock(START);
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
        BackfillsClient client = server.clientBuilder().build()) {
      server.failNextRateLimited(1, Duration.ofSeconds(45));

      client.listIncompleteBackfills(TEAM);

      assertThat(server.requestCount()).isEqualTo(2);
      assertThat(clock.instant()).isAfterOrEqualTo(START.plusSeconds(45));
    }
  }

  @Test
  void aWatchOnTheManualClockSeesEveryBackfillFinishWhileTheTestThreadWaits() throws InterruptedException {
    ManualClock clock = new ManualClock(START);
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
        BackfillsClient client = server.clientBuilder().build()) {
      for (int i = 0; i < 10; i++) {
        server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(10 + i))
            .runDuration(Duration.ofMinutes(1)).build());
      }
      Set<Long> finished = ConcurrentHashMap.newKeySet();
      CountDownLatch allFinished = new CountDownLatch(10);

      long started = System.nanoTime();
      try (TeamWatch watch = client.watchTeam(TEAM, new BackfillListener() {
        @Override
        public void onFinished(Backfill finalState) {
          if (finished.add(finalState.transferBackfillId())) {
            allFinished.countDown();
          }
        }
      })) {
        assertThat(allFinished.await(30, TimeUnit.SECONDS)).isTrue();
      }

      System.out.printf("clientBuilder on a ManualClock: watchTeam over 10 backfills, %s of fake time, %d ms of"
          + " wall time, %d requests%n", Duration.between(START, clock.instant()),
          (System.nanoTime() - started) / 1_000_000, server.requestCount());
      assertThat(clock.instant()).isAfterOrEqualTo(START.plus(Duration.ofMinutes(20)));
    }
  }

  @Test
  void onTheSystemClockTheBuilderReachesTheServerWithTheDefaultToken() {
    try (FakeBackfillsServer server = FakeBackfillsServer.start();
        BackfillsClient client = server.clientBuilder().build()) {
      long id = server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1).build()).transferBackfillId();

      assertThat(client.getBackfill(TEAM, id).transferBackfillId()).isEqualTo(id);
      assertThat(server.requestLog()).containsExactly("GET /v1/teams/1/backfills/" + id + " -> 200");
    }
  }
}
