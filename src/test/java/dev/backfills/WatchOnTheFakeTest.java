package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import dev.backfills.testing.RateLimitHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Watches through the public test kit: on the fake's clock an hour of watching takes wall-clock
 * milliseconds and sends exactly the requests it would in real time; a full list (the API returns at most
 * 100) does not make still-running backfills look finished.
 */
class WatchOnTheFakeTest {
  private static final Instant START = Instant.parse("2024-03-01T12:00:00Z");
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;

  /** Counts finishes, once per backfill, and lets the test wait for all of them. */
  private static final class Finishes implements BackfillListener {
    final Map<Long, Backfill> finished = new ConcurrentHashMap<>();
    final List<Backfill> all = new CopyOnWriteArrayList<>();
    final CountDownLatch done;
    final CountDownLatch firstHundredSeen = new CountDownLatch(100);
    volatile TeamWatch closeWhenDone;

    @Override
    public void onNew(Backfill backfill) {
      firstHundredSeen.countDown();
    }

    Finishes(int expected) {
      done = new CountDownLatch(expected);
    }

    @Override
    public void onFinished(Backfill finalState) {
      all.add(finalState);
      if (finished.putIfAbsent(finalState.transferBackfillId(), finalState) == null) {
        done.countDown();
        TeamWatch watch = closeWhenDone;
        if (done.getCount() == 0 && watch != null) {
          watch.close(); // on the watch's own thread: no poll follows the last finish
        }
      }
    }
  }

  @Test
  void aWatchOfTwentyHourLongBackfillsOnTheFakesClockSeesThemAllFinish() throws Exception {
    ManualClock clock = new ManualClock(START);
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
        BackfillsClient client = server.clientBuilder().build()) {
      for (int i = 0; i < 20; i++) {
        server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(59))
            .runDuration(Duration.ofSeconds(60 + i)).build());
      }
      Finishes finishes = new Finishes(20);

      long started = System.nanoTime();
      TeamWatch watch = client.watchTeam(TEAM, finishes);
      finishes.closeWhenDone = watch;
      assertThat(finishes.done.await(30, TimeUnit.SECONDS)).isTrue();
      ((dev.backfills.internal.TeamWatcher) watch).awaitEnd();
      Duration wall = Duration.ofNanos(System.nanoTime() - started);

      System.out.printf("clientBuilder: watchTeam over 20 backfills of an hour: %s of fake time, %d ms of wall"
          + " time, %d requests%n", Duration.between(START, clock.instant()), wall.toMillis(), watch.requestsSent());
      assertThat(finishes.finished.values()).allSatisfy(b -> assertThat(b.status()).isEqualTo(BackfillStatus.COMPLETED));
      assertThat(clock.instant()).isAfter(START.plus(Duration.ofHours(1)));
      assertThat(watch.requestsSent()).isEqualTo(server.requestCount());
      assertThat(wall).isLessThan(Duration.ofSeconds(20)); // generous: speed is for the benchmarks
    }
  }

  /** Five backfills of 1.5 to 7.5 s; the watch closes itself on the last finish. Its cost, on {@code clock}. */
  private static long costOfWatchingFiveShortBackfills(Clock serverClock, boolean fakeTime) throws Exception {
    FakeBackfillsServer.Builder fake = FakeBackfillsServer.builder().clock(serverClock)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER); // learns the 10,000/h budget: polls every 2 s
    try (FakeBackfillsServer server = fake.build();
        BackfillsClient client = fakeTime ? server.clientBuilder().build()
            : BackfillsClient.builder().baseUrl(server.baseUrl()).token(FakeBackfillsServer.DEFAULT_TOKEN).build()) {
      for (int i = 0; i < 5; i++) {
        // Finishing half-way between polls, so that a few milliseconds of real-time drift change nothing.
        server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(2))
            .runDuration(Duration.ofMillis(500 + 500L * i)).build());
      }
      Finishes finishes = new Finishes(5);
      TeamWatch watch = client.watchTeam(TEAM, finishes);
      finishes.closeWhenDone = watch;
      assertThat(finishes.done.await(60, TimeUnit.SECONDS)).isTrue();
      ((dev.backfills.internal.TeamWatcher) watch).awaitEnd();
      return watch.requestsSent();
    }
  }

  @Test
  void aWatchOnTheFakesClockSendsTheRequestsItSendsInRealTime() throws Exception {
    long real = costOfWatchingFiveShortBackfills(Clock.systemUTC(), false);
    long fake = costOfWatchingFiveShortBackfills(new ManualClock(START), true);

    System.out.printf("the same watch: %d requests in real time, %d on the fake's clock%n", real, fake);
    assertThat(fake).isEqualTo(real);
  }

  @Test
  void backfillsThatDropOffAFullListWhileRunningAreFollowedUntilTheyFinish() throws Exception {
    ManualClock clock = new ManualClock(START);
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
        BackfillsClient client = server.clientBuilder().build()) {
      for (int i = 0; i < 100; i++) {
        // The oldest five run longest: they are the ones newer backfills will push off the list of 100.
        server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(9))
            .createdAt(START.plusSeconds(i)).runDuration(Duration.ofHours(i < 5 ? 3 : 1)).build());
      }
      Finishes finishes = new Finishes(105);
      TeamWatch watch = client.watchTeam(TEAM, finishes);
      finishes.closeWhenDone = watch;
      assertThat(finishes.firstHundredSeen.await(30, TimeUnit.SECONDS)).isTrue();

      // Newer than all hundred, even when the watch has not yet moved the clock past them: a backfill the
      // full list never shows is one no watch can know of.
      clock.advance(Duration.ofMinutes(2));
      for (int i = 0; i < 5; i++) {
        server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(9)).runDuration(Duration.ofHours(1)).build());
      }
      assertThat(finishes.done.await(30, TimeUnit.SECONDS)).isTrue();
      ((dev.backfills.internal.TeamWatcher) watch).awaitEnd();

      // Each reported once, and only when a read showed it COMPLETED: not when it left the full list.
      assertThat(finishes.all).hasSize(105).allSatisfy(b -> assertThat(b.status()).isEqualTo(BackfillStatus.COMPLETED));
      assertThat(finishes.all.stream().filter(b -> b.transferRunsCompleted() == 10)).hasSize(105);
    }
  }
}
