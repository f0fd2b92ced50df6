package dev.backfills.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs every benchmark of this package in one JMH run and prints one table: the median score of the
 * measurement iterations with their min–max, each contender's ratio to the hand-written baseline,
 * allocation per operation, the cold-start figures measured just before by bench/cold-start.sh, and the
 * issue's targets, met or missed. The same text goes to target/bench/results.md.
 *
 * <p>Takes JMH's own command-line options, plus {@code --rounds=N} (default 2): the whole set of
 * benchmarks runs N times, the contenders in alternating order, and the iterations of all rounds are
 * pooled. Unless given, each round uses one fork, 6 warm-up and 4 measurement iterations of 1 s, and the
 * GC profiler (for allocation per operation).
 *
 * <p>{@code sdk-listener} (the SDK with a {@code CallListener}) runs in the HTTP benchmarks only, the
 * only ones that make calls for a listener to see; {@code -p contender=...} runs exactly the contenders
 * it names in every benchmark.
 */
public final class BenchMain {
  static final String BASELINE = "handwritten";
  /** Every contender, in the table's order. */
  static final String[] CONTENDERS = {"sdk", "sdk-listener", "handwritten", "generated", "tokenizer"};
  static final String LISTENER = "sdk-listener";

  /** The benchmark classes, each with the contenders it runs when the command line names none. */
  private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("DecodeBenchmark", List.of("sdk", "handwritten", "generated", "tokenizer"));
    GROUPS.put("HttpBenchmark", List.of(CONTENDERS));
  }

  public static void main(String[] args) throws Exception {
    int rounds = 2;
    List<String> jmhArgs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--rounds=")) {
        rounds = Integer.parseInt(arg.substring("--rounds=".length()));
      } else {
        jmhArgs.add(arg);
      }
    }
    CommandLineOptions cmd = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    List<RunResult> results = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      System.out.println("# Round " + (round + 1) + " of " + rounds);
      if (cmd.getParameter("contender").hasValue()) {
        results.addAll(new Runner(options(cmd, round, null).build()).run());
        continue;
      }
      boolean any = false;
      for (String group : GROUPS.keySet()) {
        try {
          results.addAll(new Runner(options(cmd, round, group).build()).run());
          any = true;
        } catch (NoBenchmarksException e) {
          System.out.println("# (no " + group + " matches the benchmarks asked for)");
        }
      }
      if (!any) {
        throw new NoBenchmarksException();
      }
    }
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    String table = new Report(results, ColdStart.read(dir.resolve("cold-start.tsv"))).render()
        + footprint(dir.resolve("footprint.tsv"));
    System.out.println();
    System.out.println(table);
    Files.writeString(dir.resolve("results.md"), table);
    System.out.println("(also written to " + dir.resolve("results.md") + ")");
  }

  /**
   * JMH's options for one round: the command line's, else this harness's defaults. Rounds run the
   * contenders in alternating order, so that a load that drifts during the run does not always favour
   * the same one; their iterations are pooled in the table. With a {@code group}, only that benchmark
   * class runs, with its contenders.
   */
  private static ChainedOptionsBuilder options(CommandLineOptions cmd, int round, String group) {
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
    if (cmd.getIncludes().isEmpty()) {
      options.include(BenchMain.class.getPackageName() + "\\..*Benchmark\\..*");
    }
    if (group != null) {
      for (String other : GROUPS.keySet()) {
        if (!other.equals(group)) {
          options.exclude("\\." + other + "\\.");
        }
      }
    }
    if (!cmd.getParameter("contender").hasValue()) {
      List<String> order = new ArrayList<>(group == null ? List.of(CONTENDERS) : GROUPS.get(group));
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      options.param("contender", order.toArray(new String[0]));
    }
    if (!cmd.getForkCount().hasValue()) {
      options.forks(1);
    }
    if (!cmd.getWarmupIterations().hasValue()) {
      options.warmupIterations(6);
    }
    if (!cmd.getWarmupTime().hasValue()) {
      options.warmupTime(TimeValue.seconds(1));
    }
    if (!cmd.getMeasurementIterations().hasValue()) {
      options.measurementIterations(4);
    }
    if (!cmd.getMeasurementTime().hasValue()) {
      options.measurementTime(TimeValue.seconds(1));
    }
    boolean gc = cmd.getProfilers().stream()
        .anyMatch(p -> p.getKlass().equals("gc") || p.getKlass().endsWith("GCProfiler"));
    if (!gc) {
      options.addProfiler(GCProfiler.class);
    }
    options.addProfiler(CpuTimeProfiler.class);
    return options;
  }

  /** One row: a benchmark and contender's iteration scores and allocation. */
  record Row(String benchmark, String contender, String unit, List<Double> scores, List<Double> allocs,
             List<Double> cpus, boolean higherIsBetter) {
    /** Bytes allocated per operation, the mean over rounds; NaN when not profiled. */
    double allocPerOp() {
      return allocs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Process CPU µs per operation, the median over all iterations; NaN when not profiled. */
    double cpuPerOp() {
      return Report.median(cpus);
    }

    double median() {
      return Report.median(scores);
    }

    /** The same benchmark from another round: iterations pooled, allocation averaged. */
    Row pool(Row other) {
      List<Double> all = new ArrayList<>(scores);
      all.addAll(other.scores);
      List<Double> allAllocs = new ArrayList<>(allocs);
      allAllocs.addAll(other.allocs);
      List<Double> allCpus = new ArrayList<>(cpus);
      allCpus.addAll(other.cpus);
      return new Row(benchmark, contender, unit, all, allAllocs, allCpus, higherIsBetter);
    }

    double min() {
      return scores.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
      return scores.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The mean of all iterations ± JMH's error (99.9% confidence interval of the mean), as JMH shows it. */
    String meanAndError() {
      ListStatistics stats = new ListStatistics(scores.stream().mapToDouble(Double::doubleValue).toArray());
      return Report.num(stats.getMean()) + " ± " + Report.num(stats.getMeanErrorAt(0.999));
    }
  }

  static final class Report {
    private final Map<String, Map<String, Row>> rows = new LinkedHashMap<>();
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    Report(Collection<RunResult> results, Map<String, Row> coldStart) {
      for (RunResult run : results) {
        BenchmarkParams params = run.getParams();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String klass = params.getBenchmark().substring(0, params.getBenchmark().lastIndexOf('.'));
        String contender = params.getParam("contender");
        String body = params.getParam("body");
        String name = klass.endsWith("DecodeBenchmark") ? "decode " + body : method;
        List<Double> scores = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        for (BenchmarkResult b : run.getBenchmarkResults()) {
          for (IterationResult it : b.getIterationResults()) {
            scores.add(it.getPrimaryResult().getScore());
            Result cpu = it.getSecondaryResults().get("cpu.time.norm");
            if (cpu != null) {
              cpus.add(cpu.getScore());
            }
          }
        }
        String unit = run.getPrimaryResult().getScoreUnit();
        boolean higher = unit.contains("/s") || unit.contains("/min");
        if (body != null) { // ops/s to MB/s
          int bytes = DecodeBenchmark.bodyBytes(body);
          scores.replaceAll(s -> s * bytes / 1e6);
          unit = "MB/s";
        }
        List<Double> alloc = new ArrayList<>();
        for (Map.Entry<String, Result> e : run.getAggregatedResult().getSecondaryResults().entrySet()) {
          if (e.getKey().endsWith("gc.alloc.rate.norm")) {
            alloc.add(e.getValue().getScore());
          }
        }
        Row row = new Row(name, contender, unit, scores, alloc, cpus, higher);
        rows.computeIfAbsent(name, k -> new LinkedHashMap<>()).merge(contender, row, Row::pool);
      }
      if (!coldStart.isEmpty()) {
        rows.put(ColdStart.NAME, coldStart);
      }
    }

    static double median(List<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(null);
      int n = sorted.size();
      if (n == 0) {
        return Double.NaN;
      }
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    String render() {
      out.append("| benchmark | contender | median | min–max | unit | × baseline | CPU per op | CPU × baseline"
          + " | alloc B/op | alloc × baseline |\n");
      out.append("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |\n");
      for (Map.Entry<String, Map<String, Row>> bench : rows.entrySet()) {
        Row base = bench.getValue().get(BASELINE);
        for (String contender : CONTENDERS) {
          Row r = bench.getValue().get(contender);
          if (r == null) {
            continue;
          }
          out.append("| ").append(bench.getKey()).append(" | ").append(label(contender)).append(" | ")
              .append(num(r.median())).append(" | ").append(num(r.min())).append("–").append(num(r.max()))
              .append(" | ").append(r.unit()).append(" | ")
              .append(base == null ? "" : ratio(r.median() / base.median())).append(" | ")
              .append(cpuCell(r)).append(" | ")
              .append(base == null || Double.isNaN(r.cpuPerOp()) ? "" : ratio(r.cpuPerOp() / base.cpuPerOp()))
              .append(" | ")
              .append(Double.isNaN(r.allocPerOp()) ? "" : num(r.allocPerOp())).append(" | ")
              .append(base == null || Double.isNaN(r.allocPerOp()) ? "" : ratio(r.allocPerOp() / base.allocPerOp()))
              .append(" |\n");
        }
      }
      checkTargets();
      out.append("\n| target (SDK vs the hand-written baseline unless named) | wanted | measured | by CPU time | |\n"
          + "| --- | --- | ---: | ---: | --- |\n");
      for (String[] t : targets) {
        out.append("| ").append(String.join(" | ", t)).append(" |\n");
      }
      renderListenerCost();
      return out.toString();
    }

    /**
     * The SDK with and without a CallListener, side by side: mean ± error of all iterations, the ratio of
     * the medians (listener over none, in the benchmark's unit), CPU time and allocation per operation.
     */
    private void renderListenerCost() {
      StringBuilder table = new StringBuilder();
      for (Map.Entry<String, Map<String, Row>> bench : rows.entrySet()) {
        Row sdk = bench.getValue().get("sdk");
        Row listened = bench.getValue().get(LISTENER);
        if (sdk == null || listened == null) {
          continue;
        }
        table.append("| ").append(bench.getKey()).append(" | ").append(sdk.unit()).append(" | ")
            .append(sdk.meanAndError()).append(" | ").append(listened.meanAndError()).append(" | ")
            .append(ratio(listened.median() / sdk.median())).append(" | ")
            .append(cpuCell(sdk)).append(" | ").append(cpuCell(listened)).append(" | ")
            .append(Double.isNaN(sdk.cpuPerOp()) ? "" : ratio(listened.cpuPerOp() / sdk.cpuPerOp())).append(" | ")
            .append(Double.isNaN(sdk.allocPerOp()) ? "" : num(sdk.allocPerOp())).append(" | ")
            .append(Double.isNaN(listened.allocPerOp()) ? "" : num(listened.allocPerOp())).append(" | ")
            .append(Double.isNaN(sdk.allocPerOp()) || Double.isNaN(listened.allocPerOp()) ? ""
                : String.format(Locale.ROOT, "%+,.0f", listened.allocPerOp() - sdk.allocPerOp()))
            .append(" |\n");
      }
      if (table.length() == 0) {
        return;
      }
      out.append("\n| cost of a CallListener | unit | SDK, mean ± error | SDK + listener, mean ± error"
          + " | median × SDK | CPU per op, SDK | CPU per op, + listener | CPU × SDK | alloc B/op, SDK"
          + " | alloc B/op, + listener | alloc Δ B/op |\n"
          + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      out.append(table);
    }

    /** Process CPU time per operation (µs), or per cold start (shown in ms). */
    private static String cpuCell(Row r) {
      double cpu = r.cpuPerOp();
      if (Double.isNaN(cpu)) {
        return "";
      }
      return r.benchmark().equals(ColdStart.NAME) ? num(cpu / 1000) + " ms" : num(cpu) + " µs";
    }

    private static String label(String contender) {
      return switch (contender) {
        case "sdk" -> "**SDK**";
        case LISTENER -> "SDK + CallListener";
        case "handwritten" -> "hand-written (baseline)";
        case "generated" -> "generated (okhttp-gson)";
        case "tokenizer" -> "limit: Jackson tokenizer";
        default -> contender;
      };
    }

    private Row row(String bench, String contender) {
      Map<String, Row> m = rows.get(bench);
      return m == null ? null : m.get(contender);
    }

    /**
     * One target row: the wall-clock ratio decides; the same ratio computed from CPU time per operation is
     * shown beside it (for throughput, inverted, so both read the same way).
     */
    private void target(String what, String wanted, String bench, String other, boolean atMost, double bound) {
      Row sdk = row(bench, "sdk");
      Row o = row(bench, other);
      if (sdk == null || o == null) {
        targets.add(new String[] {what, wanted, "not measured", "", ""});
        return;
      }
      double wall = sdk.median() / o.median();
      double cpu = sdk.higherIsBetter() ? o.cpuPerOp() / sdk.cpuPerOp() : sdk.cpuPerOp() / o.cpuPerOp();
      boolean met = atMost ? wall <= bound : wall >= bound;
      targets.add(new String[] {what, wanted, ratio(wall), ratio(cpu), met ? "met" : "**missed**"});
    }

    private void checkTargets() {
      target("getBackfill latency", "≤ 1.05×", "getBackfill", BASELINE, true, 1.05);
      target("list of 10,000 latency", "≤ 0.60×", "list10000", BASELINE, true, 0.60);
      target("decode throughput, list of 10,000", "≥ 2.0×", "decode list10000", BASELINE, false, 2.0);
      target("decode throughput, list of 10,000, vs the tokenizer limit", "≥ 0.50×", "decode list10000",
          "tokenizer", false, 0.5);
      Row sdkDecode = row("decode list10000", "sdk");
      Row baseDecode = row("decode list10000", BASELINE);
      if (sdkDecode != null && baseDecode != null) {
        double alloc = sdkDecode.allocPerOp() / baseDecode.allocPerOp();
        targets.add(new String[] {"allocation per list item (decode, list of 10,000): "
            + num(sdkDecode.allocPerOp() / 10_000) + " B vs " + num(baseDecode.allocPerOp() / 10_000) + " B",
            "≤ 0.70×", ratio(alloc), "", alloc <= 0.7 ? "met" : "**missed**"});
      }
      target("cold start", "≤ 1.10×", ColdStart.NAME, BASELINE, true, 1.10);
      for (String bench : rows.keySet()) {
        Row sdk = row(bench, "sdk");
        Row gen = row(bench, "generated");
        if (sdk == null || gen == null) {
          continue;
        }
        double r = sdk.median() / gen.median();
        double cpu = sdk.higherIsBetter() ? gen.cpuPerOp() / sdk.cpuPerOp() : sdk.cpuPerOp() / gen.cpuPerOp();
        boolean better = sdk.higherIsBetter() ? r > 1 : r < 1;
        boolean stretch = bench.startsWith("cold start");
        targets.add(new String[] {"vs the generated client: " + bench + (stretch ? " (stretch)" : ""),
            sdk.higherIsBetter() ? "> 1×" : "< 1×", ratio(r), ratio(cpu),
            better ? "met" : stretch ? "missed (stretch goal)" : "**missed**"});
      }
    }

    static String num(double v) {
      if (Double.isNaN(v)) {
        return "–";
      }
      if (Math.abs(v) >= 100) {
        return String.format(Locale.ROOT, "%,.0f", v);
      }
      if (Math.abs(v) >= 10) {
        return String.format(Locale.ROOT, "%.1f", v);
      }
      return String.format(Locale.ROOT, "%.2f", v);
    }

    static String ratio(double v) {
      return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }
  }

  private BenchMain() {}

  static final class ColdStart {
    static final String NAME = "cold start (fresh JVM, one call)";

    /** contender → its runs, from the script's TSV (contender, run, wall µs, CPU µs). */
    static Map<String, Row> read(Path tsv) throws IOException {
      Map<String, Row> rows = new LinkedHashMap<>();
      if (!Files.exists(tsv)) {
        return rows;
      }
      for (String line : Files.readAllLines(tsv)) {
        String[] f = line.split("\t");
        if (f.length == 4 && !f[0].equals("contender")) {
          Row run = new Row(NAME, f[0], "ms", List.of(Long.parseLong(f[2]) / 1000.0), List.of(),
              List.of((double) Long.parseLong(f[3])), false);
          rows.merge(f[0], run, Row::pool);
        }
      }
      return rows;
    }
  }

  /** The footprint script's TSV (client, jar, bytes) as a small table, or nothing when it did not run. */
  static String footprint(Path tsv) throws IOException {
    if (!Files.exists(tsv)) {
      return "";
    }
    Map<String, long[]> sums = new LinkedHashMap<>();
    Map<String, List<String>> jars = new LinkedHashMap<>();
    for (String line : Files.readAllLines(tsv)) {
      String[] f = line.split("\t");
      if (f.length == 3 && !f[0].equals("client")) {
        long[] sum = sums.computeIfAbsent(f[0], k -> new long[2]);
        sum[0]++;
        sum[1] += Long.parseLong(f[2]);
        jars.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
      }
    }
    StringBuilder out = new StringBuilder("\n| runtime footprint | jars | total size | jars |\n| --- | ---: | ---: | --- |\n");
    sums.forEach((client, sum) -> out.append("| ").append(client.equals("sdk") ? "**SDK**" : "generated (okhttp-gson)")
        .append(" | ").append(sum[0]).append(" | ")
        .append(String.format(Locale.ROOT, "%.2f MB", sum[1] / 1e6)).append(" | ")
        .append(String.join(", ", jars.get(client))).append(" |\n"));
    return out.toString();
  }
}
