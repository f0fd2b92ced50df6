package dev.backfills.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.backfills.model.Backfill;
import dev.backfills.model.TransferRunError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An in-process stand-in for the vendor's backfills API, for tests that want real HTTP without the
 * network: it answers both read operations with the documented bodies, headers and errors, enforces
 * bearer tokens, team access and the hourly rate limit, and lets a test script backfill progress with a
 * {@link Clock} and inject failures.
 *
 * <p>It listens on {@code 127.0.0.1} on a free port chosen at {@link Builder#build()}; point a client at
 * {@link #baseUrl()}. Without any {@link Builder#grant(String, long...)} the token {@link #DEFAULT_TOKEN}
 * may read team {@link #DEFAULT_TEAM_ID}. Always {@link #close()} it: that stops its threads and frees
 * the port.
 *
 * <p>Typical JUnit 5 use, with a {@link ManualClock} so progress is deterministic:
 *
 * <pre>{@code
 * class ReportJobTest {
 *   private final ManualClock clock = new ManualClock(Instant.parse("2024-02-01T09:00:00Z"));
 *   private FakeBackfillsServer server;
 *   private BackfillsClient client;
 *
 *   @BeforeEach
 *   void startFake() {
 *     server = FakeBackfillsServer.builder().clock(clock).build();
 *     client = BackfillsClient.builder()
 *         .baseUrl(server.baseUrl())
 *         .token(FakeBackfillsServer.DEFAULT_TOKEN)
 *         .build();
 *   }
 *
 *   @AfterEach
 *   void stopFake() {
 *     client.close();
 *     server.close();
 *   }
 *
 *   @Test
 *   void seesRunsFinishOneAMinute() {
 *     Backfill added = server.addBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID,
 *         FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
 *             .runDuration(Duration.ofMinutes(1))
 *             .build());
 *     clock.advance(Duration.ofMinutes(10));
 *
 *     Backfill seen = client.getBackfill(FakeBackfillsServer.DEFAULT_TEAM_ID, added.transferBackfillId());
 *
 *     assertThat(seen.status()).isEqualTo(BackfillStatus.RUNNING);
 *     assertThat(seen.transferRunsCompleted()).isEqualTo(10);
 *     // what the client parsed equals the server's own view, field by field
 *     assertThat(seen).isEqualTo(server.backfill(1, added.transferBackfillId()).orElseThrow());
 *   }
 * }
 * }</pre>
 *
 * <p>Or for a single test, with try-with-resources:
 *
 * <pre>{@code
 * try (FakeBackfillsServer server = FakeBackfillsServer.start();
 *      BackfillsClient client = BackfillsClient.builder()
 *          .baseUrl(server.baseUrl()).token(FakeBackfillsServer.DEFAULT_TOKEN).build()) {
 *   server.failNext(2, 503);                         // the client must retry through these
 *   assertThat(client.listIncompleteBackfills(1)).isEmpty();
 *   assertThat(server.requestCount()).isEqualTo(3);
 * }
 * }</pre>
 *
 * <p>How a request is answered, in this order:
 *
 * <ol>
 *   <li>any method but GET: 405 {@code METHOD_NOT_ALLOWED} with {@code Allow: GET};
 *   <li>a path other than {@code /v1/teams/{team_id}/backfills[/{backfill_id}]}: 404 {@code NOT_FOUND};
 *       an id that is not a positive 64-bit integer: 400 {@code BAD_REQUEST};
 *   <li>no {@code Authorization: Bearer <token>} with a granted token: 401 {@code ACCESS_TOKEN_INVALID};
 *   <li>the token's hourly budget spent: 429 {@code TOO_MANY_REQUESTS} with {@code Retry-After} (not
 *       counted against the budget); otherwise the request uses one unit of the budget;
 *   <li>a fault injected with {@link #failNext(int, int)} or {@link Builder#randomFaults(double, double,
 *       long)};
 *   <li>a team not granted to the token: 403 {@code ACCESS_DENIED};
 *   <li>a backfill that does not exist or belongs to another team: 404 {@code NOT_FOUND};
 *   <li>otherwise 200 with the backfill, or with the team's incomplete backfills newest first.
 * </ol>
 *
 * <p>Every answer has {@code Content-Type: application/json}, {@code Access-Control-Allow-Origin: *}, a
 * {@code Content-Length} and a body with a unique {@code meta.request_id}; answers from step 4 on (and the
 * 401) also carry {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}. The token is never
 * written to a body, header, log entry or exception.
 *
 * <p>The server is thread-safe: tests may add backfills, inject faults and read the log while clients
 * send requests from many threads.
 */
