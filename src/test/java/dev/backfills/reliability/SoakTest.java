package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.model.Backfill;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Soak under concurrency: 32 threads share one client and call both endpoints against the fake API,
 * which answers 5% of requests with 500 and 2% with 429 + {@code Retry-After: 1}, while the response
 * delay changes at random. Every success must be exactly what was asked for, every failure a typed
 * {@link BackfillsException}; OkHttp must report no leaked response body or connection; and after
 * {@code close()} the threads the client and server started must be gone.
 *
 * <p>A 429 with Retry-After pauses every thread of the client until then (by design), so the run time
 * is dominated by about one pause of 1 s per fifty requests. {@code mvn verify} runs 32 × 50 calls; the
 * {@code exhaustive} profile runs 32 × 2,000. Each run prints a SOAK line with its figures.
 */
class SoakTest {
  private static final int THREADS = 32;
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  private static final long MISSING_ID = 999_999;
  /**
   * Threads OkHttp and Okio keep once per JVM, shared by every OkHttpClient, each ending by itself after
   * 60 s idle: not the client's to stop, so not counted. A TaskRunner thread takes the name of the task it
   * runs, such as the connection pool's closer that evicts what {@code close()} released.
   */
  private static final List<String> PROCESS_WIDE_THREADS =
      List.of("OkHttp TaskRunner", "Okio Watchdog", "OkHttp ConnectionPool");

