package dev.backfills.bench;

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

/**
 * Pure decoding, bytes to records, no HTTP: each contender reads the body from an InputStream over the
 * bytes, as it would read it from the socket. The table turns operations per second into MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {
  @Param({"sdk", "handwritten", "generated", "tokenizer"})
  public String contender;

  @Param({"single", "list100", "list10000"})
  public String body;

  private Contender client;
  private byte[] bytes;
  private boolean list;

  @Setup(Level.Trial)
  public void load() throws Exception {
    client = Contender.create(contender, "http://127.0.0.1:9/v1"); // never called
    list = !body.equals("single");
    bytes = switch (body) {
      case "single" -> Payloads.single();
      case "list100" -> Payloads.list(100);
      case "list10000" -> Payloads.list(10_000);
      default -> throw new IllegalArgumentException(body);
    };
    HttpBenchmark.check(decode() != null, "decode " + body);
  }

  /** The size of a body, for MB/s. */
  public static int bodyBytes(String body) {
    return switch (body) {
      case "single" -> Payloads.single().length;
      case "list100" -> Payloads.list(100).length;
      default -> Payloads.list(10_000).length;
    };
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
  }

  @Benchmark
  public Object decode() throws Exception {
    return list ? client.decodeList(bytes) : client.decodeOne(bytes);
  }
}
