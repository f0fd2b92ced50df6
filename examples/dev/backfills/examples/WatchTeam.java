package dev.backfills.examples;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
import dev.backfills.TeamWatch;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows every backfill of a team with a listener, for example to post to a chat channel when one
 * finishes. One list request per poll covers the whole team, whatever the number of backfills.
 *
 * <p>Run with {@code BACKFILLS_API_TOKEN} and {@code BACKFILLS_TEAM_ID} set; stops after the given
 * number of finished backfills or on Ctrl-C.
 */
public final class WatchTeam {
  private WatchTeam() {}

  public static void main(String[] args) throws InterruptedException {
    try (BackfillsClient client = BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN")).build()) {
      watch(client, Long.parseLong(System.getenv("BACKFILLS_TEAM_ID")), Integer.MAX_VALUE, System.out);
    }
  }

  /** Prints events until {@code finishes} backfills have finished or the token stops working. */
  static void watch(BackfillsClient client, long teamId, int finishes, PrintStream out) throws InterruptedException {
    CountDownLatch enough = new CountDownLatch(finishes);
    CountDownLatch fatal = new CountDownLatch(1);
    BackfillListener listener = new BackfillListener() {
      @Override
      public void onNew(Backfill b) {
        out.printf("%d started watching: %s, %d runs%n", b.transferBackfillId(), b.status(), b.transferRunsTotal());
      }

      @Override
      public void onProgress(Backfill before, Backfill now) {
        if (before.status() != now.status()) {
          out.printf("%d: %s -> %s%n", now.transferBackfillId(), before.status(), now.status());
        }
      }

      @Override
      public void onFinished(Backfill b) {
        out.printf("%d finished %s (%d failed runs)%n", b.transferBackfillId(), b.status(), b.transferRunsFailed());
        enough.countDown();
      }

      @Override
      public void onError(BackfillsException e) {
        out.println("poll failed: " + e.getMessage());
        if (e instanceof UnauthorizedException || e instanceof ForbiddenException) {
          fatal.countDown(); // the watch has stopped itself
        }
      }
    };
    try (TeamWatch watch = client.watchTeam(teamId, listener)) {
      while (enough.getCount() > 0 && fatal.getCount() > 0) {
        enough.await(1, TimeUnit.SECONDS);
      }
    }
  }
}
