package dev.backfills.examples;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
import dev.backfills.TeamWatch;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The vendor CLI's {@code backfills create --wait}, done safely: creates a backfill for a transfer and a
 * date range, prints its progress with an ETA until it ends (at most 60 minutes, as the CLI), reports
 * the runs that failed, and exits 0 if it completed, 1 if not.
 *
 * <p>Unlike the CLI, which resends a failed {@code POST} blindly, {@code createBackfill} never makes two
 * backfills: when the answer to the create is lost, it checks the transfer's latest backfill before
 * sending again (README, "What happens when an answer is lost").
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.CreateAndWait}: with no
 * {@code BACKFILLS_API_TOKEN} it backfills January 2024 for a transfer of an embedded fake API, in fake
 * time (on the fake, a range that includes 2024-02-14 has a failed run). With a
 * token, set {@code BACKFILLS_TEAM_ID} ({@code BACKFILLS_BASE_URL} optional) and give the transfer and
 * range as arguments ({@code -Dexec.args="456789 2024-01-01 2024-01-31"}) or as
 * {@code BACKFILLS_TRANSFER_ID}, {@code BACKFILLS_RANGE_START} and {@code BACKFILLS_RANGE_END}.
 */
public final class CreateAndWait {
  /** How long to wait at most: the CLI's cap. The backfill goes on running after it. */
  static final Duration WAIT_AT_MOST = Duration.ofMinutes(60);

