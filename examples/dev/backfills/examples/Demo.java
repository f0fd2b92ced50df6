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
import dev.backfills.testing.RateLimitHeaders;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The README's demo, {@code mvn -q test-compile exec:java}: a live view of a team's backfills, through
 * their whole lifecycle.
 *
 * <p>With no {@code BACKFILLS_API_TOKEN} it starts the embedded fake API on 127.0.0.1 with five
 * backfills of different sizes, watches the team with {@link BackfillsClient#watchTeam} and draws one
 * progress bar per backfill. While it watches, it creates a backfill ({@code createBackfill}: the watch
 * reports it through {@code onNew}, then its progress) and cancels another ({@code cancelBackfill}: the
 * watch reports it through {@code onFinished}, CANCELLED); the others complete, one with failed runs.
 * After about 20 seconds it prints a summary and exits. It needs no token and no network.
 *
 * <p>With {@code BACKFILLS_API_TOKEN} and {@code BACKFILLS_TEAM_ID} set it only watches that real team
 * ({@code BACKFILLS_BASE_URL} and {@code BACKFILLS_WATCH_MINUTES}, default 10, optional), at the default
 * pace that spends at most half of the hourly request budget: it creates and cancels nothing.
 *
 * <p>On a terminal the bars are redrawn in place; in a pipe or a CI log each change is one plain line.
 */
public final class Demo {
  private static final int BAR = 30;
  /** The seeded backfill the demo cancels. */
  static final long TO_CANCEL = 1003;
  /** The fake's transfer the demo creates a backfill for, and the range. */
  static final long NEW_TRANSFER = 456793;
  private static final LocalDate NEW_START = LocalDate.of(2024, 4, 1);
  private static final LocalDate NEW_END = LocalDate.of(2024, 4, 20);

  private Demo() {}

  public static void main(String[] args) throws InterruptedException {
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    run(System.getenv(), System.out, terminal, Duration.ofSeconds(1));
  }

  /**
   * Runs the demo.
   *
   * @param beat the unit of the fake's scenario: one second for people; the test runs it faster
   */
  static void run(Map<String, String> variables, PrintStream out, boolean terminal, Duration beat)
      throws InterruptedException {
    try (ExampleEnvironment env = ExampleEnvironment.withLiveFake(variables, out, fake(beat),
            server -> seed(server, Instant.now(), beat));
        BackfillsClient client = env.clientBuilder().build()) {
      long teamId = env.teamId();
      PollingOptions pacing = PollingOptions.defaults(); // a poll every 2 s, within half the budget
      Duration limit;
      if (env.isFake()) {
        pacing = pacing.withInterval(beats(beat, 2)); // the same 2 s, unless the test speeds it up
        limit = beats(beat, 90);
      } else {
        limit = Duration.ofMinutes(Long.parseLong(env.variable("BACKFILLS_WATCH_MINUTES").orElse("10")));
        out.println("Watching team " + teamId + " for up to " + limit.toMinutes() + " min");
      }
      Board board = new Board(terminal, out);
      Instant started = Instant.now();
      TeamWatch watch = client.watchTeam(teamId, board, pacing);
      board.attach(watch);
      try {
        if (env.isFake()) {
          createAndCancel(client, teamId, board, beat);
        }
        board.awaitAllEnded(limit);
      } finally {
        watch.close();
      }
      board.summary(watch, Duration.between(started, Instant.now()));
    }
  }

  /**
   * The fake in real time. The vendor documents {@code X-RateLimit-*} on error answers only, and a client
   * that never saw a budget polls as if it were 100 an hour (every 72 s): this fake announces its budget
   * on every answer, and a large one, so the watch polls every 2 s (and faster when the test asks).
   */
  static FakeBackfillsServer.Builder fake(Duration beat) {
    return FakeBackfillsServer.builder()
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER)
        .rateLimitPerHour(100_000)
        // What the demo creates: CREATED for 2 beats, SCHEDULED for 2, then two runs every 0.8 beats.
        .createdBackfillPlan(plan -> plan.scheduleAfter(beats(beat, 2)).startAfter(beats(beat, 4))
            .runDuration(beats(beat, 0.8)).parallelism(2));
  }

  /** Backfills that complete, fail and run long enough to be cancelled, within about 20 beats of {@code now}. */
  static void seed(FakeBackfillsServer server, Instant now, Duration beat) {
    long team = FakeBackfillsServer.DEFAULT_TEAM_ID;
    LocalDate jan = LocalDate.of(2024, 1, 1);
    server.addBackfill(team, FakeBackfill.builder(jan, jan.plusDays(13))
        .id(1001).transferId(456788).createdAt(now.minus(beats(beat, 4))).runDuration(beats(beat, 1.2)).build());
    server.addBackfill(team, FakeBackfill.builder(jan, jan.plusDays(30))
        .id(1002).transferId(456789).createdAt(now.minus(beats(beat, 3))).runDuration(beats(beat, 0.6))
        .failRun(jan.plusDays(14), "Connection timeout to data source")
        .failRun(jan.plusDays(15), "Quota exceeded at the data source").build());
    // Would run for 30 beats; the demo cancels it at about 40%.
    server.addBackfill(team, FakeBackfill.builder(jan.plusMonths(1), jan.plusMonths(1).plusDays(19))
        .id(TO_CANCEL).transferId(456790).createdAt(now.minus(beats(beat, 3))).runDuration(beats(beat, 1.5))
        .build());
    server.addBackfill(team, FakeBackfill.builder(jan.plusMonths(2), jan.plusMonths(2).plusDays(7))
        .id(1004).transferId(456791).createdAt(now).scheduleAfter(beats(beat, 2))
        .startAfter(beats(beat, 4)).runDuration(beats(beat, 2)).build());
    server.addBackfill(team, FakeBackfill.builder(jan.minusYears(1), jan.minusYears(1).plusDays(89))
        .id(1005).transferId(456792).createdAt(now).runDuration(beats(beat, 0.4)).parallelism(2).build());
    server.addTransfer(team, NEW_TRANSFER);
  }

  /** While the watch runs: creates a backfill after 3 beats, and cancels one 6 beats later. */
  private static void createAndCancel(BackfillsClient client, long teamId, Board board, Duration beat)
      throws InterruptedException {
    board.watchFor(beats(beat, 3));
    Backfill created = client.createBackfill(teamId, NEW_TRANSFER, NEW_START, NEW_END);
    board.expect(created.transferBackfillId());
    // Notes stay under 80 columns: the redraw in place counts lines, and a wrapped one would throw it off.
    board.note("created backfill " + created.transferBackfillId() + " with createBackfill: onNew at the next poll");
    board.watchFor(beats(beat, 6));
    Backfill cancelled = client.cancelBackfill(teamId, TO_CANCEL);
    board.note(String.format("cancelled backfill %d at %.0f%% with cancelBackfill: onFinished, %s",
        TO_CANCEL, 100 * cancelled.progress(), cancelled.status()));
  }

  private static Duration beats(Duration beat, double count) {
    return Duration.ofNanos(Math.round(beat.toNanos() * count));
  }

  /** The listener and the screen: keeps the newest state of each backfill and draws it. */
  private static final class Board implements BackfillListener {
    private final boolean terminal;
    private final PrintStream out;
    private final Map<Long, Backfill> latest = new LinkedHashMap<>();
    private final Set<Long> expected = new HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private volatile TeamWatch watch;
    private int linesDrawn;
    private int finishedReads;

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

    /** Something the demo did: under the bars on a terminal, one line in a log. */
    synchronized void note(String note) {
      notes.add(note);
      if (terminal) {
        redraw();
      } else {
        out.println("> " + note);
      }
    }

    /** A backfill the watch must have reported before the demo may end. */
    synchronized void expect(long id) {
      expected.add(id);
    }

    private void update(Backfill b) {
      latest.put(b.transferBackfillId(), b);
      if (terminal) {
        redraw();
      } else {
        out.println(line(b));
        for (TransferRunError e : b.errorReport()) {
          if (b.status() == BackfillStatus.FAILED || WatchTeam.hasEnded(b)) {
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
      for (String note : notes) {
        screen.append("\033[2K> ").append(note).append('\n');
        lines++;
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
          WatchTeam.hasEnded(b) || done == 0 ? "" : eta(b));
    }

    private String eta(Backfill b) {
      TeamWatch w = watch;
      Optional<Duration> left = w == null ? Optional.empty() : w.estimatedTimeRemaining(b.transferBackfillId());
      return left.map(d -> "  ETA " + (d.toSeconds() < 90 ? d.toSeconds() + " s" : d.toMinutes() + " min")).orElse("");
    }

    /** Lets the watch run for {@code time}, redrawing. */
    synchronized void watchFor(Duration time) throws InterruptedException {
      waitUntil(System.nanoTime() + time.toNanos(), () -> false);
    }

    /** Waits until every backfill seen (and every one expected) has ended, or {@code limit} passes. */
    synchronized void awaitAllEnded(Duration limit) throws InterruptedException {
      boolean ended = waitUntil(System.nanoTime() + limit.toNanos(), () -> !latest.isEmpty()
          && latest.keySet().containsAll(expected) && latest.values().stream().allMatch(WatchTeam::hasEnded));
      if (!ended) {
        out.println("(stopped watching after " + limit.toSeconds() + " s)");
      }
    }

    /** Waits on this board's monitor; true when {@code done} came true before the deadline. */
    private boolean waitUntil(long deadline, BooleanSupplier done) throws InterruptedException {
      while (!done.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 1000)));
        if (terminal && !latest.isEmpty()) {
          redraw(); // keeps the ETAs moving between polls
        }
      }
      return true;
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
