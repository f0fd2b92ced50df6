package dev.backfills.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Whole calls over HTTP to the {@link LoopbackServer} in the same JVM: one client per fork, shared by
 * every benchmark thread, as an application would share it.
 */
@State(Scope.Benchmark)
public class HttpBenchmark {
  @Param({"sdk", "sdk-listener", "handwritten", "generated", "tokenizer"})
  public String contender;

  private LoopbackServer server;
  private Contender client;

  @Setup(Level.Trial)
  public void start() throws Exception {
    server = LoopbackServer.start();
    client = Contender.create(contender, server.baseUrl());
    // Fail the trial at once, not with a misleading score, if a contender reads the bodies wrongly.
    check(client.getBackfill(Payloads.TEAM, Payloads.BACKFILL_ID) != null, "getBackfill");
    check(size(client.listIncompleteBackfills(LoopbackServer.LIST_100_TEAM)) == 100, "list of 100");
    if (client instanceof Contender.SdkWithListener listened) {
      check(listened.callsEnded() == 2, "the listener's count of calls");
    }
  }

  static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("wrong result for " + what);
    }
  }

  static int size(Object list) {
    return list instanceof List<?> l ? l.size() : list instanceof Integer tokens ? 100 : -1;
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    client.close();
    server.close();
  }

  /** Latency of one get-by-id call; transport-bound. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object getBackfill() throws Exception {
    return client.getBackfill(Payloads.TEAM, Payloads.BACKFILL_ID);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object list100() throws Exception {
    return client.listIncompleteBackfills(LoopbackServer.LIST_100_TEAM);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Object list10000() throws Exception {
    return client.listIncompleteBackfills(LoopbackServer.LIST_10000_TEAM);
  }

  /** Eight threads sharing the one client: calls per second, all threads together. */
  @Benchmark
  @Threads(8)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Object getBackfill8Threads() throws Exception {
    return client.getBackfill(Payloads.TEAM, Payloads.BACKFILL_ID);
  }
}