  private CreateAndWait() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(System.getenv(), System.out, args));
  }

  /** Returns the exit status: 0 when the backfill completed. */
  static int run(Map<String, String> variables, PrintStream out, String... args) throws InterruptedException {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      long teamId = env.teamId();
      long transferId = args.length > 0 ? Long.parseLong(args[0]) : env.transferId();
      LocalDate start = args.length > 1 ? LocalDate.parse(args[1])
          : env.date("BACKFILLS_RANGE_START", LocalDate.of(2024, 1, 1));
      LocalDate end = args.length > 2 ? LocalDate.parse(args[2])
          : env.date("BACKFILLS_RANGE_END", LocalDate.of(2024, 1, 31));
      return createAndWait(client, teamId, transferId, start, end, out) ? 0 : 1;
    }
  }

  /** Creates the backfill and waits for it; true when it completed. */
  static boolean createAndWait(BackfillsClient client, long teamId, long transferId, LocalDate start,
      LocalDate end, PrintStream out) throws InterruptedException {
    Backfill created;
    try {
      created = client.createBackfill(teamId, transferId, start, end);
    } catch (ApiException e) {
      if (e.statusCode() != 422) {
        throw e;
      }
      // The API refuses a range that overlaps a backfill of the transfer that is still active, such as
      // one this command started before: nothing was created, and there is nothing to wait for.
      out.println("Not created: " + e.getMessage());
      return false;
    }
    long id = created.transferBackfillId();
    out.printf("Created backfill %d for transfer %d, %s to %s: %s, %d runs%n", id, transferId, start, end,
        created.status(), created.transferRunsTotal());

    // One poller does it all: a watch of the team prints the progress lines, with the ETA it estimates,
    // and says when the backfill has ended, at one list request per poll (whatever the team's size),
    // within half the request budget. awaitBackfill knows when a backfill has ended too but has no
    // progress callback, and running it beside the watch would poll twice for the same news. (Without
    // progress lines, awaitBackfill alone is the simplest: see AwaitBackfill.) A getBackfill loop of
    // our own would have to redo the pacing, the rate-limit pauses and the retries by hand.
    ProgressLines progress = new ProgressLines(id, out);
    Backfill done;
    try (TeamWatch watch = client.watchTeam(teamId, progress)) {
      progress.etaFrom(watch);
      done = awaitEnd(client, teamId, progress, watch);
    } catch (TimeoutException e) {
      Backfill last = client.getBackfill(teamId, id);
      out.printf("Backfill %d is still %s after %d min; it goes on running (look at it with GetBackfill)%n",
          id, last.status(), WAIT_AT_MOST.toMinutes());
      return false;
    } catch (ExecutionException e) {
      out.println("The watch stopped: " + e.getCause().getMessage());
      return false;
    }

    int finished = done.transferRunsCompleted() + done.transferRunsFailed();
    out.printf("Backfill %d %s: %d of %d runs completed, %d failed%s%n", id, done.status(),
        done.transferRunsCompleted(), done.transferRunsTotal(), done.transferRunsFailed(),
        finished < done.transferRunsTotal() ? ", " + (done.transferRunsTotal() - finished) + " not run" : "");
    for (TransferRunError e : done.errorReport()) {
      out.printf("  run of %s failed: %s%n", e.transferRunDate(), e.error());
    }
    return done.status() == BackfillStatus.COMPLETED;
  }

  /**
   * Waits for the watch to report the backfill's end, at most {@link #WAIT_AT_MOST}. A watch reports only
   * what it has seen listed, and a short backfill can end before the watch's first poll: so once the
   * watch has polled and still not shown it, one read by id tells whether it has already ended.
   */
  private static Backfill awaitEnd(BackfillsClient client, long teamId, ProgressLines progress, TeamWatch watch)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + WAIT_AT_MOST.toNanos();
    boolean readOnce = false;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException();
      }
      try {
        return progress.end().get(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException notYet) {
        if (!readOnce && !progress.seen() && watch.requestsSent() > 0) {
          readOnce = true;
          Backfill now = client.getBackfill(teamId, progress.id);
          if (now.status().isFinished() || now.status() == BackfillStatus.FAILED) {
            progress.print(now);
            return now;
          }
        }
      }
    }
  }

  /**
   * Prints a line whenever the backfill's status or counters change, and completes {@link #end()} when
   * it has ended: COMPLETED, CANCELLED or FAILED, the ends {@code awaitBackfill} knows too.
   */
  private static final class ProgressLines implements BackfillListener {
    private final long id;
    private final PrintStream out;
    private final CompletableFuture<Backfill> end = new CompletableFuture<>();
    private volatile TeamWatch watch; // set just after the watch starts; its first poll may come before
    private volatile boolean seen;

    ProgressLines(long id, PrintStream out) {
      this.id = id;
      this.out = out;
    }

    void etaFrom(TeamWatch watch) {
      this.watch = watch;
    }

    CompletableFuture<Backfill> end() {
      return end;
    }

    /** Whether the watch has shown the backfill. */
    boolean seen() {
      return seen;
    }

    @Override
    public void onNew(Backfill b) {
      if (b.transferBackfillId() == id) {
        print(b);
      }
    }

    @Override
    public void onProgress(Backfill before, Backfill now) {
      if (now.transferBackfillId() == id) {
        print(now);
        if (now.status() == BackfillStatus.FAILED) {
          end.complete(now); // FAILED is still listed as incomplete: it never reaches onFinished
        }
      }
    }

    @Override
    public void onFinished(Backfill b) {
      if (b.transferBackfillId() == id) {
        end.complete(b); // COMPLETED or CANCELLED
      }
    }

    @Override
    public void onError(BackfillsException e) {
      if (e instanceof UnauthorizedException || e instanceof ForbiddenException) {
        end.completeExceptionally(e); // the watch has stopped itself
      }
      // Other failures (a 503, a timeout) are retried by the watch with backoff: keep waiting.
    }

    void print(Backfill b) {
      seen = true;
      StringBuilder line = new StringBuilder(String.format("  %-9s %3d/%d runs finished (%3.0f%%)", b.status(),
          b.transferRunsCompleted() + b.transferRunsFailed(), b.transferRunsTotal(), 100 * b.progress()));
      if (b.transferRunsFailed() > 0) {
        line.append(", ").append(b.transferRunsFailed()).append(" failed");
      }
      TeamWatch w = watch;
      if (w != null && b.status() == BackfillStatus.RUNNING) {
        w.estimatedTimeRemaining(id).ifPresent(left -> line.append(", ETA ").append(
            left.toSeconds() < 90 ? left.toSeconds() + " s" : left.toMinutes() + " min"));
      }
      out.println(line);
    }
  }
}
