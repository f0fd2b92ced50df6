package dev.backfills.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.BackfillsClient;
import dev.backfills.CallListener;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every example as its {@code main} does, with an empty environment: each starts its own embedded
 * fake API and must say so first, then print what it is there to show. Except for the demo, which runs
 * in real time (sped up here), they run on fake time, so the class takes seconds.
 */
@Timeout(60)
class ExamplesTest {
  private static final String FAKE_LINE =
      "No BACKFILLS_API_TOKEN set: running against an embedded fake API at http://127.0.0.1:";
  private static final Map<String, String> NO_ENVIRONMENT = Map.of();

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void getBackfillReadsTheFakesRunningBackfillWithItsFailedRuns() {
    GetBackfill.run(NO_ENVIRONMENT, out);

    assertThat(lines()).containsExactly(
        lines().get(0),
        "Backfill 1001 of transfer 456789, 2024-01-01 to 2024-01-31: RUNNING",
        "  18 of 31 runs completed, 2 failed (65% done)",
        "  run of 2024-01-05 failed: Connection timeout to data source",
        "  run of 2024-01-09 failed: Quota exceeded at the data source");
    assertThat(lines().get(0)).startsWith(FAKE_LINE).endsWith("/v1 (fake time).");
  }

  @Test
  void listIncompleteBackfillsPrintsOneLinePerBackfillNewestFirstAndTheBudget() {
    ListIncompleteBackfills.run(NO_ENVIRONMENT, out);

    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().subList(1, lines().size())).containsExactly(
        "1003  CREATED      0%  2023-10-01..2023-12-31",
        "1002  RUNNING     41%  2024-02-01..2024-02-29",
        "1001  RUNNING     65%  2024-01-01..2024-01-31",
        "9999 of 10000 requests left this hour");
  }

  @Test
  void handleErrorsShowsAFoundBackfillAndTurnsA404IntoAnAnswer() {
    HandleErrors.run(NO_ENVIRONMENT, out);

    assertThat(lines()).hasSize(3);
    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().subList(1, 3)).containsExactly("backfill 1001 is RUNNING", "no backfill 999999 in team 1");
  }

  @Test
  void handleErrorsExplainsATeamTheTokenMayNotRead() {
    // The variables are used on the fake too: its token may read team 1 only.
    HandleErrors.run(Map.of("BACKFILLS_TEAM_ID", "77"), out, "1001");

    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().get(1)).startsWith("this token may not read team 77 (request id fake-");
  }

  @Test
  void awaitBackfillWaitsInFakeTimeAndExitsOneForAFailedBackfill() {
    int status = AwaitBackfill.run(NO_ENVIRONMENT, out);

    assertThat(status).isEqualTo(1);
    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().subList(1, lines().size())).containsExactly(
        "Waiting for backfill 1001 of team 1: RUNNING, 20 of 31 runs finished",
        "backfill 1001 ended FAILED: 29 completed, 2 failed",
        "  2024-01-05: Connection timeout to data source",
        "  2024-01-09: Quota exceeded at the data source");
  }

  @Test
  void awaitBackfillExitsZeroForACompletedBackfill() {
    int status = AwaitBackfill.run(Map.of("BACKFILLS_BACKFILL_ID", "1002"), out);

    assertThat(status).isZero();
    assertThat(printed()).contains("backfill 1002 ended COMPLETED: 29 completed, 0 failed");
  }

  @Test
  void watchTeamReportsStatusChangesFailuresAndFinishesUntilNothingRuns() throws Exception {
    WatchTeam.run(NO_ENVIRONMENT, out);

    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().subList(1, 4)).containsExactly(
        "1003: CREATED, 0 of 92 runs finished",
        "1002: RUNNING, 12 of 29 runs finished",
        "1001: RUNNING, 20 of 31 runs finished");
    assertThat(lines()).containsSubsequence(
        "1003: CREATED -> SCHEDULED",
        "1002 finished COMPLETED (0 failed runs)",
        "1003: SCHEDULED -> RUNNING",
        "1001: RUNNING -> FAILED",
        "1003 finished COMPLETED (0 failed runs)",
        "Nothing left running.");
    assertThat(lines().get(lines().size() - 1)).matches("Stopped watching team 1 after \\d+ requests\\.");
  }

  @Test
  void asyncCompositionAddsUpRunsAcrossBackfills() throws Exception {
    AsyncComposition.run(NO_ENVIRONMENT, out);

    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().get(1)).isEqualTo("Backfills [1001, 1002, 1003]: 32 of 152 runs finished");
  }

  @Test
  void asyncCompositionCountsABackfillItCannotReadAsNothing() throws Exception {
    AsyncComposition.run(NO_ENVIRONMENT, out, "1001", "999999");

    assertThat(lines().get(1)).isEqualTo("Backfills [1001, 999999]: 20 of 31 runs finished");
  }

  @Test
  void createAndWaitCreatesShowsProgressWithAnEtaAndExitsZeroWhenItCompletes() throws Exception {
    int status = CreateAndWait.run(NO_ENVIRONMENT, out);

    assertThat(status).isZero();
    assertThat(lines().get(0)).startsWith(FAKE_LINE);
    assertThat(lines().get(1)).isEqualTo(
        "Created backfill 1004 for transfer 456800, 2024-01-01 to 2024-01-31: CREATED, 31 runs");
    assertThat(lines()).containsSubsequence(
        "  CREATED     0/31 runs finished (  0%)",
        "  SCHEDULED   0/31 runs finished (  0%)",
        "  RUNNING     0/31 runs finished (  0%)");
    assertThat(lines()).anySatisfy(line -> assertThat(line).matches("  RUNNING +\\d+/31 runs finished .*, ETA \\d+ .*"));
    assertThat(lines().get(lines().size() - 1)).isEqualTo("Backfill 1004 COMPLETED: 31 of 31 runs completed, 0 failed");
  }

  @Test
  void createAndWaitReportsABackfillThatEndedBeforeTheWatchFirstPolled() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2024-03-01T12:00:00Z"));
    try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build();
        BackfillsClient client = server.clientBuilder().callListener(new CallListener() {
          @Override
          public void onCallEnd(Call call, Outcome outcome) {
            if (call.operation().equals("createBackfill")) {
              clock.advance(Duration.ofDays(1)); // the backfill is over before the watch's first poll
            }
          }
        }).build()) {
      server.addTransfer(FakeBackfillsServer.DEFAULT_TEAM_ID, 42);

      boolean completed = CreateAndWait.createAndWait(client, FakeBackfillsServer.DEFAULT_TEAM_ID, 42,
          LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3), out);

      assertThat(completed).isTrue();
      assertThat(lines().get(lines().size() - 1)).matches("Backfill \\d+ COMPLETED: 3 of 3 runs completed, 0 failed");
    }
  }

  @Test
  void createAndWaitReportsTheFailedRunsAndExitsOne() throws Exception {
    int status = CreateAndWait.run(
        Map.of("BACKFILLS_RANGE_START", "2024-02-01", "BACKFILLS_RANGE_END", "2024-02-29"), out);

    assertThat(status).isEqualTo(1);
    assertThat(lines()).contains("  FAILED     29/29 runs finished (100%), 1 failed");
    assertThat(lines().subList(lines().size() - 2, lines().size())).containsExactly(
        "Backfill 1004 FAILED: 28 of 29 runs completed, 1 failed",
        "  run of 2024-02-14 failed: Quota exceeded at the data source");
  }

  @Test
  void createAndWaitCreatesNothingForARangeThatOverlapsAnActiveBackfill() throws Exception {
    int status = CreateAndWait.run(NO_ENVIRONMENT, out, "456790", "2024-02-10", "2024-02-12");

    assertThat(status).isEqualTo(1);
    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1)).startsWith("Not created: ").contains("422").contains("Backfill 1002");
  }

  @Test
  void theDemoCreatesCancelsAndWatchesEveryBackfillToItsEnd() throws Exception {
    // The demo's own scenario in real time, twenty times faster: a beat of 50 ms instead of a second.
    Demo.run(NO_ENVIRONMENT, out, false, Duration.ofMillis(50));

    assertThat(lines().get(0)).startsWith(FAKE_LINE).endsWith("/v1 (real time).");
    assertThat(lines()).anySatisfy(line -> assertThat(line).matches("1003 +RUNNING .*"));
    assertThat(lines()).contains("> created backfill 1006 with createBackfill: onNew at the next poll");
    assertThat(lines().stream().filter(line -> line.startsWith("1006 ")).findFirst()).hasValueSatisfying(
        first -> assertThat(first).matches("1006 +(CREATED|SCHEDULED|RUNNING) .*")); // seen before it completed
    assertThat(lines()).anySatisfy(line -> assertThat(line)
        .matches("> cancelled backfill 1003 at \\d+% with cancelBackfill: onFinished, CANCELLED"));
    assertThat(printed()).contains("    x 2024-01-15: Connection timeout to data source")
        .doesNotContain("stopped watching").doesNotContain("poll failed");
    assertThat(lines()).containsSubsequence("Summary:",
        "  1005   COMPLETED 90 completed, 0 failed of 90 runs",
        "  1004   COMPLETED 8 completed, 0 failed of 8 runs");
    assertThat(lines()).anySatisfy(line -> assertThat(line).matches("  1003 +CANCELLED \\d+ completed, 0 failed of 20 runs"))
        .contains("  1002   FAILED    29 completed, 2 failed of 31 runs",
            "  1001   COMPLETED 14 completed, 0 failed of 14 runs",
            "  1006   COMPLETED 20 completed, 0 failed of 20 runs");
  }

  @Test
  void withATokenTheExamplesUseBackfillsBaseUrl() {
    // A fake started here stands in for a real server: the example gets its URL and token from the variables.
    try (FakeBackfillsServer server = FakeBackfillsServer.start()) {
      long id = server.addBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID, FakeBackfill.builder(
          LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 3)).build()).transferBackfillId();

      GetBackfill.run(Map.of("BACKFILLS_API_TOKEN", FakeBackfillsServer.DEFAULT_TOKEN,
          "BACKFILLS_BASE_URL", server.baseUrl(), "BACKFILLS_TEAM_ID", "1", "BACKFILLS_BACKFILL_ID", "" + id), out);

      assertThat(lines().get(0)).isEqualTo("Backfill " + id + " of transfer 456789, 2024-05-01 to 2024-05-03: RUNNING");
      assertThat(server.requestLog()).containsExactly("GET /v1/teams/1/backfills/" + id + " -> 200");
    }
  }

  @Test
  void theReadmePrintsTheFakeApiTestsExactlyAsTheyRun() throws Exception {
    Path basedir = Path.of(System.getProperty("basedir", "."));
    String readme = Files.readString(basedir.resolve("README.md"), StandardCharsets.UTF_8);
    String tests = Files.readString(basedir.resolve("src/test/java/dev/backfills/examples/BackfillJobTest.java"),
        StandardCharsets.UTF_8);

    String printed = tests.substring(tests.indexOf("\nimport ") + 1).strip();
    assertThat(readme).as("README, \"Test your code with the fake API\", prints BackfillJobTest from its imports on")
        .contains("```java\n" + printed + "\n```\n");
  }

  static Stream<Example> examples() {
    return Stream.of(
        new Example("GetBackfill", GetBackfill::run),
        new Example("ListIncompleteBackfills", ListIncompleteBackfills::run),
        new Example("HandleErrors", HandleErrors::run),
        new Example("AwaitBackfill", AwaitBackfill::run),
        new Example("WatchTeam", WatchTeam::run),
        new Example("AsyncComposition", AsyncComposition::run),
        new Example("CreateAndWait", CreateAndWait::run),
        new Example("Demo", (variables, out) -> Demo.run(variables, out, false, Duration.ofSeconds(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void withATokenButNoTeamTheErrorNamesBackfillsTeamId(Example example) {
    assertThatThrownBy(() -> example.run().run(Map.of("BACKFILLS_API_TOKEN", "a-token"), out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("BACKFILLS_TEAM_ID is not set.");
    assertThat(printed()).isEmpty(); // nothing was started, nothing sent
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void aBaseUrlWithoutATokenIsRefusedRatherThanReplacedByTheFake(Example example) {
    assertThatThrownBy(() -> example.run().run(Map.of("BACKFILLS_BASE_URL", "https://api.example.com/v1"), out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BACKFILLS_API_TOKEN is not");
  }

  @Test
  void exampleSpecificVariablesAreRequiredWithAToken() {
    assertThatThrownBy(() -> GetBackfill.run(Map.of("BACKFILLS_API_TOKEN", "a-token", "BACKFILLS_TEAM_ID", "7"), out))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("BACKFILLS_BACKFILL_ID is not set.");
    assertThatThrownBy(() -> CreateAndWait.run(Map.of("BACKFILLS_API_TOKEN", "a-token", "BACKFILLS_TEAM_ID", "7",
        "BACKFILLS_TRANSFER_ID", "5"), out))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("BACKFILLS_RANGE_START is not set.");
    assertThatThrownBy(() -> GetBackfill.run(Map.of("BACKFILLS_TEAM_ID", "seven"), out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BACKFILLS_TEAM_ID").hasMessageContaining("seven");
  }

  /** An example's entry point as the tests call it. */
  record Example(String name, Entry run) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code run(variables, out)} of an example. */
  interface Entry {
    void run(Map<String, String> variables, PrintStream out) throws Exception;
  }
}
