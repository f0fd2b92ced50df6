package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Lists a team's incomplete backfills, newest first, and what is left of the hourly request budget.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.ListIncompleteBackfills}:
 * with no {@code BACKFILLS_API_TOKEN} it lists the backfills of an embedded fake API; with one, set
 * {@code BACKFILLS_TEAM_ID} ({@code BACKFILLS_BASE_URL} optional).
 */
public final class ListIncompleteBackfills {
  private ListIncompleteBackfills() {}

  public static void main(String[] args) {
    run(System.getenv(), System.out);
  }

  static void run(Map<String, String> variables, PrintStream out) {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      print(client, env.teamId(), out);
    }
  }

  static void print(BackfillsClient client, long teamId, PrintStream out) {
    List<Backfill> backfills = client.listIncompleteBackfills(teamId);
    if (backfills.isEmpty()) {
      out.println("Nothing in progress for team " + teamId);
    }
    for (Backfill b : backfills) {
      out.printf("%d  %-9s  %3.0f%%  %s..%s%n", b.transferBackfillId(), b.status(), 100 * b.progress(),
          b.rangeStartDate(), b.rangeEndDate());
    }
    // The API promises X-RateLimit-* on error answers only, so after a 200 the budget may be unknown.
    client.lastRateLimit().ifPresentOrElse(
        r -> out.printf("%d of %d requests left this hour%n", r.remaining(), r.limit()),
        () -> out.println("(the answer did not say how many requests are left this hour)"));
  }
}
