package dev.backfills.examples;

import dev.backfills.BackfillsClient;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import dev.backfills.testing.ManualClock;
import dev.backfills.testing.RateLimitHeaders;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the examples get their client and ids from: the real API when {@code BACKFILLS_API_TOKEN} is
 * set, otherwise an embedded fake API that the example starts itself, so that every example runs from a
 * fresh clone with no token and no network.
 *
 * <p>The variables:
 *
 * <ul>
 *   <li>{@code BACKFILLS_API_TOKEN}: the bearer token. Set, the examples talk to the real API; unset,
 *       they start a {@link FakeBackfillsServer} on 127.0.0.1 and say so in their first line.
 *   <li>{@code BACKFILLS_BASE_URL}: the API's base URL, default {@link BackfillsClient#DEFAULT_BASE_URL}.
 *       Only with a token: a base URL without one is refused rather than silently replaced by the fake.
 *   <li>{@code BACKFILLS_TEAM_ID}: the team. Required with a token; on the fake, its team 1.
 *   <li>Example-specific ones, such as {@code BACKFILLS_BACKFILL_ID} and {@code BACKFILLS_TRANSFER_ID}:
 *       required with a token when the example needs them; on the fake they default to what it was
 *       seeded with. Set on the fake, they are used as given (so {@code BACKFILLS_TEAM_ID=2} shows the
 *       fake's 403).
 * </ul>
 *
 * <p>A missing variable is an {@link IllegalStateException} naming it; one that is not a number or a
 * date, an {@link IllegalArgumentException} naming it.
 *
 * <p>The fake runs on a {@link ManualClock} ("fake time"): a client from {@link #clientBuilder()} moves
 * that clock instead of sleeping, so waiting an hour for a backfill takes milliseconds, with the same
 * requests and pacing as in real time. The demo uses {@link #withLiveFake} instead, in real time.
 *
 * <p>This class is scaffolding for the examples, not part of the library. In your own code, replace
 * {@code env.clientBuilder()} with
 * {@code BackfillsClient.builder().token(System.getenv("BACKFILLS_API_TOKEN"))}, and the ids with your
 * own configuration.
 */
final class ExampleEnvironment implements AutoCloseable {
  /** The backfill the fake reports RUNNING, with two failed runs so far; it ends FAILED. */
  static final long FAKE_RUNNING_BACKFILL = 1001;
  /** The fake's RUNNING backfill that goes on to complete. */
  static final long FAKE_COMPLETING_BACKFILL = 1002;
  /** The fake's backfill that is still CREATED; it runs for about half an hour of fake time. */
  static final long FAKE_CREATED_BACKFILL = 1003;
  /** A transfer of the fake's team without any backfill yet: {@link CreateAndWait} creates one for it. */
  static final long FAKE_IDLE_TRANSFER = 456800;
  /** On the fake, a created backfill's run of this day fails, when its range includes the day. */
  static final LocalDate FAKE_FAILING_DAY = LocalDate.of(2024, 2, 14);

  /** When fake time starts: after every seeded range, as real backfills re-process the past. */
  private static final Instant FAKE_START = Instant.parse("2024-03-01T09:00:00Z");

  private final Map<String, String> variables;
  private final FakeBackfillsServer fake; // null when a token is set
  private final String token;

  private ExampleEnvironment(Map<String, String> variables, FakeBackfillsServer fake, String token) {
    this.variables = variables;
    this.fake = fake;
    this.token = token;
  }

  /**
   * The process's environment; with no token, the fake announces itself on {@code System.out}.
   *
   * @return the environment; close it to stop the fake
   */
  static ExampleEnvironment fromEnv() {
    return from(System.getenv(), System.out);
  }

  /**
   * {@code variables} instead of the process's environment (tests pass their own), fake time.
   *
   * @param variables the environment to read
   * @param out where the first line goes when the fake is started
   * @return the environment; close it to stop the fake
   */
  static ExampleEnvironment from(Map<String, String> variables, PrintStream out) {
    ManualClock clock = new ManualClock(FAKE_START);
    FakeBackfillsServer.Builder fake = FakeBackfillsServer.builder()
        .clock(clock)
        // The vendor documents X-RateLimit-* on error answers only, and a client that has never seen a
        // budget paces as if it were 100 an hour (a watch polls every 72 s). On every answer, the
        // client learns the fake's 10,000 from its first 200 and polls at its 2 s default: more
        // progress lines, and ListIncompleteBackfills can print the budget.
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER)
        .createdBackfillPlan(ExampleEnvironment::failTheFailingDay);
    return start(variables, out, fake, server -> seed(server, clock.instant()), "fake time");
  }

  /**
   * Like {@link #from}, but a fake in real time, configured and seeded by the caller: for the demo, which
   * shows backfills progressing live. {@code fake} is only built when no token is set.
   *
   * @param variables the environment to read
   * @param out where the first line goes when the fake is started
   * @param fake the fake's configuration; its clock must be a real one
   * @param seed fills the started fake
   * @return the environment; close it to stop the fake
   */
  static ExampleEnvironment withLiveFake(Map<String, String> variables, PrintStream out,
      FakeBackfillsServer.Builder fake, Consumer<FakeBackfillsServer> seed) {
    return start(variables, out, fake, seed, "real time");
  }

  /** The real API when a token is set; otherwise {@code fake}, built, seeded and announced. */
  private static ExampleEnvironment start(Map<String, String> variables, PrintStream out,
      FakeBackfillsServer.Builder fake, Consumer<FakeBackfillsServer> seed, String time) {
    Optional<String> token = value(variables, "BACKFILLS_API_TOKEN");
    if (token.isPresent()) {
      return new ExampleEnvironment(variables, null, token.get());
    }
    refuseBaseUrlWithoutToken(variables);
    FakeBackfillsServer server = fake.build();
    seed.accept(server);
    out.println("No BACKFILLS_API_TOKEN set: running against an embedded fake API at " + server.baseUrl()
        + " (" + time + ").");
    return new ExampleEnvironment(variables, server, FakeBackfillsServer.DEFAULT_TOKEN);
  }

  /**
   * A builder for the client: the fake's (its base URL, its token, its clock), or one with the token and
   * {@code BACKFILLS_BASE_URL} if set.
   *
   * @return a new builder; configure more and build it
   */
  BackfillsClient.Builder clientBuilder() {
    if (fake != null) {
      return fake.clientBuilder();
    }
    BackfillsClient.Builder builder = BackfillsClient.builder().token(token);
    value(variables, "BACKFILLS_BASE_URL").ifPresent(builder::baseUrl);
    return builder;
  }

  /** Whether the examples run against the embedded fake (no token set). */
  boolean isFake() {
    return fake != null;
  }

  /** {@code BACKFILLS_TEAM_ID}; on the fake, its team 1. */
  long teamId() {
    return id("BACKFILLS_TEAM_ID", FakeBackfillsServer.DEFAULT_TEAM_ID);
  }

  /** {@code BACKFILLS_BACKFILL_ID}; on the fake, {@link #FAKE_RUNNING_BACKFILL}. */
  long backfillId() {
    return id("BACKFILLS_BACKFILL_ID", FAKE_RUNNING_BACKFILL);
  }

  /** {@code BACKFILLS_TRANSFER_ID}; on the fake, {@link #FAKE_IDLE_TRANSFER}. */
  long transferId() {
    return id("BACKFILLS_TRANSFER_ID", FAKE_IDLE_TRANSFER);
  }

  /**
   * A positive id from the variable {@code name}.
   *
   * @param name the variable
   * @param onTheFake the value when it is unset and the examples run on the fake
   * @return the id
   * @throws IllegalStateException if it is unset and a token is
   * @throws IllegalArgumentException if it is not a positive whole number
   */
  long id(String name, long onTheFake) {
    Optional<String> text = value(variables, name);
    if (text.isEmpty()) {
      return onTheFake(name, onTheFake);
    }
    try {
      long id = Long.parseLong(text.get());
      if (id >= 1) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive whole number, got \"" + text.get() + "\"");
  }

  /**
   * A date ({@code 2024-01-31}) from the variable {@code name}.
   *
   * @param name the variable
   * @param onTheFake the value when it is unset and the examples run on the fake
   * @return the date
   * @throws IllegalStateException if it is unset and a token is
   * @throws IllegalArgumentException if it is not a date
   */
  LocalDate date(String name, LocalDate onTheFake) {
    Optional<String> text = value(variables, name);
    if (text.isEmpty()) {
      return onTheFake(name, onTheFake);
    }
    try {
      return LocalDate.parse(text.get());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date such as 2024-01-31, got \"" + text.get() + "\"", e);
    }
  }

  /**
   * A variable that has no default anywhere, such as the demo's {@code BACKFILLS_WATCH_MINUTES}.
   *
   * @param name the variable
   * @return its value, or empty when unset or blank
   */
  Optional<String> variable(String name) {
    return value(variables, name);
  }

  /** Stops the fake, if one was started. */
  @Override
  public void close() {
    if (fake != null) {
      fake.close();
    }
  }

  private <T> T onTheFake(String name, T value) {
    if (fake == null) {
      throw new IllegalStateException(name + " is not set. BACKFILLS_API_TOKEN is, so the examples use the"
          + " real API, and need " + name + " too (or unset BACKFILLS_API_TOKEN to run against the embedded"
          + " fake API).");
    }
    return value;
  }

  private static Optional<String> value(Map<String, String> variables, String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static void refuseBaseUrlWithoutToken(Map<String, String> variables) {
    if (value(variables, "BACKFILLS_BASE_URL").isPresent()) {
      throw new IllegalStateException("BACKFILLS_BASE_URL is set but BACKFILLS_API_TOKEN is not: set the"
          + " token too, or unset BACKFILLS_BASE_URL to run against the embedded fake API.");
    }
  }

  /**
   * What every example finds on the fake, at {@code now}: three incomplete backfills of team 1 in
   * different states, one finished long ago, and a transfer with no backfill.
   */
  private static void seed(FakeBackfillsServer server, Instant now) {
    long team = FakeBackfillsServer.DEFAULT_TEAM_ID;
    LocalDate jan = LocalDate.of(2024, 1, 1);
    // 1001: January, a run a minute, 20 of 31 runs done, two of them failed; ends FAILED in 11 min.
    server.addBackfill(team, FakeBackfill.builder(jan, jan.plusDays(30))
        .id(FAKE_RUNNING_BACKFILL).transferId(456789).createdAt(now.minus(Duration.ofMinutes(20)))
        .runDuration(Duration.ofMinutes(1))
        .failRun(jan.plusDays(4), "Connection timeout to data source")
        .failRun(jan.plusDays(8), "Quota exceeded at the data source")
        .build());
    // 1002: February, two runs every 30 s, 12 of 29 done; completes in about 4 min.
    server.addBackfill(team, FakeBackfill.builder(jan.plusMonths(1), jan.plusMonths(1).plusDays(28))
        .id(FAKE_COMPLETING_BACKFILL).transferId(456790).createdAt(now.minus(Duration.ofMinutes(5)))
        .startAfter(Duration.ofMinutes(2)).runDuration(Duration.ofSeconds(30)).parallelism(2)
        .build());
    // 1003: the last quarter of 2023, just created; scheduled in a minute, running from 5 min, done in 28.
    server.addBackfill(team, FakeBackfill.builder(LocalDate.of(2023, 10, 1), LocalDate.of(2023, 12, 31))
        .id(FAKE_CREATED_BACKFILL).transferId(456791).createdAt(now)
        .scheduleAfter(Duration.ofMinutes(1)).startAfter(Duration.ofMinutes(5))
        .runDuration(Duration.ofMinutes(1)).parallelism(4)
        .build());
    // 1000: finished a week ago, so it is no longer in the incomplete list.
    server.addBackfill(team, FakeBackfill.builder(jan.minusYears(1), jan.minusYears(1).plusDays(30))
        .id(1000).transferId(456788).createdAt(now.minus(Duration.ofDays(7)))
        .build());
    server.addTransfer(team, FAKE_IDLE_TRANSFER);
  }

  /**
   * The fake's plan for created backfills (CREATED 10 s, SCHEDULED until 30 s, then 5 runs every 10 s),
   * with the run of {@link #FAKE_FAILING_DAY} failing when the range includes it.
   */
  private static FakeBackfill.Builder failTheFailingDay(FakeBackfill.Builder plan) {
    try {
      return plan.failRun(FAKE_FAILING_DAY, "Quota exceeded at the data source");
    } catch (IllegalArgumentException outsideTheRange) {
      return plan; // failRun checks the day before changing anything
    }
  }
}
