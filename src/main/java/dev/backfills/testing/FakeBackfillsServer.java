package dev.backfills.testing;

import dev.backfills.BackfillsClient;
import dev.backfills.internal.ClientHooks;
import dev.backfills.model.Backfill;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An in-process stand-in for the vendor's backfills API, for tests that want real HTTP without the
 * network: all five operations (get, list, create, latest, cancel) with the documented bodies, headers
 * and errors, bearer tokens with users, scopes and teams, the hourly rate limit, a {@link Clock} that
 * drives backfill progress, and injected failures, including lost answers to writes.
 *
 * <p>It listens on {@code 127.0.0.1} on a free port chosen at {@link Builder#build()}; point a client at
 * {@link #baseUrl()}, or start from {@link #clientBuilder()}. Without any grant, {@link #DEFAULT_TOKEN}
 * may read and write team {@link #DEFAULT_TEAM_ID} as user {@link #DEFAULT_USER_ID}. Always
 * {@link #close()} it: that ends its threads and frees the port. The server is thread-safe.
 *
 * <pre>{@code
 * try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build(); // a ManualClock
 *      BackfillsClient client = server.clientBuilder().build()) {                      // waits on it
 *   long id = server.addBackfill(1, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
 *       .runDuration(Duration.ofMinutes(2)).build()).transferBackfillId();
 *   server.failNext(1, 503);                                                          // retried
 *   assertThat(client.awaitBackfill(1, id, Duration.ofHours(2))).isEqualTo(server.backfill(1, id).orElseThrow());
 * }
 * }</pre>
 *
 * <p>The {@linkplain dev.backfills.testing package documentation} lists how each request is answered,
 * check by check, which answers carry the rate-limit headers, and how a client's time moves on a
 * {@link ManualClock}. The token is never written to a body, header, log entry, exception or
 * {@code toString}.
 */
public final class FakeBackfillsServer implements AutoCloseable {

  /** The token that may use {@link #DEFAULT_TEAM_ID} when the builder grants no token at all. */
  public static final String DEFAULT_TOKEN = "fake-token";

  /** The team {@link #DEFAULT_TOKEN} may use when the builder grants no token at all. */
  public static final long DEFAULT_TEAM_ID = 1;

  /** The user every granted token acts as unless {@link Builder#user(String, long)} says otherwise. */
  public static final long DEFAULT_USER_ID = FakeBackfill.DEFAULT_CREATED_USER_ID;

  private final FakeApi api;
  private final Clock clock;
  private final FakeHandler handler;
  private final LoopbackHttpServer http;
  private final String baseUrl;

  private FakeBackfillsServer(FakeApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
    this.handler = new FakeHandler(api);
    this.http = new LoopbackHttpServer(handler, "fake-backfills");
    this.baseUrl = "http://127.0.0.1:" + http.port() + "/v1";
  }

  /**
   * Starts a server with every default: {@link #DEFAULT_TOKEN} reads and writes {@link #DEFAULT_TEAM_ID}
   * as {@link #DEFAULT_USER_ID}, the system UTC clock, 10,000 requests per hour per token (the largest
   * limit the vendor documents, so that a test is not rate-limited by surprise), rate-limit headers
   * {@link RateLimitHeaders#AS_DOCUMENTED}, no faults.
   *
   * @return a running server; close it when done
   * @throws UncheckedIOException if no loopback port can be bound
   */
  public static FakeBackfillsServer start() {
    return builder().build();
  }

  /**
   * Starts configuring a server; call {@link Builder#build()} to start it.
   *
   * @return a new builder with the defaults listed on {@link #start()}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the API lives, to pass to a client as its base URL.
   *
   * @return {@code http://127.0.0.1:<port>/v1}, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * A client builder pointed at {@link #baseUrl()} with {@link #DEFAULT_TOKEN} (set another with
   * {@code token(...)} if the server grants others), on the server's clock. On a {@link ManualClock} the
   * client does all its waiting on that clock: poll intervals, retry backoff, {@code Retry-After} and the
   * cool-down after a 429 move it forward instead of sleeping, so an {@code awaitBackfill} over an hour
   * of fake time takes milliseconds, with the same requests and pacing as in real time. The test may
   * still advance or set the clock; the {@linkplain dev.backfills.testing package documentation} says
   * what that means. On any other clock the client waits in real time.
   *
   * @return a new builder; configure more and {@code build()} it
   */
  public BackfillsClient.Builder clientBuilder() {
    BackfillsClient.Builder builder = BackfillsClient.builder().baseUrl(baseUrl).token(DEFAULT_TOKEN);
    ManualClock manual = ManualClock.behind(clock);
    return manual == null ? builder : ClientHooks.withTime(builder, manual.time());
  }

  /**
   * Stores a backfill for a team; from now on the API reports it, in the state the plan gives for the
   * clock's now, and the plan's transfer is one of the team's. Ids are unique across the server: the
   * plan's own, or the next free one counting up from 1001.
   *
   * @param teamId the owning team; at least 1 (it need not be granted to any token)
   * @param plan how the backfill evolves; not null
   * @return the backfill's state at the clock's now, with its assigned id
   * @throws IllegalArgumentException if {@code teamId < 1}, or the plan's id is already taken
   */
  public Backfill addBackfill(long teamId, FakeBackfill plan) {
    return api.store().add(teamId, Objects.requireNonNull(plan, "plan"));
  }

  /**
   * Gives a team a transfer, so that clients can create backfills for it and ask for its latest; for a
   * transfer the team does not have, both answer 404. {@link #addBackfill} adds its plan's transfer too.
   *
   * @param teamId the team; at least 1
   * @param transferId the transfer; at least 1
   * @throws IllegalArgumentException if an id is below 1
   */
  public void addTransfer(long teamId, long transferId) {
    api.store().addTransfer(teamId, transferId);
  }

  /**
   * A backfill's state at the clock's now, exactly as the API reports it; to compare with what a client saw.
   *
   * @param teamId the team the backfill must belong to
   * @param backfillId its id
   * @return the state, or empty if no such backfill belongs to that team
   */
  public Optional<Backfill> backfill(long teamId, long backfillId) {
    BackfillStore store = api.store();
    return store.get(teamId, backfillId, store.now());
  }

  /**
   * Every backfill of a team at the clock's now, any status, newest first: added ones and created ones.
   *
   * @param teamId the team
   * @return an unmodifiable snapshot, empty for a team without backfills
   */
  public List<Backfill> backfills(long teamId) {
    BackfillStore store = api.store();
    return List.copyOf(store.all(teamId, store.now()));
  }

  /**
   * How many backfills clients created ({@code POST}) so far, in all teams, lost answers included (they
   * took effect); {@link #addBackfill} does not count.
   *
   * @return the number of backfills created through the API
   */
  public int createdCount() {
    return api.store().createdCount();
  }

  /**
   * Makes the next {@code count} requests that pass authentication and the rate limit fail with
   * {@code status} and the vendor's error body for it (500 {@code INTERNAL_SERVER_ERROR}, 502
   * {@code BAD_GATEWAY}, 503 {@code SERVICE_UNAVAILABLE}, 429 with {@code Retry-After: 1}, …) before
   * acting: a write failed so did not happen. They still use rate budget. Replaces an unfinished
   * {@code failNext} or {@code failNextRateLimited}; {@code count} 0 cancels it.
   *
   * @param count how many requests fail; zero or more
   * @param status the HTTP status to answer, 400 to 599
   * @throws IllegalArgumentException if {@code count} is negative or {@code status} is not 4xx/5xx
   */
  public void failNext(int count, int status) {
    api.faults().failNext(count, status, 1);
  }

  /**
   * {@link #failNext(int, int) failNext(count, 429)} with {@code Retry-After} in whole seconds, rounded up.
   *
   * @param count how many requests fail; zero or more
   * @param retryAfter what {@code Retry-After} says; at least one second
   * @throws IllegalArgumentException if {@code count} is negative or {@code retryAfter} under a second
   */
  public void failNextRateLimited(int count, Duration retryAfter) {
    api.faults().failNext(count, 429, Faults.retryAfterSeconds(Objects.requireNonNull(retryAfter, "retryAfter")));
  }

  /**
   * Makes the next {@code count} writes ({@code POST}, {@code PATCH}) that get past {@link #failNext} lose
   * their answers: each is handled as usual (a valid create or cancel takes effect), then answered as
   * {@code how} says, whatever the real answer was. Reads are not affected. The request log shows both:
   * {@code -> 502 (lost answer: 200)}. Replaces an unfinished order; {@code count} 0 cancels it.
   *
   * @param count how many answers are lost; zero or more
   * @param how how each is lost; not null
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public void loseNextAnswers(int count, LostAnswer how) {
    api.faults().loseNext(count, Objects.requireNonNull(how, "how"));
  }

  /**
   * Holds every answer back this long, in real time, before sending it; use it to exercise client read
   * timeouts. Each delayed answer occupies its connection's thread while it waits.
   *
   * @param delay zero (the default) to answer at once, or a positive duration, millisecond precision
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  public void delayResponses(Duration delay) {
    handler.delay(Objects.requireNonNull(delay, "delay"));
  }

  /**
   * How many HTTP requests the server has received, whatever it answered, retries included.
   *
   * @return the number of requests received so far
   */
  public int requestCount() {
    return handler.requestCount();
  }

  /**
   * One line per request, in the order the answers were decided: method, raw path without the query and
   * what was sent, as in {@code "POST /v1/teams/1/transfers/5/backfills -> 200"} or
   * {@code "PATCH /v1/teams/1/backfills/1001 -> dropped (lost answer: 200)"}. No header value is logged.
   *
   * @return an unmodifiable snapshot; later requests do not change it
   */
  public List<String> requestLog() {
    return handler.log();
  }

  /**
   * Stops listening, closes open connections (answers not yet sent are dropped) and ends the server's
   * threads, waiting a few seconds at most; the port is then free. Calling it again does nothing.
   */
  @Override
  public void close() {
    http.close();
  }

  /** Names the address only; no tokens. */
  @Override
  public String toString() {
    return "FakeBackfillsServer[" + baseUrl + (http.isClosed() ? ", closed" : "") + "]";
  }

  /**
   * Configures a {@link FakeBackfillsServer}. Not thread-safe; {@link #build()} may be called more than
   * once, each time starting an independent server with its own port and state.
   *
   * <pre>{@code
   * FakeBackfillsServer server = FakeBackfillsServer.builder()
   *     .grant("ops-token", 1, 2)               // may read and write teams 1 and 2, as user 789
   *     .grantReadOnly("dashboard-token", 1)    // may only read team 1
   *     .user("ops-token", 4242)                // what ops-token creates has created_user_id 4242
   *     .rateLimitPerHour(100)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final Grants.Draft grants = new Grants.Draft();
    private Clock clock = Clock.systemUTC();
    private int rateLimit = RateBudgets.DEFAULT_LIMIT;
    private RateLimitHeaders headers = RateLimitHeaders.AS_DOCUMENTED;
    private UnaryOperator<FakeBackfill.Builder> createdPlan = UnaryOperator.identity();
    private double serverErrorRate;
    private double rateLimitRate;
    private long faultSeed;

    private Builder() {}

    /**
     * Lets {@code token} read and write the listed teams (scopes {@code dwh_transfers_read} and
     * {@code dwh_transfers_write}); calling it again for the token adds teams. Once anything is granted,
     * {@link #DEFAULT_TOKEN} is no longer accepted unless granted too. A token granted no team gets 403
     * for every team.
     *
     * @param token the bearer token; visible ASCII only (no spaces or control characters), not blank
     * @param teamIds the teams it may use; each at least 1
     * @return this builder
     * @throws IllegalArgumentException if the token is blank or has other characters, a team id is below
     *     1, or the token was granted read-only; the message never contains the token
     */
    public Builder grant(String token, long... teamIds) {
      grants.grant(token, true, teamIds);
      return this;
    }

    /**
     * Like {@link #grant(String, long...)}, with scope {@code dwh_transfers_read} only: the token reads,
     * and every create or cancel it sends is 403.
     *
     * @param token the bearer token, as for {@code grant}
     * @param teamIds the teams it may read; each at least 1
     * @return this builder
     * @throws IllegalArgumentException as for {@code grant}, or if the token was granted read-write
     */
    public Builder grantReadOnly(String token, long... teamIds) {
      grants.grant(token, false, teamIds);
      return this;
    }

    /**
     * The user a token acts as: the {@code created_user_id} of what it creates and the
     * {@code removed_user_id} of what it cancels. Default {@link #DEFAULT_USER_ID}. The token must be
     * granted by {@link #build()} time (or be {@link #DEFAULT_TOKEN} with nothing granted).
     *
     * @param token a granted token
     * @param userId the user; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code userId < 1} or the token is unusable
     */
    public Builder user(String token, long userId) {
      grants.user(token, userId);
      return this;
    }

    /**
     * Shapes the plan of every backfill created through the API. {@code plan} gets a builder over the
     * requested range, preset so that the backfill is CREATED for 10 s, SCHEDULED until 30 s, then runs
     * 5 days at a time, 10 s a batch: a month completes 100 s after creation. It may change any setting
     * (say {@code p -> p.runDuration(Duration.ofMinutes(1)).parallelism(1)}); the server then sets the
     * transfer and the calling user, assigns the id and uses the clock's now as the creation time. An
     * exception from {@code plan} answers that create with 500. Default: the preset unchanged.
     *
     * @param plan adjusts the preset builder and returns it (or another); not null
     * @return this builder
     */
    public Builder createdBackfillPlan(UnaryOperator<FakeBackfill.Builder> plan) {
      this.createdPlan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    /**
     * The clock that drives backfill progress, the rate-limit windows and, through
     * {@link FakeBackfillsServer#clientBuilder()}, a client's waits; a {@link ManualClock} makes all of
     * them deterministic. Default {@link Clock#systemUTC()}.
     *
     * @param clock the time source; not null
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many requests each token may make per window of one hour, which starts at the token's first
     * request; clients sharing a token share its budget. Default 10,000, the largest limit the vendor
     * documents, so that a test is not rate-limited by surprise; set a small one to test the 429 path.
     *
     * @param limit requests per hour; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Builder rateLimitPerHour(int limit) {
      this.rateLimit = RateBudgets.checkLimit(limit);
      return this;
    }

    /**
     * Which answers carry {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}. Default
     * {@link RateLimitHeaders#AS_DOCUMENTED}, the vendor's description: on errors only. Choose
     * {@link RateLimitHeaders#ON_EVERY_ANSWER} to test code that learns the budget from successes.
     *
     * @param mode where the headers go; not null
     * @return this builder
     */
    public Builder rateLimitHeaders(RateLimitHeaders mode) {
      this.headers = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Makes requests fail at random, to soak-test retries: each request that passes authentication and
     * the rate limit answers 500 with probability {@code serverErrorRate}, otherwise 429 (with
     * {@code Retry-After: 1}) with probability {@code rateLimitRate}. The draws come from one generator
     * seeded with {@code seed}, so the same seed and the same sequence of requests give the same
     * outcomes. {@link FakeBackfillsServer#failNext(int, int)} takes precedence while it lasts.
     *
     * @param serverErrorRate probability of a 500, 0 to 1
     * @param rateLimitRate probability of a 429 among requests not answered 500, 0 to 1
     * @param seed seeds the generator
     * @return this builder
     * @throws IllegalArgumentException if a rate is outside 0..1 or NaN
     */
    public Builder randomFaults(double serverErrorRate, double rateLimitRate, long seed) {
      Faults.checkRates(serverErrorRate, rateLimitRate);
      this.serverErrorRate = serverErrorRate;
      this.rateLimitRate = rateLimitRate;
      this.faultSeed = seed;
      return this;
    }

    /**
     * Binds {@code 127.0.0.1} on a free port and starts serving.
     *
     * @return the running server; close it when done
     * @throws UncheckedIOException if the port cannot be bound
     * @throws IllegalStateException if a {@link #user(String, long)} names a token that is not granted
     */
    public FakeBackfillsServer build() {
      return new FakeBackfillsServer(api(), clock);
    }

    /** The API's rules with this configuration and a fresh store, without any socket: for tests. */
    FakeApi api() {
      BackfillStore store = new BackfillStore(clock, createdPlan);
      Grants granted = grants.freeze(DEFAULT_TOKEN, DEFAULT_TEAM_ID, DEFAULT_USER_ID);
      return new FakeApi(granted, new RateBudgets(rateLimit), new Faults(serverErrorRate, rateLimitRate, faultSeed),
          store, headers);
    }
  }
}
