package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.WaitTimeoutException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Blocks until one backfill ends, then reports how it ended and exits 0 if it completed, 1 if not; a
 * pipeline step that must not start before its backfill is done would do this.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.AwaitBackfill}: with no
 * {@code BACKFILLS_API_TOKEN} it waits, in fake time, for a backfill of an embedded fake API that ends
 * FAILED; with one, set {@code BACKFILLS_TEAM_ID} and {@code BACKFILLS_BACKFILL_ID}
 * ({@code BACKFILLS_BASE_URL} optional).
 */
public final class AwaitBackfill {
  private AwaitBackfill() {}

  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.out));
  }

  /** Returns the exit status: 0 when the backfill completed. */
  static int run(Map<String, String> variables, PrintStream out) {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      long teamId = env.teamId();
      long backfillId = env.backfillId();
      Backfill now = client.getBackfill(teamId, backfillId);
      out.printf("Waiting for backfill %d of team %d: %s, %d of %d runs finished%n", backfillId, teamId,
          now.status(), now.transferRunsCompleted() + now.transferRunsFailed(), now.transferRunsTotal());
      return await(client, teamId, backfillId, Duration.ofHours(2), out) ? 0 : 1;
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
