package dev.backfills.examples;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
import dev.backfills.TeamWatch;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Follows every backfill of a team with a listener, for example to post to a chat channel when a run
 * fails or a backfill finishes. One list request per poll covers the whole team, whatever the number of
 * backfills.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.WatchTeam}: with no
 * {@code BACKFILLS_API_TOKEN} it watches the team of an embedded fake API, in fake time; with one, set
 * {@code BACKFILLS_TEAM_ID} ({@code BACKFILLS_BASE_URL} optional). It stops once every backfill it has
 * seen running has ended, when the token stops working, or on Ctrl-C.
 */
public final class WatchTeam {
  private WatchTeam() {}

  public static void main(String[] args) throws InterruptedException {
    run(System.getenv(), System.out);
  }

  static void run(Map<String, String> variables, PrintStream out) throws InterruptedException {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      watch(client, env.teamId(), out);
    }
  }

  /** Prints events until every backfill seen running has ended, or the token stops working. */
  static void watch(BackfillsClient client, long teamId, PrintStream out) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    // The watch calls its listener on one thread, in order, so plain collections are enough here.
    BackfillListener listener = new BackfillListener() {
      private final Set<Long> running = new HashSet<>();

      @Override
      public void onNew(Backfill b) {
        out.printf("%d: %s, %d of %d runs finished%n", b.transferBackfillId(), b.status(),
            b.transferRunsCompleted() + b.transferRunsFailed(), b.transferRunsTotal());
        if (!hasEnded(b)) {
          running.add(b.transferBackfillId());
        }
      }

      @Override
      public void onProgress(Backfill before, Backfill now) {
        // A chat bot would not post every counter change: only new failures and new statuses.
        for (int i = before.errorReport().size(); i < now.errorReport().size(); i++) {
          TransferRunError e = now.errorReport().get(i);
          out.printf("%d: run of %s failed: %s%n", now.transferBackfillId(), e.transferRunDate(), e.error());
        }
        if (before.status() != now.status()) {
          out.printf("%d: %s -> %s%n", now.transferBackfillId(), before.status(), now.status());
        }
        if (hasEnded(now)) {
          running.remove(now.transferBackfillId());
          stopWhenNothingRuns();
        }
      }

      @Override
      public void onFinished(Backfill b) {
        out.printf("%d finished %s (%d failed runs)%n", b.transferBackfillId(), b.status(), b.transferRunsFailed());
        running.remove(b.transferBackfillId());
        stopWhenNothingRuns();
      }

      @Override
      public void onError(BackfillsException e) {
        out.println("poll failed: " + e.getMessage());
        if (e instanceof UnauthorizedException || e instanceof ForbiddenException) {
          out.println("The token was refused; the watch has stopped.");
          stop.countDown(); // the watch stops itself: the token will not start working by itself
        }
      }

      private void stopWhenNothingRuns() {
        if (running.isEmpty() && stop.getCount() > 0) {
          out.println("Nothing left running.");
          stop.countDown();
        }
      }
    };
    try (TeamWatch watch = client.watchTeam(teamId, listener)) {
      stop.await();
      out.printf("Stopped watching team %d after %d requests.%n", teamId, watch.requestsSent());
    }
  }

  /**
   * Whether a backfill can make no more progress: COMPLETED or CANCELLED, or FAILED with every run done
   * (FAILED counts as incomplete, and stays in the list until it is re-run or cancelled).
   */
  static boolean hasEnded(Backfill b) {
    return b.status().isFinished() || (b.status() == BackfillStatus.FAILED
        && b.transferRunsCompleted() + b.transferRunsFailed() >= b.transferRunsTotal());
  }
}
