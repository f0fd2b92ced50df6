package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import java.io.PrintStream;
import java.util.List;

/**
 * Lists a team's incomplete backfills, newest first.
 *
 * <p>Run with {@code BACKFILLS_API_TOKEN} and {@code BACKFILLS_TEAM_ID} set.
 */
public final class ListIncompleteBackfills {
  private ListIncompleteBackfills() {}

  public static void main(String[] args) {
    try (BackfillsClient client = BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN")).build()) {
      print(client, Long.parseLong(System.getenv("BACKFILLS_TEAM_ID")), System.out);
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
    client.lastRateLimit().ifPresent(r -> out.printf("%d of %d requests left this hour%n", r.remaining(), r.limit()));
  }
}
