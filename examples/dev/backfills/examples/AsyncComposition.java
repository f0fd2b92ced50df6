package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads several backfills at once without a thread per request, and combines the answers.
 *
 * <p>Run with {@code BACKFILLS_API_TOKEN}, {@code BACKFILLS_TEAM_ID} and backfill ids as arguments.
 */
public final class AsyncComposition {
  private AsyncComposition() {}

  public static void main(String[] args) throws Exception {
    try (BackfillsClient client = BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN")).build()) {
      long teamId = Long.parseLong(System.getenv("BACKFILLS_TEAM_ID"));
      List<Long> ids = java.util.Arrays.stream(args).map(Long::valueOf).toList();
      System.out.printf("%d of %d runs finished%n", finishedRuns(client, teamId, ids).get(1, TimeUnit.MINUTES),
          totalRuns(client, teamId, ids).get(1, TimeUnit.MINUTES));
    }
  }

  /** Finished runs over several backfills; a backfill that cannot be read counts as 0. */
  static CompletableFuture<Integer> finishedRuns(BackfillsClient client, long teamId, List<Long> ids) {
    List<CompletableFuture<Integer>> each = ids.stream()
        .map(id -> client.getBackfillAsync(teamId, id)
            .thenApply(b -> b.transferRunsCompleted() + b.transferRunsFailed())
            .exceptionally(failure -> 0))
        .toList();
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(done -> each.stream().mapToInt(CompletableFuture::join).sum());
  }

  /** Total runs of the team's incomplete backfills among {@code ids}, from one list request. */
  static CompletableFuture<Integer> totalRuns(BackfillsClient client, long teamId, List<Long> ids) {
    return client.listIncompleteBackfillsAsync(teamId)
        .thenApply(list -> list.stream().filter(b -> ids.contains(b.transferBackfillId()))
            .mapToInt(Backfill::transferRunsTotal).sum());
  }
}