public final class FakeBackfillsServer implements AutoCloseable {

  static {
    // The JDK's HttpServer leaves Nagle's algorithm on unless told otherwise, which holds back small
    // responses on loopback by tens of milliseconds and makes every test slow. The property is read
    // once, when the first HttpServer is created, so it must be set before that; a value the user
    // chose is respected.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The token that may read {@link #DEFAULT_TEAM_ID} when the builder grants no token at all. */
  public static final String DEFAULT_TOKEN = "fake-token";

  /** The team {@link #DEFAULT_TOKEN} may read when the builder grants no token at all. */
  public static final long DEFAULT_TEAM_ID = 1;

  private static final String API_PREFIX = "/v1";
  private static final Duration RATE_WINDOW = Duration.ofHours(1);
  private static final int WORKER_THREADS = 8;
  private static final JsonFactory JSON = new JsonFactory();
  private static final AtomicInteger SERVER_NUMBERS = new AtomicInteger();
  private static final char[] ID_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final Comparator<Backfill> NEWEST_FIRST =
      Comparator.comparing(Backfill::createdTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparingLong(Backfill::transferBackfillId)
          .reversed();

  private final HttpServer http;
  private final ExecutorService workers;
  private final String baseUrl;
  private final Clock clock;
  private final int rateLimit;
  private final Map<String, Set<Long>> grants;
  private final double serverErrorRate;
  private final double rateLimitRate;

  // Everything below `lock` is mutable shared state; one lock keeps each request's decisions (budget,
  // faults, backfill states) consistent with each other and with concurrent calls from the test.
  private final Object lock = new Object();
  private final Map<Long, Stored> backfills = new HashMap<>();
  private long nextId = 1001;
  private final Map<String, Window> tokenWindows = new HashMap<>();
  private final Map<String, Window> rejectedWindows = new HashMap<>();
  private int failNextCount;
  private int failNextStatus;
  private final Random faultRandom;
  private final List<String> log = new ArrayList<>();

  private volatile Duration delay = Duration.ZERO;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong requestIds = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  private FakeBackfillsServer(Builder b) {
    this.clock = b.clock;
    this.rateLimit = b.rateLimit;
    this.serverErrorRate = b.serverErrorRate;
    this.rateLimitRate = b.rateLimitRate;
    this.faultRandom = new Random(b.faultSeed);
    Map<String, Set<Long>> copy = new HashMap<>();
    b.grants.forEach((token, teams) -> copy.put(token, Set.copyOf(teams)));
    this.grants = copy.isEmpty() ? Map.of(DEFAULT_TOKEN, Set.of(DEFAULT_TEAM_ID)) : Map.copyOf(copy);

    int serverNumber = SERVER_NUMBERS.incrementAndGet();
    AtomicInteger threadNumbers = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(
        WORKER_THREADS, WORKER_THREADS, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "fake-backfills-" + serverNumber + "-" + threadNumbers.incrementAndGet());
          // Daemon, so a test that forgets close() cannot keep the JVM alive through these threads.
          t.setDaemon(true);
          return t;
        });
    try {
      InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
      this.http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    } catch (UnknownHostException e) {
      workers.shutdownNow();
      throw new IllegalStateException("cannot build the IPv4 loopback address", e);
    } catch (IOException e) {
      workers.shutdownNow();
      throw new UncheckedIOException("cannot bind the fake backfills server to 127.0.0.1", e);
    }
    http.setExecutor(workers);
    http.createContext("/", this::handle);
    this.baseUrl = "http://127.0.0.1:" + http.getAddress().getPort() + API_PREFIX;
    startOnDaemonThread();
  }

