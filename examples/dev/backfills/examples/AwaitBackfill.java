package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.WaitTimeoutException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Blocks until one backfill ends, then reports how it ended; a pipeline step that must not start
 * before its backfill is done would do this.
 *
 * <p>Run with {@code BACKFILLS_API_TOKEN}, {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_BACKFILL_ID} set.
 */
public final class AwaitBackfill {
  private AwaitBackfill() {}

  public static void main(String[] args) {
    try (BackfillsClient client = BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN")).build()) {
      boolean ok = await(client, Long.parseLong(System.getenv("BACKFILLS_TEAM_ID")),
          Long.parseLong(System.getenv("BACKFILLS_BACKFILL_ID")), Duration.ofHours(2), System.out);
      System.exit(ok ? 0 : 1);
    }
  }

  /** Waits; true when the backfill completed. Polling is paced by the client within the rate budget. */
  static boolean await(BackfillsClient client, long teamId, long backfillId, Duration timeout, PrintStream out) {
    try {
      Backfill done = client.awaitBackfill(teamId, backfillId, timeout);
      out.printf("backfill %d ended %s: %d completed, %d failed%n", backfillId, done.status(),
          done.transferRunsCompleted(), done.transferRunsFailed());
      done.errorReport().forEach(e -> out.printf("  %s: %s%n", e.transferRunDate(), e.error()));
      return done.status() == BackfillStatus.COMPLETED;
    } catch (WaitTimeoutException e) {
      Backfill last = e.lastSeen();
      out.printf("gave up after %s; last seen %s%n", timeout,
          last == null ? "never" : last.status() + String.format(" at %.0f%%", 100 * last.progress()));
      return false;
    }
  }
}