  @Test
  void thirtyTwoThreadsSharingOneClientGetOnlyCorrectRecordsOrTypedErrorsAndLeakNothing() throws Exception {
    int callsPerThread = Reliability.exhaustive() ? 2_000 : 50;
    Set<String> threadsBefore = liveThreadNames();
    ManualClock clock = new ManualClock(Instant.parse("2024-03-01T12:00:00Z"));
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    int requests;
    long started = System.nanoTime();

    try (DebugLog okhttpWarnings = DebugLog.capture(DebugLog.OKHTTP_LOGGER)) {
      try (FakeBackfillsServer server = FakeBackfillsServer.builder()
          .clock(clock)
          .rateLimitPerHour(Integer.MAX_VALUE)
          .randomFaults(0.05, 0.02, 20_260_302L)
          .build()) {
        Map<Long, Backfill> expected = addBackfills(server, clock);
        List<Backfill> expectedList = new ArrayList<>(expected.values().stream()
            .filter(b -> b.status().isIncomplete())
            .sorted((a, b) -> b.createdTime().compareTo(a.createdTime()))
            .toList());
        List<Long> ids = new ArrayList<>(expected.keySet());

        try (BackfillsClient client = BackfillsClient.builder()
            .baseUrl(server.baseUrl())
            .token(FakeBackfillsServer.DEFAULT_TOKEN)
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
            .readTimeout(Duration.ofSeconds(10))
            .build()) {
          AtomicBoolean running = new AtomicBoolean(true);
          Thread chaos = new Thread(() -> varyDelays(server, running), "soak-delays");
          chaos.start();
          List<Thread> workers = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            Thread worker = new Thread(() -> {
              try {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < callsPerThread; i++) {
                  calls.incrementAndGet();
                  int pick = random.nextInt(10);
                  try {
                    if (pick < 6) {
                      long id = ids.get(random.nextInt(ids.size()));
                      Backfill got = client.getBackfill(TEAM, id);
                      record(outcomes, "success");
                      if (!got.equals(expected.get(id))) {
                        wrong.add("get " + id + " returned " + got);
                      }
                    } else if (pick < 9) {
                      List<Backfill> got = client.listIncompleteBackfills(TEAM);
                      record(outcomes, "success");
                      if (!got.equals(expectedList)) {
                        wrong.add("list returned " + got.stream().map(Backfill::transferBackfillId).toList());
                      }
                    } else {
                      client.getBackfill(TEAM, MISSING_ID);
                      wrong.add("get of a missing backfill succeeded");
                    }
                  } catch (NotFoundException e) {
                    record(outcomes, pick == 9 ? "NotFoundException (asked for a missing id)" : "NotFoundException");
                    if (pick != 9) {
                      wrong.add("NotFoundException for an existing backfill: " + e.getMessage());
                    }
                  } catch (BackfillsException e) {
                    record(outcomes, e.getClass().getSimpleName());
                  } catch (Throwable e) {
                    record(outcomes, e.getClass().getName());
                    wrong.add("untyped failure: " + e);
                  }
                }
              } catch (RuntimeException e) {
                wrong.add("worker died: " + e);
              }
            }, "soak-" + t);
            workers.add(worker);
            worker.start();
          }
          for (Thread worker : workers) {
            worker.join();
          }
          requests = server.requestCount();
          running.set(false);
          chaos.join();
          server.delayResponses(Duration.ZERO);

          // Give OkHttp's leak detector a chance: unreachable calls are found when the pool is cleaned,
          // which the next released connection schedules.
          System.gc();
          Thread.sleep(200);
          awaitOneSuccess(client);
        }
      }
      System.gc();
      Thread.sleep(200);
      List<String> leaks = okhttpWarnings.records().stream()
          .map(LogRecord::getMessage)
          .filter(m -> m != null && m.contains("leaked"))
          .toList();
      assertThat(leaks).as("OkHttp leak warnings").isEmpty();
    }
    long wallMillis = (System.nanoTime() - started) / 1_000_000;

    Set<String> lingering = awaitThreadsGone(threadsBefore);
    Map<String, Integer> byOutcome = new TreeMap<>();
    outcomes.forEach((k, v) -> byOutcome.put(k, v.get()));
    System.out.printf("SOAK threads=%d calls=%d requests=%d retries=%d outcomes=%s wall=%d ms lingering=%s%n",
        THREADS, calls.get(), requests, requests - calls.get(), byOutcome, wallMillis, lingering);

    assertThat(wrong).as("wrong results").isEmpty();
    assertThat(calls.get()).isEqualTo(THREADS * callsPerThread);
    assertThat(byOutcome.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(THREADS * callsPerThread);
    assertThat(lingering).as("threads started during the soak and still alive after close()").isEmpty();
  }

  /**
   * The detector the soak relies on, shown to work: a response deliberately left open and forgotten is
   * reported by OkHttp on the logger the soak watches, once the garbage collector and the pool's
   * cleanup have run.
   */
  @Test
  void leakDetectorSeesAResponseBodyLeftOpen() throws Exception {
    try (DebugLog okhttpWarnings = DebugLog.capture(DebugLog.OKHTTP_LOGGER);
         mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
      for (int i = 0; i < 40; i++) {
        server.enqueue(new mockwebserver3.MockResponse.Builder().body(Seeds.ONE).build());
      }
      okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
      try {
        leakOneResponse(http, server);
        for (int i = 0; i < 30 && okhttpWarnings.messages().stream().noneMatch(m -> m.contains("leaked")); i++) {
          System.gc();
          Thread.sleep(100);
          // A fresh connection goes into the pool and schedules the cleanup that finds the leak.
          try (okhttp3.Response r = http.newCall(new okhttp3.Request.Builder().url(server.url("/")).build()).execute()) {
            r.body().string();
          }
          http.connectionPool().evictAll();
        }
      } finally {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
      assertThat(okhttpWarnings.messages()).anyMatch(m -> m.contains("leaked"));
    }
  }

  private static void leakOneResponse(okhttp3.OkHttpClient http, mockwebserver3.MockWebServer server) throws Exception {
    http.newCall(new okhttp3.Request.Builder().url(server.url("/")).build()).execute(); // never closed, on purpose
  }

  private static void record(Map<String, AtomicInteger> outcomes, String what) {
    outcomes.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Twenty backfills at different stages on the frozen clock: some finished, most still in the list. */
  private static Map<Long, Backfill> addBackfills(FakeBackfillsServer server, ManualClock clock) {
    Map<Long, Backfill> added = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      FakeBackfill.Builder plan = FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 10 + i))
          .createdAt(clock.instant().minus(Duration.ofMinutes(7L * i + 1)))
          .runDuration(Duration.ofMinutes(3));
      if (i % 5 == 0) {
        plan.failRun(LocalDate.of(2024, 1, 2), "source API returned 500");
      }
      if (i % 7 == 3) {
        plan.cancelAfter(Duration.ofMinutes(10));
      }
      Backfill b = server.addBackfill(TEAM, plan.build());
      added.put(b.transferBackfillId(), b);
    }
    return added;
  }

  /** Changes the fake's response delay every few milliseconds, between 0 and 20 ms, until told to stop. */
  private static void varyDelays(FakeBackfillsServer server, AtomicBoolean running) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      server.delayResponses(Duration.ofMillis(random.nextInt(4) == 0 ? 0 : random.nextInt(21)));
      try {
        Thread.sleep(5 + random.nextInt(20));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One more call that succeeds (faults still drawn at random), releasing a connection to the pool. */
  private static void awaitOneSuccess(BackfillsClient client) {
    for (int i = 0; i < 50; i++) {
      try {
        client.listIncompleteBackfills(TEAM);
        return;
      } catch (BackfillsException retryLater) {
        // a fault was drawn; try again
      }
    }
  }

  private static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(t -> t.getName() + "#" + t.getId())
        .collect(Collectors.toSet());
  }

  /**
   * Waits, up to 30 s, for every thread started since {@code before} to end, except the
   * {@link #PROCESS_WIDE_THREADS}.
   */
  private static Set<String> awaitThreadsGone(Set<String> before) throws InterruptedException {
    Set<String> extra = Set.of();
    for (int i = 0; i < 300; i++) {
      extra = liveThreadNames().stream()
          .filter(n -> !before.contains(n))
          .filter(n -> PROCESS_WIDE_THREADS.stream().noneMatch(n::startsWith))
          .collect(Collectors.toSet());
      if (extra.isEmpty()) {
        return extra;
      }
      Thread.sleep(100);
    }
    return extra;
  }
}