  /**
   * Starts a server with every default: {@link #DEFAULT_TOKEN} reads {@link #DEFAULT_TEAM_ID}, the system
   * UTC clock, 100 requests per hour, no faults.
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
   * Stores a backfill for a team; from now on the API reports it, in the state the plan gives for the
   * clock's current time. Ids are unique across the whole server: the plan's own id, or else the next
   * free id counting up from 1001. Safe to call while requests are being served.
   *
   * @param teamId the owning team; at least 1 (it need not be granted to any token)
   * @param plan how the backfill evolves; not null
   * @return the backfill's state at the clock's now, with its assigned id
   * @throws IllegalArgumentException if {@code teamId < 1}, or the plan's id is already taken
   * @throws NullPointerException if {@code plan} is null
   */
  public Backfill addBackfill(long teamId, FakeBackfill plan) {
    Objects.requireNonNull(plan, "plan");
    if (teamId < 1) {
      throw new IllegalArgumentException("teamId must be >= 1, got " + teamId);
    }
    synchronized (lock) {
      Instant now = clock.instant();
      long id;
      if (plan.requestedId() != null) {
        id = plan.requestedId();
        if (backfills.containsKey(id)) {
          throw new IllegalArgumentException("backfill id " + id + " is already taken on this server");
        }
      } else {
        while (backfills.containsKey(nextId)) {
          nextId++;
        }
        id = nextId++;
      }
      Instant createdAt = plan.requestedCreatedAt() != null ? plan.requestedCreatedAt() : now;
      Stored stored = new Stored(teamId, id, createdAt, plan);
      backfills.put(id, stored);
      return stored.stateAt(now);
    }
  }

  /**
   * A backfill's state at the clock's now, exactly as the API would report it; for assertions next to
   * what a client saw.
   *
   * @param teamId the team the backfill must belong to
   * @param backfillId its id
   * @return the state, or empty if no such backfill belongs to that team
   */
  public Optional<Backfill> backfill(long teamId, long backfillId) {
    synchronized (lock) {
      Stored stored = backfills.get(backfillId);
      if (stored == null || stored.teamId != teamId) {
        return Optional.empty();
      }
      return Optional.of(stored.stateAt(clock.instant()));
    }
  }

