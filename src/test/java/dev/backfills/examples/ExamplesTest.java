package dev.backfills.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.BackfillsClient;
import dev.backfills.PollingOptions;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.RateLimitHeaders;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the examples against the embedded fake API, so they keep working as the library changes. */
class ExamplesTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);

  // ListIncompleteBackfills prints the budget, which the client learns from the 200 it gets.
  private final FakeBackfillsServer server = FakeBackfillsServer.builder().rateLimitPerHour(10_000)
      .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER).build();
  private final BackfillsClient client = BackfillsClient.builder()
      .baseUrl(server.baseUrl()).token(FakeBackfillsServer.DEFAULT_TOKEN).build();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private long add(FakeBackfill.Builder plan) {
    return server.addBackfill(TEAM, plan.build()).transferBackfillId();
  }

  @Test
  void getBackfillPrintsProgressAndFailures() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(2)).createdAt(Instant.now().minusSeconds(3600))
        .failRun(JAN_1, "Connection timeout to data source"));

    GetBackfill.print(client, TEAM, id, out);

    assertThat(printed()).contains("Backfill " + id).contains("FAILED")
        .contains("run of 2024-01-01 failed: Connection timeout to data source");
  }

  @Test
  void listIncompleteBackfillsPrintsOneLinePerBackfillAndTheBudget() {
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(30)).runDuration(Duration.ofHours(1)));
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(3)).runDuration(Duration.ofHours(1)));

    ListIncompleteBackfills.print(client, TEAM, out);

    assertThat(printed().lines()).hasSize(3);
    assertThat(printed()).contains("requests left this hour");
  }

  @Test
  void handleErrorsTurnsANotFoundIntoAnAnswer() {
    assertThat(HandleErrors.describe(client, TEAM, 424242)).isEqualTo("no backfill 424242 in team " + TEAM);
  }

  @Test
  void handleErrorsExplainsAForbiddenTeam() {
    assertThat(HandleErrors.describe(client, 77, 1)).startsWith("this token may not read team 77");
  }

  @Test
  void awaitBackfillReportsHowItEnded() {
    long id = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(1)).runDuration(Duration.ofMillis(100)));

    boolean completed = AwaitBackfill.await(client, TEAM, id, Duration.ofMinutes(1), out);

    assertThat(completed).isTrue();
    assertThat(printed()).contains("ended COMPLETED");
  }

  @Test
  void watchTeamPrintsEventsUntilEnoughFinished() throws Exception {
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(1)).runDuration(Duration.ofMillis(100)));

    WatchTeam.watch(client, TEAM, 1, out);

    assertThat(printed()).contains("started watching").contains("finished COMPLETED");
  }

  @Test
  void asyncCompositionAddsUpRunsAcrossBackfills() throws Exception {
    long a = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(9)).runDuration(Duration.ofHours(1)));
    long b = add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(4)).runDuration(Duration.ofHours(1)));

    int total = AsyncComposition.totalRuns(client, TEAM, List.of(a, b)).get();
    int finished = AsyncComposition.finishedRuns(client, TEAM, List.of(a, b, 999_999L)).get();

    assertThat(total).isEqualTo(15);
    assertThat(finished).isZero();
  }

  @Test
  void theDemoWatchesUntilEveryBackfillHasEndedAndSummarises() throws Exception {
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(3)).runDuration(Duration.ofMillis(100)));
    add(FakeBackfill.builder(JAN_1, JAN_1.plusDays(3)).runDuration(Duration.ofMillis(100)).failRun(JAN_1, "boom"));

    Demo.run(client, TEAM, PollingOptions.defaults().withInterval(Duration.ofMillis(100)), Duration.ofSeconds(60),
        false, out);

    assertThat(printed()).contains("Summary:").contains("COMPLETED 4 completed").contains("FAILED    3 completed, 1 failed")
        .contains("x 2024-01-01: boom").doesNotContain("stopped watching");
  }

  @Test
  void theDemoSeedAdvancesThroughEveryKindOfEnding() {
    Instant now = Instant.now();
    Demo.seed(server, now);

    assertThat(client.listIncompleteBackfills(TEAM)).hasSize(5);
  }
}
