package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import dev.backfills.testing.RateLimitHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ten clients in ten "processes" (nothing shared but the token and the server) watch one team for an hour
 * of virtual time against a budget of 100 requests an hour, beside an application's own calls. Each
 * client paces by what the server says is left, so together they stay within the budget.
 */
class SharedBudgetTest {
  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final int WATCHERS = 10;

  private final ManualClock clock = new ManualClock(START);
  private final List<BackfillsClient> clients = new ArrayList<>();
  private FakeBackfillsServer server;

  @AfterEach
  void stop() {
    clients.forEach(BackfillsClient::close);
    if (server != null) {
      server.close();
    }
  }

  private BackfillsClient client(LockstepTime time) {
    BackfillsClient client = BuilderHooks.timeSource(BackfillsClient.builder(), time)
        .baseUrl(server.baseUrl()).token(FakeBackfillsServer.DEFAULT_TOKEN).build();
    clients.add(client);
    return client;
  }

  @Test
  void tenClientsOnOneTokenWatchingForAnHourCauseNoRateLimitAndLeaveRoomForTheApplication() throws Exception {
    server = FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(100)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER).build();
    for (int i = 0; i < 20; i++) {
      server.addBackfill(1, FakeBackfill.builder(JAN_1, JAN_1.plusDays(20 + i))
          .runDuration(Duration.ofSeconds(60 + 9 * i)).build());
    }
    LockstepTime time = new LockstepTime(clock, WATCHERS + 1);
    List<TeamWatch> watches = new ArrayList<>();
    for (int i = 0; i < WATCHERS; i++) {
      watches.add(client(time).watchTeam(1, new BackfillListener() {}));
    }

    // The application, on a client of its own: a list call every 90 s, 40 in the hour.
    BackfillsClient application = client(time);
    AtomicInteger applicationCalls = new AtomicInteger();
    long wallStart = System.nanoTime();
    for (int i = 1; i <= 40; i++) {
      time.sleep(Duration.between(clock.instant(), START.plusSeconds(90L * i - 45)));
      application.listIncompleteBackfills(1);
      applicationCalls.incrementAndGet();
    }
    time.sleep(Duration.between(clock.instant(), START.plus(Duration.ofHours(1))));
    watches.forEach(TeamWatch::close);
    time.leave();

    long watchRequests = watches.stream().mapToLong(TeamWatch::requestsSent).sum();
    long tooMany = server.requestLog().stream().filter(line -> line.endsWith("-> 429")).count();
    System.out.printf("%d clients sharing one token watched for one hour of fake time (100/h budget):"
        + " %d requests by the watches, %d by the application, %d answered 429; %d ms of wall time%n",
        WATCHERS, watchRequests, applicationCalls.get(), tooMany, (System.nanoTime() - wallStart) / 1_000_000);
    assertThat(tooMany).isZero();
    assertThat(applicationCalls.get()).isEqualTo(40);
    assertThat(watchRequests + applicationCalls.get()).isLessThanOrEqualTo(100);
    assertThat(watchRequests).as("the watches did keep polling").isGreaterThanOrEqualTo(WATCHERS * 2);
  }

  @Test
  void aWatchAgainstAServerThatAnnouncesItsBudgetOnlyOnErrorsLeavesHalfOfItToTheApplication() throws Exception {
    // As the vendor's description has it: X-RateLimit-* on error answers only, never on a 200.
    server = FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(100)
        .rateLimitHeaders(RateLimitHeaders.AS_DOCUMENTED).build();
    for (int i = 0; i < 20; i++) {
      server.addBackfill(1, FakeBackfill.builder(JAN_1, JAN_1.plusDays(20 + i))
          .runDuration(Duration.ofSeconds(60 + 9 * i)).build());
    }
    LockstepTime time = new LockstepTime(clock, 2);
    BackfillsClient shared = client(time);
    TeamWatch watch = shared.watchTeam(1, new BackfillListener() {});

    // The application, on the same client, calls every 72 s: half of the hour's budget.
    AtomicInteger applicationCalls = new AtomicInteger();
    for (int i = 1; i <= 50; i++) {
      time.sleep(Duration.between(clock.instant(), START.plusSeconds(72L * i - 36)));
      shared.listIncompleteBackfills(1);
      applicationCalls.incrementAndGet();
    }
    time.sleep(Duration.between(clock.instant(), START.plus(Duration.ofHours(1)).minusSeconds(1)));
    watch.close(); // just before the server's window of an hour ends
    time.leave();

    long tooMany = server.requestLog().stream().filter(line -> line.endsWith("-> 429")).count();
    System.out.printf("a watch for one hour against a server announcing its 100/h budget on errors only:"
        + " %d requests by the watch, %d by the application, %d answered 429%n",
        watch.requestsSent(), applicationCalls.get(), tooMany);
    assertThat(tooMany).isZero();
    assertThat(shared.lastRateLimit()).as("no answer announced the budget").isEmpty();
    assertThat(watch.requestsSent()).isLessThanOrEqualTo(50);
    assertThat(applicationCalls.get()).isEqualTo(50);
  }
}
