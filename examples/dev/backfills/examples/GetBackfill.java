package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import dev.backfills.model.TransferRunError;
import java.io.PrintStream;
import java.util.Map;

/**
 * Reads one backfill and prints its progress and failures.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.GetBackfill}: with no
 * {@code BACKFILLS_API_TOKEN} it reads a backfill of an embedded fake API; with one, set
 * {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_BACKFILL_ID} ({@code BACKFILLS_BASE_URL} optional).
 */
public final class GetBackfill {
  private GetBackfill() {}

  public static void main(String[] args) {
    run(System.getenv(), System.out);
  }

  static void run(Map<String, String> variables, PrintStream out) {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      print(client, env.teamId(), env.backfillId(), out);
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