  /**
   * Makes the next {@code count} requests that pass authentication and the rate limit answer
   * {@code status} with the vendor's error body for it (500 {@code INTERNAL_SERVER_ERROR}, 502
   * {@code BAD_GATEWAY}, 503 {@code SERVICE_UNAVAILABLE}, 504 {@code GATEWAY_TIMEOUT}, 429
   * {@code TOO_MANY_REQUESTS} with {@code Retry-After: 1}, and so on). Such requests still use rate
   * budget, as they would on the real service. Replaces any earlier, unfinished {@code failNext};
   * {@code count} 0 cancels it.
   *
   * @param count how many requests fail; zero or more
   * @param status the HTTP status to answer, 400 to 599
   * @throws IllegalArgumentException if {@code count} is negative or {@code status} is not 4xx/5xx
   */
  public void failNext(int count, int status) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an error status 400..599, got " + status);
    }
    synchronized (lock) {
      failNextCount = count;
      failNextStatus = status;
    }
  }

  /**
   * Holds every answer back this long, in real time, before sending it; use it to exercise client read
   * timeouts. Each delayed answer occupies one of the server's 8 worker threads while it waits.
   *
   * @param delay zero (the default) to answer at once, or a positive duration, millisecond precision
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws NullPointerException if {@code delay} is null
   */
  public void delayResponses(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    this.delay = delay;
  }

  /**
   * How many HTTP requests the server has received, whatever it answered; counts retries, so a test can
   * check how often a client tried.
   *
   * @return the number of requests received so far
   */
  public int requestCount() {
    return requests.get();
  }

  /**
   * One line per answered request, in the order the answers were decided, like
   * {@code "GET /v1/teams/1/backfills -> 200"}: method, raw path without the query, status. Header
   * values (so tokens) are never logged.
   *
   * @return an unmodifiable snapshot; later requests do not change it
   */
  public List<String> requestLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Stops listening, drops open connections and stops the worker threads (waiting up to a few seconds
   * for them), after which the port is free. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    // Interrupts workers sleeping in delayResponses; they then drop their exchange.
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Names the address only; no tokens. */
  @Override
  public String toString() {
    return "FakeBackfillsServer[" + baseUrl + (closed.get() ? ", closed" : "") + "]";
  }

  /**
   * Starts the HttpServer from a daemon thread: the JDK's dispatcher thread inherits its creator's daemon
   * flag, so a server someone forgot to close does not keep the JVM from exiting.
   */
  private void startOnDaemonThread() {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        http.start();
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "fake-backfills-starter");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the fake backfills server", e);
    }
    if (failure.get() != null) {
      close();
      throw failure.get();
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Request handling

  /** Entry point for every HTTP exchange: decide, log, wait if asked to, send. */
  private void handle(HttpExchange exchange) {
    try {
      requests.incrementAndGet();
      String requestId = newRequestId();
      Answer answer;
      try {
        answer = decide(exchange, requestId);
      } catch (RuntimeException e) {
        // A bug in the fake must still produce a well-formed answer rather than a hung connection.
        answer = error(requestId, 500);
      }
      synchronized (log) {
        log.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " -> "
            + answer.status);
      }
      Duration wait = delay;
      if (!wait.isZero()) {
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          // close() is shutting us down: drop the exchange instead of answering.
          Thread.currentThread().interrupt();
          return;
        }
      }
      send(exchange, answer);
    } catch (IOException e) {
      // The client went away (for example after its read timeout); nothing left to tell it.
    } finally {
      exchange.close();
    }
  }

  /** Works out the whole answer; see the class documentation for the order of the checks. */
  private Answer decide(HttpExchange exchange, String requestId) {
    if (!"GET".equals(exchange.getRequestMethod())) {
      Answer a = error(requestId, 405);
      a.headers.put("Allow", "GET");
      return a;
    }
    Route route = Route.parse(exchange.getRequestURI().getRawPath());
    if (route == null) {
      return error(requestId, 404, "NOT_FOUND", "Not Found", "No API operation exists at this path.");
    }
    if (route.badParameter != null) {
      return error(requestId, 400, "BAD_REQUEST", "Bad Request",
          route.badParameter + " must be an integer between 1 and 9223372036854775807.");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String token = bearerToken(authorization);
    Set<Long> teams = token == null ? null : grants.get(token);

    synchronized (lock) {
      Instant now = clock.instant();
      if (teams == null) {
        // Unknown callers get their own budgets, keyed by what they sent, so a wrong token never uses
        // up a real token's budget.
        Window w = window(rejectedWindows, authorization == null ? "" : authorization, now);
        w.used++;
        return withBudget(error(requestId, 401), w);
      }
      Window w = window(tokenWindows, Objects.requireNonNull(token), now);
      if (w.used >= rateLimit) {
        Answer a = withBudget(error(requestId, 429), w);
        a.headers.put("Retry-After", Long.toString(secondsUntil(now, w.start.plus(RATE_WINDOW))));
        return a;
      }
      w.used++;
      int fault = nextFault();
      if (fault != 0) {
        Answer a = withBudget(error(requestId, fault), w);
        if (fault == 429) {
          a.headers.put("Retry-After", "1");
        }
        return a;
      }
      if (!teams.contains(route.teamId)) {
        return withBudget(error(requestId, 403), w);
      }
      if (route.backfillId == null) {
        List<Backfill> incomplete = new ArrayList<>();
        for (Stored s : backfills.values()) {
          if (s.teamId == route.teamId) {
            Backfill state = s.stateAt(now);
            if (state.status().isIncomplete()) {
              incomplete.add(state);
            }
          }
        }
        incomplete.sort(NEWEST_FIRST);
        return withBudget(new Answer(200, listBody(requestId, incomplete)), w);
      }
      Stored s = backfills.get(route.backfillId);
      if (s == null || s.teamId != route.teamId) {
        return withBudget(error(requestId, 404), w);
      }
      return withBudget(new Answer(200, singleBody(requestId, s.stateAt(now))), w);
    }
  }

  /** The status of an injected fault for this request, or 0 for none. Caller holds {@code lock}. */
  private int nextFault() {
    if (failNextCount > 0) {
      failNextCount--;
      return failNextStatus;
    }
    if (serverErrorRate > 0 || rateLimitRate > 0) {
      // One shared, seeded Random drawn under the lock: the same seed gives the same sequence of
      // outcomes for the same sequence of requests.
      if (faultRandom.nextDouble() < serverErrorRate) {
        return 500;
      }
      if (faultRandom.nextDouble() < rateLimitRate) {
        return 429;
      }
    }
    return 0;
  }

  /** The current window of {@code key}, starting a fresh one when there is none or an hour has passed. */
  private static Window window(Map<String, Window> windows, String key, Instant now) {
    Window w = windows.get(key);
    if (w == null || !now.isBefore(w.start.plus(RATE_WINDOW))) {
      w = new Window(now);
      windows.put(key, w);
    }
    return w;
  }

  private Answer withBudget(Answer a, Window w) {
    a.headers.put("X-RateLimit-Limit", Integer.toString(rateLimit));
    a.headers.put("X-RateLimit-Remaining", Integer.toString(Math.max(0, rateLimit - w.used)));
    return a;
  }

  /** Whole seconds from {@code now} to {@code end}, rounded up so waiting that long is enough; at least 1. */
  private static long secondsUntil(Instant now, Instant end) {
    Duration d = Duration.between(now, end);
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  /**
   * The token of a {@code Bearer} credential, or null when the header is missing or another scheme. The
   * scheme name is case-insensitive, as HTTP authentication schemes are.
   */
  private static @Nullable String bearerToken(@Nullable String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).strip();
    return token.isEmpty() ? null : token;
  }

  /** Writes the status, the common headers and the body; the body length is known up front. */
  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Access-Control-Allow-Origin", "*");
    answer.headers.forEach(headers::set);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // A HEAD answer has no body; the JDK wants -1 and the length set by hand.
      headers.set("Content-Length", Integer.toString(answer.body.length));
      exchange.sendResponseHeaders(answer.status, -1);
      return;
    }
    exchange.sendResponseHeaders(answer.status, answer.body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer.body);
    }
  }

  /** Unique per server, within the documented shape: {@code ^[A-Za-z0-9_-]+$}, at most 50 characters. */
  private String newRequestId() {
    StringBuilder id = new StringBuilder(40);
    id.append("fake-").append(String.format("%010d", requestIds.incrementAndGet())).append('-');
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 8; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  // ---------------------------------------------------------------------------------------------------
  // Bodies

  /** The vendor's error body for {@code status}, as documented where the vendor documents one. */
  private static Answer error(String requestId, int status) {
    return switch (status) {
      case 400 -> error(requestId, status, "BAD_REQUEST", "Bad Request", "The request is not valid.");
      case 401 -> error(requestId, status, "ACCESS_TOKEN_INVALID", "Invalid Access Token",
            "Provided access token is either missing, invalid or expired.");
      case 403 -> error(requestId, status, "ACCESS_DENIED", "Access Denied",
            "You do not have permission to perform this operation.");
      case 404 -> error(requestId, status, "NOT_FOUND", "Not Found",
            "The requested backfill could not be found or you do not have access to it.");
      case 405 -> error(requestId, status, "METHOD_NOT_ALLOWED", "Method Not Allowed",
            "This API only supports GET.");
      case 409 -> error(requestId, status, "CONFLICT_ERROR", "Conflict", null);
      case 422 -> error(requestId, status, "UNPROCESSABLE_ENTITY", "Unprocessable Entity", null);
      case 429 -> error(requestId, status, "TOO_MANY_REQUESTS", "Rate limit exceeded. Retry later.", null);
      case 500 -> error(requestId, status, "INTERNAL_SERVER_ERROR", "An unexpected error occurred.", null);
      case 502 -> error(requestId, status, "BAD_GATEWAY", "An upstream service returned an invalid response.",
            null);
      case 503 -> error(requestId, status, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.",
            null);
      case 504 -> error(requestId, status, "GATEWAY_TIMEOUT", "An upstream service did not answer in time.",
            null);
      default -> error(requestId, status, "ERROR_" + status, "Injected error with HTTP status " + status + ".",
            null);
    };
  }

  /** {@code {"meta":{"request_id":…},"error":{"code":…,"message":…[,"description":…]}}}. */
  private static Answer error(
      String requestId, int status, String code, String message, @Nullable String description) {
    return new Answer(status, json(g -> {
      g.writeStartObject();
      writeMeta(g, requestId);
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      if (description != null) {
        g.writeStringField("description", description);
      }
      g.writeEndObject();
      g.writeEndObject();
    }));
  }

  private static byte[] singleBody(String requestId, Backfill backfill) {
    return json(g -> {
      g.writeStartObject();
      writeMeta(g, requestId);
      g.writeFieldName("data");
      writeBackfill(g, backfill);
      g.writeEndObject();
    });
  }

  private static byte[] listBody(String requestId, List<Backfill> backfills) {
    return json(g -> {
      g.writeStartObject();
      writeMeta(g, requestId);
      g.writeArrayFieldStart("data");
      for (Backfill b : backfills) {
        writeBackfill(g, b);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  private static void writeMeta(JsonGenerator g, String requestId) throws IOException {
    g.writeObjectFieldStart("meta");
    g.writeStringField("request_id", requestId);
    g.writeEndObject();
  }

  /** Every field of the documented Backfill object, in the vendor's order; absent values as JSON null. */
  private static void writeBackfill(JsonGenerator g, Backfill b) throws IOException {
    g.writeStartObject();
    g.writeNumberField("transfer_backfill_id", b.transferBackfillId());
    g.writeNumberField("transfer_id", b.transferId());
    writeDate(g, "range_start_date", b.rangeStartDate());
    writeDate(g, "range_end_date", b.rangeEndDate());
    writeInstant(g, "created_time", b.createdTime());
    writeLong(g, "created_user_id", b.createdUserId());
    writeInstant(g, "removed_time", b.removedTime());
    writeLong(g, "removed_user_id", b.removedUserId());
    writeInstant(g, "start_time", b.startTime());
    writeInstant(g, "end_time", b.endTime());
    g.writeStringField("status", b.status().name());
    g.writeNumberField("transfer_runs_total", b.transferRunsTotal());
    g.writeNumberField("transfer_runs_created", b.transferRunsCreated());
    g.writeNumberField("transfer_runs_completed", b.transferRunsCompleted());
    g.writeNumberField("transfer_runs_failed", b.transferRunsFailed());
    g.writeArrayFieldStart("error_report");
    for (TransferRunError e : b.errorReport()) {
      g.writeStartObject();
      writeDate(g, "transfer_run_date", e.transferRunDate());
      g.writeStringField("error", e.error());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeDate(JsonGenerator g, String name, @Nullable LocalDate date) throws IOException {
    if (date == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, date.toString());
    }
  }

  /** {@code 2024-02-01T09:00:00Z}: the states are already truncated to whole seconds. */
  private static void writeInstant(JsonGenerator g, String name, @Nullable Instant instant)
      throws IOException {
    if (instant == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, instant.toString());
    }
  }

  private static void writeLong(JsonGenerator g, String name, @Nullable Long value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }

  /** Writes one JSON document to a byte array, so its length is known before the headers go out. */
  private static byte[] json(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      // Writing to memory does not fail; this would be a bug in the fake.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @FunctionalInterface
  private interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  // ---------------------------------------------------------------------------------------------------
  // Small value types

  /** A decided answer; headers are added to by the checks that produced it. */
  private static final class Answer {
    final int status;
    final byte[] body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Answer(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }
  }

  /** One rate-limit window: when it began and how much of its budget is used. Guarded by {@code lock}. */
  private static final class Window {
    final Instant start;
    int used;

    Window(Instant start) {
      this.start = start;
    }
  }

  /** A backfill as stored: its owner, id and creation instant pin the plan to the timeline. */
  private static final class Stored {
    final long teamId;
    final long id;
    final Instant createdAt;
    final FakeBackfill plan;

    Stored(long teamId, long id, Instant createdAt, FakeBackfill plan) {
      this.teamId = teamId;
      this.id = id;
      this.createdAt = createdAt;
      this.plan = plan;
    }

    Backfill stateAt(Instant now) {
      return plan.stateAt(id, createdAt, now);
    }
  }

  /**
   * A request path matched against the two operations. {@code parse} returns null for any other path;
   * a matching path with an id that is not a positive long names that parameter in {@code badParameter}.
   */
  private static final class Route {
    final long teamId;
    final @Nullable Long backfillId;
    final @Nullable String badParameter;

    private Route(long teamId, @Nullable Long backfillId, @Nullable String badParameter) {
      this.teamId = teamId;
      this.backfillId = backfillId;
      this.badParameter = badParameter;
    }

    static @Nullable Route parse(@Nullable String rawPath) {
      if (rawPath == null) {
        return null;
      }
      // ["", "v1", "teams", team, "backfills"] or the same plus the backfill id. An empty id segment
      // ("/v1/teams//backfills", a trailing slash) is a different path, not a bad id.
      String[] parts = rawPath.split("/", -1);
      boolean shape = (parts.length == 5 || parts.length == 6)
          && parts[0].isEmpty()
          && parts[1].equals(API_PREFIX.substring(1))
          && parts[2].equals("teams")
          && !parts[3].isEmpty()
          && parts[4].equals("backfills")
          && (parts.length == 5 || !parts[5].isEmpty());
      if (!shape) {
        return null;
      }
      long team = positiveLong(parts[3]);
      if (team < 1) {
        return new Route(0, null, "team_id");
      }
      if (parts.length == 5) {
        return new Route(team, null, null);
      }
      long backfill = positiveLong(parts[5]);
      if (backfill < 1) {
        return new Route(team, null, "backfill_id");
      }
      return new Route(team, backfill, null);
    }

    /** The value of a string of ASCII digits, or -1 if it is anything else or does not fit a long. */
    private static long positiveLong(String s) {
      if (s.length() > 19) {
        return -1;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
      }
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------

  /**
   * Configures a {@link FakeBackfillsServer}. Not thread-safe; {@link #build()} may be called more than
   * once, each time starting an independent server with its own port and state.
   *
   * <pre>{@code
   * FakeBackfillsServer server = FakeBackfillsServer.builder()
   *     .grant("ops-token", 1, 2)          // this token may read teams 1 and 2
   *     .rateLimitPerHour(20)
   *     .clock(new ManualClock(Instant.parse("2024-03-01T00:00:00Z")))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final Map<String, Set<Long>> grants = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private int rateLimit = 100;
    private double serverErrorRate;
    private double rateLimitRate;
    private long faultSeed;

    private Builder() {}

    /**
     * Lets {@code token} read the listed teams; calling it again for the same token adds teams. Once
     * anything is granted, {@link #DEFAULT_TOKEN} is no longer accepted unless granted explicitly. A
     * token granted no team is a valid token that gets 403 for every team.
     *
     * @param token the bearer token; visible ASCII only (no spaces or control characters), not blank
     * @param teamIds the teams it may read; each at least 1
     * @return this builder
     * @throws IllegalArgumentException if the token is blank or has other characters, or a team id is
     *     below 1; the message never contains the token
     * @throws NullPointerException if {@code token} or {@code teamIds} is null
     */
    public Builder grant(String token, long... teamIds) {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(teamIds, "teamIds");
      if (token.isEmpty() || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "a token must be non-empty visible ASCII (no spaces or control characters)");
      }
      Set<Long> teams = new LinkedHashSet<>();
      for (long teamId : teamIds) {
        if (teamId < 1) {
          throw new IllegalArgumentException("team ids must be >= 1, got " + teamId);
        }
        teams.add(teamId);
      }
      grants.computeIfAbsent(token, t -> new LinkedHashSet<>()).addAll(teams);
      return this;
    }

    /**
     * The clock that drives both backfill progress and the hourly rate-limit window; a
     * {@link ManualClock} makes both deterministic. Default {@link Clock#systemUTC()}.
     *
     * @param clock the time source; not null
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How many requests each token may make per window of one hour, which starts at the token's first
     * request; default 100, the vendor's example.
     *
     * @param limit requests per hour; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    public Builder rateLimitPerHour(int limit) {
      if (limit < 1) {
        throw new IllegalArgumentException("rateLimitPerHour must be >= 1, got " + limit);
      }
      this.rateLimit = limit;
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
      if (!(serverErrorRate >= 0 && serverErrorRate <= 1) || !(rateLimitRate >= 0 && rateLimitRate <= 1)) {
        throw new IllegalArgumentException(
            "rates must be between 0 and 1, got " + serverErrorRate + " and " + rateLimitRate);
      }
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
     */
    public FakeBackfillsServer build() {
      return new FakeBackfillsServer(this);
    }
  }
}
