package dev.backfills.examples;

import dev.backfills.ApiResponse;
import dev.backfills.BackfillsClient;
import dev.backfills.model.Backfill;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The README's demo: {@code mvn -q test-compile exec:java}.
 *
 * <p>With no environment set it starts the embedded fake API on 127.0.0.1 with a few backfills in
 * different states, so it needs no token and no network. With {@code BACKFILLS_API_TOKEN} set it reads
 * the real API instead ({@code BACKFILLS_BASE_URL} and {@code BACKFILLS_TEAM_ID} optional).
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    String token = System.getenv("BACKFILLS_API_TOKEN");
    if (token != null && !token.isBlank()) {
      String baseUrl = System.getenv().getOrDefault("BACKFILLS_BASE_URL", BackfillsClient.DEFAULT_BASE_URL);
      long teamId = Long.parseLong(System.getenv().getOrDefault("BACKFILLS_TEAM_ID", "1"));
      try (BackfillsClient client = BackfillsClient.builder().token(token).baseUrl(baseUrl).build()) {
        System.out.println("Backfills API at " + baseUrl);
        show(client, teamId, System.out);
      }
      return;
    }
    try (FakeBackfillsServer server = FakeBackfillsServer.start();
        BackfillsClient client = BackfillsClient.builder()
            .baseUrl(server.baseUrl())
            .token(FakeBackfillsServer.DEFAULT_TOKEN)
            .build()) {
      seed(server);
      System.out.println("Embedded fake API at " + server.baseUrl() + " (no token, no network needed)");
      show(client, FakeBackfillsServer.DEFAULT_TEAM_ID, System.out);
    }
  }

  /** A handful of backfills in different states, as a team would have them. */
  static void seed(FakeBackfillsServer server) {
    long team = FakeBackfillsServer.DEFAULT_TEAM_ID;
    Instant now = Instant.now();
    server.addBackfill(team, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 14))
        .transferId(456788).createdAt(now.minusSeconds(3600)).scheduleAfter(Duration.ofHours(2))
        .startAfter(Duration.ofHours(3)).build());
    server.addBackfill(team, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
        .transferId(456789).createdAt(now.minusSeconds(1800)).startAfter(Duration.ofMinutes(5))
        .runDuration(Duration.ofMinutes(1)).failRun(LocalDate.of(2024, 1, 15), "Connection timeout to data source")
        .failRun(LocalDate.of(2024, 1, 16), "Quota exceeded at the data source").build());
    server.addBackfill(team, FakeBackfill.builder(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 28))
        .transferId(456790).createdAt(now.minusSeconds(600)).runDuration(Duration.ofSeconds(40)).build());
    server.addBackfill(team, FakeBackfill.builder(LocalDate.of(2023, 12, 1), LocalDate.of(2023, 12, 31))
        .transferId(456791).createdAt(now.minusSeconds(7200)).runDuration(Duration.ofSeconds(10)).build());
  }

  static void show(BackfillsClient client, long teamId, PrintStream out) {
    ApiResponse<List<Backfill>> answer = client.listIncompleteBackfillsWithResponse(teamId);
    List<Backfill> backfills = answer.data();
    out.printf("%nIncomplete backfills of team %d, newest first (request id %s):%n", teamId, answer.requestId());
    out.printf("  %-8s %-9s %-23s %-10s %19s %6s%n", "ID", "TRANSFER", "RANGE", "STATUS", "DONE/FAILED/TOTAL", "");
    for (Backfill b : backfills) {
      out.printf("  %-8d %-9d %-23s %-10s %19s %5.0f%%%n", b.transferBackfillId(), b.transferId(),
          b.rangeStartDate() + ".." + b.rangeEndDate(), b.status(),
          b.transferRunsCompleted() + "/" + b.transferRunsFailed() + "/" + b.transferRunsTotal(), 100 * b.progress());
    }
    if (backfills.isEmpty()) {
      out.println("  (none)");
      return;
    }
    Backfill busiest = backfills.stream()
        .filter(b -> !b.errorReport().isEmpty()).findFirst().orElse(backfills.get(0));
    out.printf("%nBackfill %d in detail:%n", busiest.transferBackfillId());
    GetBackfill.print(client, teamId, busiest.transferBackfillId(), out);
    out.printf("  created %s by user %s, started %s%n", busiest.createdTime(), busiest.createdUserId(),
        busiest.startTime() == null ? "not yet" : busiest.startTime().toString());
    client.lastRateLimit().ifPresent(r ->
        out.printf("%nRequest budget: %d of %d requests left this hour%n", r.remaining(), r.limit()));
  }
}
