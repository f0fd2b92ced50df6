package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import dev.backfills.model.TransferRunError;
import java.io.PrintStream;

/**
 * Reads one backfill and prints its progress and failures.
 *
 * <p>Run with {@code BACKFILLS_API_TOKEN}, {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_BACKFILL_ID} set.
 */
public final class GetBackfill {
  private GetBackfill() {}

  public static void main(String[] args) {
    try (BackfillsClient client = BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN")).build()) {
      print(client, Long.parseLong(System.getenv("BACKFILLS_TEAM_ID")),
          Long.parseLong(System.getenv("BACKFILLS_BACKFILL_ID")), System.out);
    }
  }

  static void print(BackfillsClient client, long teamId, long backfillId, PrintStream out) {
    Backfill b = client.getBackfill(teamId, backfillId);
    out.printf("Backfill %d of transfer %d, %s to %s: %s%n",
        b.transferBackfillId(), b.transferId(), b.rangeStartDate(), b.rangeEndDate(), b.status());
    out.printf("  %d of %d runs completed, %d failed (%.0f%% done)%n",
        b.transferRunsCompleted(), b.transferRunsTotal(), b.transferRunsFailed(), 100 * b.progress());
    for (TransferRunError e : b.errorReport()) {
      out.printf("  run of %s failed: %s%n", e.transferRunDate(), e.error());
    }
  }
}
