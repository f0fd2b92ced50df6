package dev.backfills.examples;

// The README's "Test your code with the fake API" tests, printed there from the first import to the
// end; ExamplesTest checks that the README still prints exactly this.

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
import dev.backfills.TeamWatch;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackfillJobTest {
  static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID; // the team DEFAULT_TOKEN may use
  static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  static final LocalDate JAN_31 = LocalDate.of(2024, 1, 31);

  final ManualClock clock = new ManualClock(Instant.parse("2024-03-01T12:00:00Z"));
  final FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
  final BackfillsClient client = server.clientBuilder().build(); // base URL, token, and waits on the clock

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void awaitBackfillWaitsOutAnHourAndA429InMilliseconds() {
    Backfill b = server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_31)
        .runDuration(Duration.ofMinutes(2)) // 31 runs, one every 2 min
        .failRun(LocalDate.of(2024, 1, 15), "Quota exceeded")
        .build());
    server.failNextRateLimited(1, Duration.ofSeconds(60)); // a 429 on the way, Retry-After: 60

    Backfill done = client.awaitBackfill(TEAM, b.transferBackfillId(), Duration.ofHours(2));

    assertEquals(BackfillStatus.FAILED, done.status()); // FAILED is an end, as COMPLETED is
    assertEquals(LocalDate.of(2024, 1, 15), done.errorReport().get(0).transferRunDate());
    assertEquals(Instant.parse("2024-03-01T13:02:00Z"), done.endTime()); // 62 min later, on the clock
  }

  @Test
  void watchTeamFollowsACreatedBackfillToItsEnd() throws InterruptedException {
    server.addTransfer(TEAM, 42);
    client.createBackfill(TEAM, 42, JAN_1, JAN_31); // the fake completes a month in 100 s
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);

    TeamWatch watch = client.watchTeam(TEAM, new BackfillListener() {
      @Override
      public void onNew(Backfill b) {
        seen.add("new " + b.status());
      }

      @Override
      public void onProgress(Backfill before, Backfill now) {
        seen.add(now.status() + " " + now.transferRunsCompleted() + "/" + now.transferRunsTotal());
      }

      @Override
      public void onFinished(Backfill b) {
        seen.add("finished " + b.status());
        finished.countDown();
      }
    });
    assertTrue(finished.await(10, TimeUnit.SECONDS)); // real seconds, at most: it takes milliseconds
    watch.close(); // no callback runs after close() returns

    // The fake, like the vendor's API description, announces the budget on errors only: a client that
    // has seen none assumes 100 requests an hour, so the watch polls every 72 s (of fake time here).
    assertEquals(List.of("new CREATED", "RUNNING 20/31", "finished COMPLETED"), seen);
  }
}
