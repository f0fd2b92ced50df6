package dev.backfills.examples;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
import dev.backfills.PollingOptions;
import dev.backfills.TeamWatch;
import dev.backfills.exception.BackfillsException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's demo, {@code mvn -q test-compile exec:java}: a live view of a team's backfills.
 *
 * <p>With no environment set it starts the embedded fake API on 127.0.0.1 with backfills of different
 * sizes that advance over about 25 seconds (some runs fail, one backfill is cancelled), watches the team
 * with {@link BackfillsClient#watchTeam}, draws one progress bar per backfill, prints a summary and
 * exits. It needs no token and no network. With {@code BACKFILLS_API_TOKEN} set it watches a real team
 * instead ({@code BACKFILLS_BASE_URL}, {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_WATCH_MINUTES}
 * optional), at the default pace that spends at most half of the hourly request budget.
 *
 * <p>On a terminal the bars are redrawn in place; in a pipe or a CI log each change is one plain line.
 */
public final class Demo {
  private static final int BAR = 30;

  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    String token = System.getenv("BACKFILLS_API_TOKEN");
    if (token != null && !token.isBlank()) {
      String baseUrl = System.getenv().getOrDefault("BACKFILLS_BASE_URL", BackfillsClient.DEFAULT_BASE_URL);
      long teamId = Long.parseLong(System.getenv().getOrDefault("BACKFILLS_TEAM_ID", "1"));
      Duration limit = Duration.ofMinutes(Long.parseLong(System.getenv().getOrDefault("BACKFILLS_WATCH_MINUTES", "10")));
      try (BackfillsClient client = BackfillsClient.builder().token(token).baseUrl(baseUrl).build()) {
        out.println("Watching team " + teamId + " at " + baseUrl + " for up to " + limit.toMinutes() + " min");
        run(client, teamId, PollingOptions.defaults(), limit, terminal, out);
      }
      return;
    }
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().rateLimitPerHour(10_000).build();
        BackfillsClient client = BackfillsClient.builder()
            .baseUrl(server.baseUrl())
            .token(FakeBackfillsServer.DEFAULT_TOKEN)
            .build()) {
      seed(server, Instant.now());
      out.println("Embedded fake API at " + server.baseUrl() + " (no token, no network needed)");
      run(client, FakeBackfillsServer.DEFAULT_TEAM_ID,
          PollingOptions.defaults().withInterval(Duration.ofMillis(500)), Duration.ofSeconds(90), terminal, out);
    }
  }

  /** Backfills that finish, fail and get cancelled within about 25 seconds of {@code now}. */
  static void seed(FakeBackfillsServer server, Instant now) {
    long team = FakeBackfillsServer.DEFAULT_TEAM_ID;
    LocalDate jan = LocalDate.of(2024, 1, 1);
    server.addBackfill(team, FakeBackfill.builder(jan, jan.plusDays(13))
        .transferId(456788).createdAt(now.minusSeconds(4)).runDuration(Duration.ofMillis(1600)).build());
    server.addBackfill(team, FakeBackfill.builder(jan, jan.plusDays(30))
        .transferId(456789).createdAt(now.minusSeconds(3)).runDuration(Duration.ofMillis(800))
        .failRun(jan.plusDays(14), "Connection timeout to data source")
        .failRun(jan.plusDays(15), "Quota exceeded at the data source").build());
    server.addBackfill(team, FakeBackfill.builder(jan.plusMonths(1), jan.plusMonths(1).plusDays(19))
        .transferId(456790).createdAt(now.minusSeconds(3)).runDuration(Duration.ofMillis(1500))
        .cancelAfter(Duration.ofSeconds(13)).build());
    server.addBackfill(team, FakeBackfill.builder(jan.plusMonths(2), jan.plusMonths(2).plusDays(7))
        .transferId(456791).createdAt(now).scheduleAfter(Duration.ofSeconds(3))
        .startAfter(Duration.ofSeconds(6)).runDuration(Duration.ofMillis(2400)).build());
    server.addBackfill(team, FakeBackfill.builder(jan.minusYears(1), jan.minusYears(1).plusDays(89))
        .transferId(456792).createdAt(now).runDuration(Duration.ofMillis(500)).parallelism(2).build());
  }

  /** Watches until every backfill seen has ended (or {@code limit} passes), then prints a summary. */
  static void run(BackfillsClient client, long teamId, PollingOptions pacing, Duration limit, boolean terminal,
      PrintStream out) throws InterruptedException {
    Board board = new Board(terminal, out);
    Instant started = Instant.now();
    TeamWatch watch = client.watchTeam(teamId, board, pacing);
    board.attach(watch);
    try {
      board.awaitAllEnded(limit);
    } finally {
      watch.close();
    }
    board.summary(watch, Duration.between(started, Instant.now()));
  }

  /** A backfill that can make no more progress: finished, or failed with every run done. */
  static boolean hasEnded(Backfill b) {
    return b.status().isFinished()
        || (b.status() == BackfillStatus.FAILED
            && b.transferRunsCompleted() + b.transferRunsFailed() >= b.transferRunsTotal());
  }

  /** The listener and the screen: keeps the newest state of each backfill and draws it. */
  private static final class Board implements BackfillListener {
    private final boolean terminal;
    private final PrintStream out;
    private final Map<Long, Backfill> latest = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final CountDownLatch changed = new CountDownLatch(1);
    private volatile TeamWatch watch;
    private int linesDrawn;
    private int finishedReads;
    private boolean seenAny;

    Board(boolean terminal, PrintStream out) {
      this.terminal = terminal;
      this.out = out;
    }

    void attach(TeamWatch watch) {
      this.watch = watch;
    }

    @Override
    public synchronized void onNew(Backfill backfill) {
      update(backfill);
    }

    @Override
    public synchronized void onProgress(Backfill previous, Backfill current) {
      update(current);
    }

    @Override
    public synchronized void onFinished(Backfill finalState) {
      finishedReads++;
      update(finalState);
    }

    @Override
    public synchronized void onError(BackfillsException error) {
      errors.add(error.getMessage());
      out.println("poll failed: " + error.getMessage());
      linesDrawn = 0;
    }

    private void update(Backfill b) {
      seenAny = true;
      latest.put(b.transferBackfillId(), b);
      if (terminal) {
        redraw();
      } else {
        out.println(line(b));
        for (TransferRunError e : b.errorReport()) {
          if (b.status() == BackfillStatus.FAILED || hasEnded(b)) {
            out.println("    x " + e.transferRunDate() + ": " + e.error());
          }
        }
      }
      notifyAll();
    }

    private void redraw() {
      StringBuilder screen = new StringBuilder();
      if (linesDrawn > 0) {
        screen.append("\033[").append(linesDrawn).append('A');
      }
      int lines = 0;
      for (Backfill b : latest.values()) {
        screen.append("\033[2K").append(line(b)).append('\n');
        lines++;
        for (TransferRunError e : b.errorReport()) {
          screen.append("\033[2K    x ").append(e.transferRunDate()).append(": ").append(e.error()).append('\n');
          lines++;
        }
      }
      out.print(screen);
      out.flush();
      linesDrawn = lines;
    }

    private String line(Backfill b) {
      int done = b.transferRunsCompleted() + b.transferRunsFailed();
      int filled = b.transferRunsTotal() == 0 ? 0 : (int) Math.round(BAR * b.progress());
      String bar = "#".repeat(Math.min(filled, BAR)) + ".".repeat(Math.max(0, BAR - filled));
      return String.format("%-6d %-9s [%s] %3.0f%%  %d/%d/%d%s", b.transferBackfillId(), b.status(), bar,
          100 * b.progress(), b.transferRunsCompleted(), b.transferRunsFailed(), b.transferRunsTotal(),
          hasEnded(b) || done == 0 ? "" : eta(b));
    }

    private String eta(Backfill b) {
      TeamWatch w = watch;
      Optional<Duration> left = w == null ? Optional.empty() : w.estimatedTimeRemaining(b.transferBackfillId());
      return left.map(d -> "  ETA " + (d.toSeconds() < 90 ? d.toSeconds() + " s" : d.toMinutes() + " min")).orElse("");
    }

    synchronized void awaitAllEnded(Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (!(seenAny && latest.values().stream().allMatch(Demo::hasEnded))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          out.println("(stopped watching after " + limit.toSeconds() + " s)");
          return;
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
        if (terminal && !latest.isEmpty()) {
          redraw(); // keeps the ETAs moving between polls
        }
      }
    }

    synchronized void summary(TeamWatch watch, Duration elapsed) {
      out.println();
      out.println("Summary:");
      for (Backfill b : latest.values()) {
        out.printf("  %-6d %-9s %d completed, %d failed of %d runs%n", b.transferBackfillId(), b.status(),
            b.transferRunsCompleted(), b.transferRunsFailed(), b.transferRunsTotal());
      }
      long polls = Math.max(1, watch.requestsSent() - finishedReads);
      out.printf("Watched %d backfills for %d s with %d requests (one list per poll plus one read per"
          + " finished backfill); polling each backfill separately at the same pace would have taken %d.%n",
          latest.size(), elapsed.toSeconds(), watch.requestsSent(), polls * latest.size());
      if (!errors.isEmpty()) {
        out.println(errors.size() + " poll(s) failed along the way.");
      }
    }
  }
}
