package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads several backfills at once without a thread per request, and combines the answers.
 *
 * <p>{@code mvn -q test-compile exec:java -Dexec.mainClass=dev.backfills.examples.AsyncComposition}: with
 * no {@code BACKFILLS_API_TOKEN} it adds up three backfills of an embedded fake API; with one, set
 * {@code BACKFILLS_TEAM_ID} ({@code BACKFILLS_BASE_URL} optional) and pass backfill ids as arguments
 * ({@code -Dexec.args="1001 1002"}).
 */
public final class AsyncComposition {
  private AsyncComposition() {}

  public static void main(String[] args) throws Exception {
    run(System.getenv(), System.out, args);
  }

  static void run(Map<String, String> variables, PrintStream out, String... args) throws Exception {
    try (ExampleEnvironment env = ExampleEnvironment.from(variables, out);
        BackfillsClient client = env.clientBuilder().build()) {
      long teamId = env.teamId();
      List<Long> ids = Arrays.stream(args).map(Long::valueOf).toList();
      if (ids.isEmpty() && env.isFake()) {
        ids = List.of(ExampleEnvironment.FAKE_RUNNING_BACKFILL, ExampleEnvironment.FAKE_COMPLETING_BACKFILL,
            ExampleEnvironment.FAKE_CREATED_BACKFILL);
      } else if (ids.isEmpty()) {
        throw new IllegalArgumentException("pass the ids of the backfills to add up as arguments");
      }
      // Every request (one read per id, one list) is in flight at once; get() waits for the answers.
      CompletableFuture<Integer> finished = finishedRuns(client, teamId, ids);
      CompletableFuture<Integer> total = totalRuns(client, teamId, ids);
      out.printf("Backfills %s: %d of %d runs finished%n", ids, finished.get(1, TimeUnit.MINUTES),
          total.get(1, TimeUnit.MINUTES));
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
