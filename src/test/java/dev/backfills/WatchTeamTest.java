package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import dev.backfills.testing.RateLimitHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code watchTeam} against the fake API, on a fake clock that the watch's own waits move forward. */
class WatchTeamTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final Instant START = Instant.parse("2024-03-01T12:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final FakeTime time = new FakeTime(clock);
  private FakeBackfillsServer server;
  private BackfillsClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private void start(FakeBackfillsServer.Builder fake) {
    server = fake.clock(clock).build();
    client = BackfillsClient.builder()
        .baseUrl(server.baseUrl())
        .token(FakeBackfillsServer.DEFAULT_TOKEN)
        .timeSource(time)
        .build();
  }

  @Test
  void reportsEachBackfillNewThenProgressThenFinishedOnce() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(10_000));
    long done = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(4)).runDuration(Duration.ofSeconds(30)));
    long cancelled = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(99)).runDuration(Duration.ofSeconds(30))
        .cancelAfter(Duration.ofMinutes(1)));
    Recorder recorder = new Recorder(2);

    try (TeamWatch watch = client.watchTeam(TEAM, recorder)) {
      assertThat(recorder.finished.await(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(recorder.events(done)).startsWith("new").endsWith("finished COMPLETED").contains("progress");
    assertThat(recorder.events(cancelled)).startsWith("new").endsWith("finished CANCELLED");
    assertThat(recorder.events(done)).filteredOn(e -> e.startsWith("new")).hasSize(1);
    assertThat(recorder.events(done)).filteredOn(e -> e.startsWith("finished")).hasSize(1);
    assertThat(recorder.errors).isEmpty();
  }

  @Test
  void reportsAFailedBackfillAsProgressBecauseItStaysIncomplete() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(10_000));
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(1)).runDuration(Duration.ofSeconds(10))
        .failRun(JAN_1, "Connection timeout to data source"));
    CountDownLatch failed = new CountDownLatch(1);
    List<Backfill> seen = Collections.synchronizedList(new ArrayList<>());

    try (TeamWatch watch = client.watchTeam(TEAM, new BackfillListener() {
      @Override
      public void onProgress(Backfill previous, Backfill current) {
        seen.add(current);
        if (current.status() == BackfillStatus.FAILED) {
          failed.countDown();
        }
      }
    })) {
      assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
    }
    Backfill last = seen.get(seen.size() - 1);
    assertThat(last.transferBackfillId()).isEqualTo(id);
    assertThat(last.errorReport()).singleElement()
        .satisfies(e -> assertThat(e.transferRunDate()).isEqualTo(JAN_1));
  }

  @Test
  void watchingAHundredBackfillsCostsOneRequestPerPollPlusOnePerBackfill() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(10_000));
    for (int i = 0; i < 100; i++) {
      add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(5 + i % 25))
          .runDuration(Duration.ofSeconds(20 + 7 * (i % 11)))
          .startAfter(Duration.ofSeconds(i % 13)));
    }
    Recorder recorder = new Recorder(100);

    try (TeamWatch watch = client.watchTeam(TEAM, recorder)) {
      recorder.closeWhenDone.set(watch); // stops on the watch's own thread, so no poll follows the last finish
      assertThat(recorder.finished.await(60, TimeUnit.SECONDS)).isTrue();
    }

    long polls = server.requestLog().stream().filter(line -> line.startsWith("GET /v1/teams/1/backfills ->")).count();
    long total = server.requestCount();
    long perBackfillPolling = polls * 100;
    System.out.printf("watchTeam over 100 backfills: %d polls, %d requests in all;"
        + " per-backfill polling at the same freshness: %d requests%n", polls, total, perBackfillPolling);
    assertThat(total).isLessThanOrEqualTo(polls + 100);
    assertThat(recorder.finishedIds).hasSize(100);
  }

  @Test
  void anHourLongWatchBesideAnApplicationsOwnCallsGetsNoRateLimit() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(100).rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));
    for (int i = 0; i < 20; i++) {
      add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(20 + i)).runDuration(Duration.ofSeconds(60 + 9 * i)));
    }
    // The application spends 40 requests of its own over the hour, on the same client.
    AtomicInteger applicationCalls = new AtomicInteger();
    for (int i = 1; i <= 40; i++) {
      time.at(START.plusSeconds(90L * i - 45), () -> {
        client.listIncompleteBackfills(TEAM);
        applicationCalls.incrementAndGet();
      });
    }
    CountDownLatch anHour = new CountDownLatch(1);
    AtomicReference<TeamWatch> running = new AtomicReference<>();
    time.at(START.plus(Duration.ofHours(1)), () -> {
      running.get().close(); // on the watch's own thread, so the hour ends exactly here
      anHour.countDown();
    });
    Recorder recorder = new Recorder(20);

    TeamWatch watch = client.watchTeam(TEAM, recorder);
    running.set(watch);
    try {
      assertThat(anHour.await(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      watch.close();
    }

    System.out.printf("an hour watching 20 backfills within a 100/h budget: watch %d requests, application %d%n",
        watch.requestsSent(), applicationCalls.get());
    assertThat(recorder.errors).noneMatch(e -> e instanceof RateLimitException);
    assertThat(server.requestLog()).noneMatch(line -> line.endsWith("-> 429"));
    assertThat(watch.requestsSent()).isLessThanOrEqualTo(51);
    assertThat(applicationCalls.get()).isEqualTo(40);
  }

  @Test
  void anUnauthorizedTokenEndsTheWatch() throws Exception {
    start(FakeBackfillsServer.builder().grant("another-token", TEAM));
    Recorder recorder = new Recorder(1);

    TeamWatch watch = client.watchTeam(TEAM, recorder);
    try {
      assertThat(recorder.errorSeen.await(30, TimeUnit.SECONDS)).isTrue();
      time.sleep(Duration.ofMinutes(5)); // let the clock run: a watch still going would poll again
    } finally {
      watch.close();
    }

    assertThat(recorder.errors).singleElement().isInstanceOf(UnauthorizedException.class);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreReportedAndPollingGoesOn() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(10_000));
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(2)).runDuration(Duration.ofSeconds(30)));
    server.failNext(3, 500); // the client's own two retries, then the poll fails
    Recorder recorder = new Recorder(1);

    try (TeamWatch watch = client.watchTeam(TEAM, recorder)) {
      assertThat(recorder.finished.await(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(recorder.errors).singleElement().isInstanceOf(ServerException.class);
    assertThat(recorder.finishedIds).hasSize(1);
  }

  @Test
  void aListenerThatThrowsDoesNotEndTheWatch() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(10_000));
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(2)).runDuration(Duration.ofSeconds(30)));
    CountDownLatch finished = new CountDownLatch(1);

    try (TeamWatch watch = client.watchTeam(TEAM, new BackfillListener() {
      @Override
      public void onNew(Backfill backfill) {
        throw new IllegalStateException("a bug in the application");
      }

      @Override
      public void onFinished(Backfill finalState) {
        finished.countDown();
      }
    })) {
      assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void estimatesTheTimeLeftFromTheRateOfFinishedRuns() throws Exception {
    start(FakeBackfillsServer.builder().rateLimitPerHour(10_000));
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(99)).runDuration(Duration.ofSeconds(10)));
    CountDownLatch halfway = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    TeamWatch[] holder = new TeamWatch[1];
    List<Duration> estimates = Collections.synchronizedList(new ArrayList<>());

    holder[0] = client.watchTeam(TEAM, new BackfillListener() {
      @Override
      public void onProgress(Backfill previous, Backfill current) {
        if (current.transferRunsCompleted() >= 50 && !stop.getAndSet(true)) {
          TeamWatch watch = holder[0];
          if (watch != null) {
            watch.estimatedTimeRemaining(id).ifPresent(estimates::add);
          }
          halfway.countDown();
        }
      }
    });
    try {
      assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder[0].close();
    }

    // 100 runs of 10 s, about 50 left: about 500 s.
    assertThat(estimates).singleElement().satisfies(eta ->
        assertThat(eta).isBetween(Duration.ofSeconds(400), Duration.ofSeconds(600)));
  }

  @Test
  void noCallbackRunsAfterCloseReturns() throws Exception {
    server = FakeBackfillsServer.builder().rateLimitPerHour(10_000)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER).build();
    client = BackfillsClient.builder().baseUrl(server.baseUrl()).token(FakeBackfillsServer.DEFAULT_TOKEN).build();
    server.addBackfill(TEAM, FakeBackfill.builder(JAN_1, JAN_1.plusDays(999)).runDuration(Duration.ofMillis(50)).build());
    AtomicBoolean closed = new AtomicBoolean();
    AtomicInteger afterClose = new AtomicInteger();
    CountDownLatch progressing = new CountDownLatch(2);
    BackfillListener listener = new BackfillListener() {
      @Override
      public void onProgress(Backfill previous, Backfill current) {
        if (closed.get()) {
          afterClose.incrementAndGet();
        }
        progressing.countDown();
      }
    };

    TeamWatch watch = client.watchTeam(TEAM, listener,
        PollingOptions.defaults().withInterval(Duration.ofMillis(20)).withBudgetShare(1));
    assertThat(progressing.await(30, TimeUnit.SECONDS)).isTrue();
    watch.close();
    closed.set(true);
    int requestsAtClose = server.requestCount();
    Thread.sleep(200);

    assertThat(afterClose.get()).isZero();
    assertThat(server.requestCount()).isLessThanOrEqualTo(requestsAtClose + 1);
  }

  private long add(FakeBackfill.Builder plan) {
    return server.addBackfill(TEAM, plan.build()).transferBackfillId();
  }

  /** Records every event per backfill; counts down when the expected number have finished. */
  private static final class Recorder implements BackfillListener {
    final Map<Long, List<String>> events = new ConcurrentHashMap<>();
    final List<Long> finishedIds = Collections.synchronizedList(new ArrayList<>());
    final List<BackfillsException> errors = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch finished;
    final CountDownLatch errorSeen = new CountDownLatch(1);
    final AtomicReference<TeamWatch> closeWhenDone = new AtomicReference<>();

    Recorder(int expectedFinished) {
      this.finished = new CountDownLatch(expectedFinished);
    }

    List<String> events(long id) {
      return events.getOrDefault(id, List.of());
    }

    private void record(long id, String event) {
      events.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(event);
    }

    @Override
    public void onNew(Backfill backfill) {
      record(backfill.transferBackfillId(), "new");
    }

    @Override
    public void onProgress(Backfill previous, Backfill current) {
      record(current.transferBackfillId(), "progress");
    }

    @Override
    public void onFinished(Backfill finalState) {
      record(finalState.transferBackfillId(), "finished " + finalState.status());
      finishedIds.add(finalState.transferBackfillId());
      finished.countDown();
      TeamWatch watch = closeWhenDone.get();
      if (finished.getCount() == 0 && watch != null) {
        watch.close();
      }
    }

    @Override
    public void onError(BackfillsException error) {
      errors.add(error);
      errorSeen.countDown();
    }
  }
}
