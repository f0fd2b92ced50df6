package dev.backfills;

import dev.backfills.exception.BackfillsException;
import dev.backfills.internal.AttemptTag;
import dev.backfills.internal.AuthInterceptor;
import dev.backfills.internal.BackfillWaiter;
import dev.backfills.internal.CallSettings;
import dev.backfills.internal.ClientHooks;
import dev.backfills.internal.Deadline;
import dev.backfills.internal.Endpoints;
import dev.backfills.internal.Json;
import dev.backfills.internal.Lifecycle;
import dev.backfills.internal.Operation;
import dev.backfills.internal.Pipeline;
import dev.backfills.internal.RateLimitInterceptor;
import dev.backfills.internal.RateLimitState;
import dev.backfills.internal.Result;
import dev.backfills.internal.RetryPolicy;
import dev.backfills.internal.TeamWatcher;
import dev.backfills.internal.Texts;
import dev.backfills.internal.TimeSource;
import dev.backfills.internal.Transport;
import dev.backfills.internal.Version;
import dev.backfills.model.Backfill;
import dev.backfills.model.RateLimit;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client of the backfills API: reads backfills, creates and cancels them, waits for one to end and
 * watches a whole team's, within the API's request budget.
 *
 * <p>Create one per application and share it: it is thread-safe, and it holds the connection pool and
 * what it has learned of the server's request budget. Close it when the application stops. Calls that
 * need other settings (a shorter timeout, no retries) go through a view from {@link #withCallTimeout},
 * {@link #withMaxRetries}, {@link #withMaxRetryWait} or {@link #withPollingOptions}, which shares that
 * state instead of starting over.
 *
 * <pre>{@code
 * try (BackfillsClient client = BackfillsClient.builder()
 *     .token(System.getenv("BACKFILLS_API_TOKEN"))
 *     .build()) {
 *   for (Backfill b : client.listIncompleteBackfills(teamId)) {
 *     System.out.println(b.transferBackfillId() + " " + b.status());
 *   }
 * }
 * }</pre>
 *
 * <p>Every call either returns immutable records or throws a subclass of
 * {@link dev.backfills.exception.BackfillsException}: an {@link dev.backfills.exception.ApiException} for
 * an error answer (with subclasses for 401, 403, 404, 429 and 5xx), a
 * {@link dev.backfills.exception.TransportException} when no answer came, or a
 * {@link dev.backfills.exception.MalformedResponseException} when a 2xx body is not what the API
 * documents. 429, 5xx and I/O failures of reads are retried first (see {@link Builder#maxRetries(int)});
 * {@link #createBackfill} is resent only where that cannot create a second backfill.
 *
 * <p>Time has three bounds, as in the AWS SDK's attempt and call timeouts: per attempt,
 * {@link Builder#connectTimeout} and {@link Builder#readTimeout} (OkHttp's); per call,
 * {@link Builder#callTimeout}, which covers every attempt, every wait between them and the time a
 * {@link Builder#tokenProvider} takes; per wait, the timeout of {@link #awaitBackfill}, which bounds
 * every call the wait makes.
 */
public final class BackfillsClient implements AutoCloseable {
  /** The API's default base URL. */
  public static final String DEFAULT_BASE_URL = "https://dts-api.supermetrics.com/v1";

  static {
    ClientHooks.install(Builder::timeSource);
  }

  private final Shared shared;
  private final Pipeline pipeline;
  private final PollingOptions polling;

  /**
   * What a client and all its views share besides their pipelines' one transport (with its budget,
   * cool-down and pool): the root lifecycle, the watches, and what only the client's close releases.
   */
  private static final class Shared {
    final HttpUrl baseUrl;
    final AuthInterceptor auth;
    final boolean ownsHttpClient;
    final Lifecycle root = new Lifecycle();
    final Set<TeamWatcher> watches = ConcurrentHashMap.newKeySet();

    Shared(HttpUrl baseUrl, AuthInterceptor auth, boolean ownsHttpClient) {
      this.baseUrl = baseUrl;
      this.auth = auth;
      this.ownsHttpClient = ownsHttpClient;
    }
  }

  private BackfillsClient(Shared shared, Pipeline pipeline, PollingOptions polling) {
    this.shared = shared;
    this.pipeline = pipeline;
    this.polling = polling;
  }

  private static BackfillsClient create(Builder b, HttpUrl baseUrl) {
    Json json = new Json();
    RateLimitState limits = new RateLimitState();
    boolean ownsHttpClient = b.httpClient == null;
    OkHttpClient.Builder http = ownsHttpClient
        ? new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(30))
            .writeTimeout(Duration.ofSeconds(10))
        : Objects.requireNonNull(b.httpClient).newBuilder();
    if (b.connectTimeout != null) {
      http.connectTimeout(b.connectTimeout);
    }
    if (b.readTimeout != null) {
      http.readTimeout(b.readTimeout);
    }
    String token = b.token;
    AuthInterceptor auth = token != null
        ? AuthInterceptor.fixed(token)
        : AuthInterceptor.provided(Objects.requireNonNull(b.tokenProvider, "tokenProvider"));
    http.addInterceptor(new RateLimitInterceptor(limits, b.time))
        .addInterceptor(auth)
        .addNetworkInterceptor(AttemptTag.MARK_REACHED_CONNECTION)
        // The transport follows redirects itself, and only those that stay on the API's origin.
        .followRedirects(false);
    Transport transport = new Transport(http.build(), json, limits, b.time, b.maxResponseBodySize, token,
        Version.userAgent(b.userAgentSuffix), b.callListener);
    Shared shared = new Shared(baseUrl, auth, ownsHttpClient);
    CallSettings settings = new CallSettings(b.callTimeout,
        new RetryPolicy(b.maxRetries, b.maxRetryWait, b.baseBackoff, b.maxBackoff));
    return new BackfillsClient(shared, new Pipeline(transport, new Endpoints(baseUrl, json), settings, shared.root),
        PollingOptions.defaults());
  }

  /**
   * Starts configuring a client. Only a token (or token provider) is required.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------------
  // Reads

  /**
   * Reads one backfill: {@code GET /teams/{teamId}/backfills/{backfillId}}.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @return the backfill as the server reports it now
   * @throws IllegalArgumentException when an id is below 1; nothing is sent
   * @throws dev.backfills.exception.NotFoundException when the backfill does not exist or is not the team's
   * @throws dev.backfills.exception.BackfillsException (a subclass) for every other failure
   */
  public Backfill getBackfill(long teamId, long backfillId) {
    return getBackfillWithResponse(teamId, backfillId).data();
  }

  /**
   * Like {@link #getBackfill(long, long)}, with the answer's request id and rate-limit headers.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @return the backfill and the answer's metadata
   */
  public ApiResponse<Backfill> getBackfillWithResponse(long teamId, long backfillId) {
    return run(pipeline.endpoints().getBackfill(positive(teamId, "teamId"), positive(backfillId, "backfillId")));
  }

  /**
   * Reads one backfill without blocking the calling thread; see {@link #getBackfill(long, long)}.
   *
   * <p>The future fails with the same exceptions the blocking call throws (unwrapped; with
   * {@code join()} they arrive wrapped in a {@link java.util.concurrent.CompletionException}). Retries
   * are scheduled, not slept. Cancelling the future cancels the HTTP call.
   *
   * <pre>{@code
   * client.getBackfillAsync(teamId, id)
   *     .thenAccept(b -> System.out.println(b.status()))
   *     .exceptionally(e -> { log.warn("lookup failed", e); return null; });
   * }</pre>
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @return the backfill, when it arrives
   * @throws IllegalArgumentException at once when an id is below 1
   */
  public CompletableFuture<Backfill> getBackfillAsync(long teamId, long backfillId) {
    return runAsync(pipeline.endpoints().getBackfill(positive(teamId, "teamId"), positive(backfillId, "backfillId")));
  }

  /**
   * Lists the team's incomplete backfills (status CREATED, SCHEDULED, RUNNING or FAILED), newest first:
   * {@code GET /teams/{teamId}/backfills}. The API returns at most 100.
   *
   * @param teamId the team, at least 1
   * @return an unmodifiable list in the server's order; empty when nothing is in progress
   * @throws IllegalArgumentException when {@code teamId} is below 1; nothing is sent
   * @throws dev.backfills.exception.BackfillsException (a subclass) for every failure
   */
  public List<Backfill> listIncompleteBackfills(long teamId) {
    return listIncompleteBackfillsWithResponse(teamId).data();
  }

  /**
   * Like {@link #listIncompleteBackfills(long)}, with the answer's request id and rate-limit headers.
   *
   * @param teamId the team, at least 1
   * @return the unmodifiable list and the answer's metadata
   */
  public ApiResponse<List<Backfill>> listIncompleteBackfillsWithResponse(long teamId) {
    return run(pipeline.endpoints().listIncompleteBackfills(positive(teamId, "teamId")));
  }

  /**
   * Lists the team's incomplete backfills without blocking the calling thread; see
   * {@link #listIncompleteBackfills(long)} and {@link #getBackfillAsync(long, long)}.
   *
   * @param teamId the team, at least 1
   * @return the unmodifiable list, when it arrives
   * @throws IllegalArgumentException at once when {@code teamId} is below 1
   */
  public CompletableFuture<List<Backfill>> listIncompleteBackfillsAsync(long teamId) {
    return runAsync(pipeline.endpoints().listIncompleteBackfills(positive(teamId, "teamId")));
  }

  /**
   * Reads the most recent backfill of a transfer, whatever its status:
   * {@code GET /teams/{teamId}/transfers/{transferId}/backfills/latest}. Retried like the other reads.
   *
   * @param teamId the team, at least 1
   * @param transferId the transfer, at least 1
   * @return the transfer's latest backfill
   * @throws IllegalArgumentException when an id is below 1; nothing is sent
   * @throws dev.backfills.exception.NotFoundException when the transfer has no backfill, or is not the team's
   * @throws dev.backfills.exception.BackfillsException (a subclass) for every other failure
   */
  public Backfill getLatestBackfill(long teamId, long transferId) {
    return getLatestBackfillWithResponse(teamId, transferId).data();
  }

  /**
   * Like {@link #getLatestBackfill(long, long)}, with the answer's request id and rate-limit headers.
   *
   * @param teamId the team, at least 1
   * @param transferId the transfer, at least 1
   * @return the backfill and the answer's metadata
   */
  public ApiResponse<Backfill> getLatestBackfillWithResponse(long teamId, long transferId) {
    return run(pipeline.endpoints().getLatestBackfill(positive(teamId, "teamId"), positive(transferId, "transferId")));
  }

  /**
   * Reads the latest backfill of a transfer without blocking; see {@link #getLatestBackfill(long, long)}
   * and {@link #getBackfillAsync(long, long)}.
   *
   * @param teamId the team, at least 1
   * @param transferId the transfer, at least 1
   * @return the backfill, when it arrives
   * @throws IllegalArgumentException at once when an id is below 1
   */
  public CompletableFuture<Backfill> getLatestBackfillAsync(long teamId, long transferId) {
    return runAsync(pipeline.endpoints().getLatestBackfill(positive(teamId, "teamId"), positive(transferId, "transferId")));
  }

  // ---------------------------------------------------------------------------------------------------
  // Writes

  /**
   * Creates a backfill of a transfer over the inclusive date range:
   * {@code POST /teams/{teamId}/transfers/{transferId}/backfills} with
   * {@code {"range_start":"2024-01-01","range_end":"2024-01-31"}}. The new backfill starts CREATED; wait
   * for it with {@link #awaitBackfill(long, long, Duration)}.
   *
   * <p><strong>One call creates at most one backfill, even when an answer is lost.</strong> The request is
   * resent only where the server certainly did not act on it, or after checking that it did not:
   *
   * <ol>
   *   <li>A 429, or a connection that failed before the request reached the server: resent after the
   *       usual wait, within {@link Builder#maxRetries(int)}, the call timeout and the shared cool-down.
   *   <li>An answer lost after the request was sent (a 5xx, a proxy's error page, a timeout, a
   *       connection dropped mid-answer): the call first reads the transfer's latest backfill. If it is
   *       incomplete with exactly the requested range, the first try took effect and that backfill is
   *       the result ({@link ApiResponse#attempts()} counts every request). Otherwise (another range, a
   *       finished one, or none: 404) the request is resent, as in 1. If that read fails too, nothing is
   *       resent and the call throws the original failure (the read's failure is attached as
   *       suppressed): whether the backfill exists is then unknown.
   *   <li>A 2xx whose body cannot be read (cut off, or not the documented envelope): the server acted, so
   *       it is checked the same way but never resent; when the check does not find it, the call throws.
   *   <li>A 422 after a resend that followed a lost answer (the API refuses a range overlapping an active
   *       backfill, so it may be refusing the backfill the first try created) is checked the same way.
   *   <li>Any other error (400, 401, 403, 404, a first-try 422) is thrown as it is.
   * </ol>
   *
   * <p>With {@code maxRetries(0)} nothing is resent: the call may throw, but never leaves two backfills.
   *
   * @param teamId the team, at least 1
   * @param transferId the transfer, at least 1
   * @param rangeStart the first day to re-process
   * @param rangeEnd the last day to re-process, not before {@code rangeStart}
   * @return the new backfill
   * @throws IllegalArgumentException when an id is below 1, a date is null, or {@code rangeStart} is after
   *     {@code rangeEnd}; nothing is sent
   * @throws dev.backfills.exception.ApiException with status 422 when the range overlaps an active
   *     backfill of the transfer, 404 when the transfer is not the team's, 403 for a read-only token
   * @throws dev.backfills.exception.BackfillsException (a subclass) for every other failure
   */
  public Backfill createBackfill(long teamId, long transferId, LocalDate rangeStart, LocalDate rangeEnd) {
    return createBackfillWithResponse(teamId, transferId, rangeStart, rangeEnd).data();
  }

  /**
   * Like {@link #createBackfill(long, long, LocalDate, LocalDate)}, with the answer's request id,
   * rate-limit headers and the number of requests it took.
   *
   * @param teamId the team, at least 1
   * @param transferId the transfer, at least 1
   * @param rangeStart the first day to re-process
   * @param rangeEnd the last day to re-process
   * @return the new backfill and the answer's metadata
   */
  public ApiResponse<Backfill> createBackfillWithResponse(
      long teamId, long transferId, LocalDate rangeStart, LocalDate rangeEnd) {
    return run(createOperation(teamId, transferId, rangeStart, rangeEnd));
  }

  /**
   * Creates a backfill without blocking; see {@link #createBackfill(long, long, LocalDate, LocalDate)}
   * (the same at-most-once rules) and {@link #getBackfillAsync(long, long)}.
   *
   * @param teamId the team, at least 1
   * @param transferId the transfer, at least 1
   * @param rangeStart the first day to re-process
   * @param rangeEnd the last day to re-process
   * @return the new backfill, when it arrives
   * @throws IllegalArgumentException at once for a bad id or range
   */
  public CompletableFuture<Backfill> createBackfillAsync(
      long teamId, long transferId, LocalDate rangeStart, LocalDate rangeEnd) {
    return runAsync(createOperation(teamId, transferId, rangeStart, rangeEnd));
  }

  private Operation<Backfill> createOperation(long teamId, long transferId, LocalDate start, LocalDate end) {
    positive(teamId, "teamId");
    positive(transferId, "transferId");
    requireDate(start, "rangeStart");
    requireDate(end, "rangeEnd");
    if (start.isAfter(end)) {
      throw new IllegalArgumentException("rangeStart " + start + " is after rangeEnd " + end + "; the range is inclusive");
    }
    return pipeline.endpoints().createBackfill(teamId, transferId, start, end);
  }

  /**
   * Cancels a backfill: {@code PATCH /teams/{teamId}/backfills/{backfillId}} with
   * {@code {"status":"CANCELLED"}}. Idempotent, so retried like the reads. Cancelling one that is already
   * CANCELLED returns it (the API's 422 is resolved by reading the backfill); CREATED, SCHEDULED,
   * RUNNING and FAILED backfills can be cancelled.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @return the backfill, CANCELLED
   * @throws IllegalArgumentException when an id is below 1; nothing is sent
   * @throws dev.backfills.exception.ApiException with status 422 when the backfill is COMPLETED (the
   *     server's error attached)
   * @throws dev.backfills.exception.BackfillsException (a subclass) for every other failure
   */
  public Backfill cancelBackfill(long teamId, long backfillId) {
    return cancelBackfillWithResponse(teamId, backfillId).data();
  }

  /**
   * Like {@link #cancelBackfill(long, long)}, with the answer's request id and rate-limit headers.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @return the cancelled backfill and the answer's metadata
   */
  public ApiResponse<Backfill> cancelBackfillWithResponse(long teamId, long backfillId) {
    return run(pipeline.endpoints().cancelBackfill(positive(teamId, "teamId"), positive(backfillId, "backfillId")));
  }

  /**
   * Cancels a backfill without blocking; see {@link #cancelBackfill(long, long)} and
   * {@link #getBackfillAsync(long, long)}.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @return the cancelled backfill, when it arrives
   * @throws IllegalArgumentException at once when an id is below 1
   */
  public CompletableFuture<Backfill> cancelBackfillAsync(long teamId, long backfillId) {
    return runAsync(pipeline.endpoints().cancelBackfill(positive(teamId, "teamId"), positive(backfillId, "backfillId")));
  }

  // ---------------------------------------------------------------------------------------------------
  // Waiting and watching

  /**
   * Polls a backfill until it is COMPLETED, CANCELLED or FAILED, paced by this client's
   * {@link PollingOptions} (by default: first after 2 s, then less often while nothing changes and in
   * the middle of a long backfill, and never faster than half the hourly request budget allows).
   *
   * <pre>{@code
   * Backfill done = client.awaitBackfill(teamId, id, Duration.ofHours(2));
   * if (done.status() == BackfillStatus.FAILED) { alert(done.errorReport()); }
   * }</pre>
   *
   * <p>The timeout bounds the whole wait: every call it makes, their retries and any {@code Retry-After}
   * (each call also keeps its own call timeout, if set). A 429 is waited out as the server asks; 5xx and
   * I/O failures are ridden out until the timeout. 401, 403, 404 and malformed answers end the wait with
   * their exception. A status this version does not know ({@link dev.backfills.model.BackfillStatus#UNKNOWN})
   * is not an end: the wait goes on. Closing the client ends the wait at once.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @param timeout how long to wait at most
   * @return the backfill in its final (or FAILED) state
   * @throws dev.backfills.exception.WaitTimeoutException when the timeout passes first; carries the last
   *     state seen and, as its cause, the last failure
   * @throws dev.backfills.exception.BackfillsException when interrupted (the thread's interrupt flag is
   *     set again; the cause is the {@link InterruptedException}), when the client is closed, or for a
   *     failure polling cannot fix
   */
  public Backfill awaitBackfill(long teamId, long backfillId, Duration timeout) {
    return awaitBackfill(teamId, backfillId, timeout, polling);
  }

  /**
   * Like {@link #awaitBackfill(long, long, Duration)}, paced by {@code options}.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @param timeout how long to wait at most
   * @param options the pacing
   * @return the backfill in its final (or FAILED) state
   */
  public Backfill awaitBackfill(long teamId, long backfillId, Duration timeout, PollingOptions options) {
    positive(teamId, "teamId");
    positive(backfillId, "backfillId");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    return new BackfillWaiter(pipeline).await(teamId, backfillId, timeout, options);
  }

  /**
   * Starts watching every incomplete backfill of the team in the background, paced by this client's
   * {@link PollingOptions} (by default a poll every 2 s, or less often so as to spend at most half of the
   * hourly request budget, and less as the budget the server reports left runs low).
   *
   * <p>Each poll is one list request for the whole team, plus one read by id for each backfill that is
   * no longer listed (to learn whether it completed or was cancelled), however many backfills there are.
   * The listener is called on the watch's own thread, in order; a listener that throws is logged and
   * reported through {@link BackfillListener#onError}, and the watch goes on. 401 and 403 end the
   * watch; other failures are reported and polling goes on with backoff. Close the watch to stop it;
   * closing the client closes its watches too.
   *
   * <pre>{@code
   * TeamWatch watch = client.watchTeam(teamId, new BackfillListener() {
   *   public void onFinished(Backfill b) { System.out.println(b.transferBackfillId() + " " + b.status()); }
   * });
   * }</pre>
   *
   * @param teamId the team, at least 1
   * @param listener receives the events
   * @return the running watch
   */
  public TeamWatch watchTeam(long teamId, BackfillListener listener) {
    return watchTeam(teamId, listener, polling);
  }

  /**
   * Like {@link #watchTeam(long, BackfillListener)}, paced by {@code options}.
   *
   * @param teamId the team, at least 1
   * @param listener receives the events
   * @param options the pacing
   * @return the running watch
   */
  public TeamWatch watchTeam(long teamId, BackfillListener listener, PollingOptions options) {
    positive(teamId, "teamId");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    TeamWatcher watch = new TeamWatcher(pipeline, teamId, listener, options);
    shared.watches.add(watch);
    return watch.start();
  }

  // ---------------------------------------------------------------------------------------------------
  // Views, state, lifecycle

  /**
   * A view of this client whose calls have another call timeout. Views share everything else with the
   * client: the connection pool, the budget learned from {@code X-RateLimit-*}, the 429 cool-down, the
   * call listener. See {@link #withMaxRetries(int)} for how views close.
   *
   * <pre>{@code
   * BackfillsClient quick = client.withCallTimeout(Duration.ofSeconds(2)).withMaxRetries(0);
   * quick.getBackfill(teamId, id); // fails fast; a 429 it sees still pauses `client` too
   * }</pre>
   *
   * @param timeout bound of each whole call, retries and waits included; zero for none
   * @return the view
   */
  public BackfillsClient withCallTimeout(Duration timeout) {
    return view(pipeline.settings().withCallTimeout(Builder.requireNonNegative(timeout, "callTimeout")), polling);
  }

  /**
   * A view of this client whose calls retry at most {@code maxRetries} times. It shares the client's
   * connection pool, budget, cool-down and listener. Closing a view stops only what was started through
   * it (its calls in flight, waits and watches, and those of views made from it); closing the client
   * closes every view.
   *
   * @param maxRetries retries after the first attempt; 0 disables retries
   * @return the view
   * @throws IllegalArgumentException when negative
   */
  public BackfillsClient withMaxRetries(int maxRetries) {
    return view(pipeline.settings().withRetry(pipeline.settings().retry().withMaxRetries(
        Builder.requireRetries(maxRetries))), polling);
  }

  /**
   * A view of this client whose calls wait for a {@code Retry-After} of at most {@code max}. It shares
   * the client's state; see {@link #withMaxRetries(int)}.
   *
   * @param max the longest wait, zero or more (at most a day)
   * @return the view
   */
  public BackfillsClient withMaxRetryWait(Duration max) {
    return view(pipeline.settings().withRetry(pipeline.settings().retry().withMaxRetryWait(
        Builder.clampRetryWait(max))), polling);
  }

  /**
   * A view of this client whose {@link #awaitBackfill(long, long, Duration)} and
   * {@link #watchTeam(long, BackfillListener)} are paced by {@code options}. It shares the client's
   * state; see {@link #withMaxRetries(int)}.
   *
   * @param options the pacing
   * @return the view
   */
  public BackfillsClient withPollingOptions(PollingOptions options) {
    return view(pipeline.settings(), Objects.requireNonNull(options, "options"));
  }

  private BackfillsClient view(CallSettings settings, PollingOptions options) {
    ensureOpen();
    return new BackfillsClient(shared, pipeline.child(settings), options);
  }

  /**
   * The newest request budget the server reported ({@code X-RateLimit-Limit} and
   * {@code X-RateLimit-Remaining}), from any answer, success or error, on any thread or view.
   *
   * @return the budget, or empty before any answer carried it
   */
  public Optional<RateLimit> lastRateLimit() {
    return Optional.ofNullable(pipeline.transport().limits().last());
  }

  /**
   * Stops everything this client (or, for a view, this view) started, and for the client releases what
   * it created. When it returns: nothing more is sent; calls in flight have ended (or end at once) with a
   * {@link dev.backfills.exception.BackfillsException} saying the client was closed; waits in progress
   * have ended the same way; every watch has stopped and its thread has ended. Then the client's own
   * connection pool and threads are released. A caller's {@link OkHttpClient} passed to
   * {@link Builder#httpClient(OkHttpClient)} is left running: only this client's calls on it are
   * cancelled. Calls made after closing fail the same way, blocking or not. Idempotent.
   */
  @Override
  public void close() {
    Lifecycle life = pipeline.lifecycle();
    if (life.isClosed() && life != shared.root) {
      return;
    }
    life.close();
    for (TeamWatcher watch : List.copyOf(shared.watches)) {
      if (watch.isClosed()) {
        watch.awaitEnd();
        shared.watches.remove(watch);
      }
    }
    if (life == shared.root) {
      pipeline.transport().shutdown();
      shared.auth.close();
      if (shared.ownsHttpClient) {
        OkHttpClient http = pipeline.transport().http();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
      }
    }
  }

  @Override
  public String toString() {
    return "BackfillsClient[baseUrl=" + shared.baseUrl + ", maxRetries=" + pipeline.settings().retry().maxRetries()
        + (pipeline.lifecycle() == shared.root ? "" : ", view") + (pipeline.lifecycle().isClosed() ? ", closed" : "")
        + "]";
  }

  private <T> ApiResponse<T> run(Operation<T> op) {
    return pipeline.run(op, Deadline.NONE).responseOrThrow();
  }

  /** The data of the call's answer, as a future that fails with the call's own exception. */
  private <T> CompletableFuture<T> runAsync(Operation<T> op) {
    CompletableFuture<Result<T>> results = pipeline.runAsync(op);
    CompletableFuture<T> data = new CompletableFuture<>();
    // The stages only forward results and a cancellation; their own results carry nothing.
    CompletableFuture<Void> unusedForward = results.thenAccept(result -> {
      RuntimeException failure = result.failure();
      if (failure != null) {
        data.completeExceptionally(failure);
      } else {
        data.complete(result.responseOrThrow().data());
      }
    });
    CompletableFuture<T> unusedCancel = data.whenComplete((value, error) -> {
      if (data.isCancelled()) {
        results.cancel(true);
      }
    });
    return data;
  }

  /** The API takes dates as {@code YYYY-MM-DD}: four-digit years only. */
  private static void requireDate(@Nullable LocalDate date, String name) {
    if (date == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    if (date.getYear() < 0 || date.getYear() > 9999) {
      throw new IllegalArgumentException(name + " must have a four-digit year (YYYY-MM-DD), was " + date);
    }
  }

  private void ensureOpen() {
    if (pipeline.lifecycle().isClosed()) {
      throw new BackfillsException("this BackfillsClient is closed");
    }
  }

  private static long positive(long id, String name) {
    if (id < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + id);
    }
    return id;
  }

  /**
   * Configures a {@link BackfillsClient}. Not thread-safe; each {@link #build()} makes an independent
   * client from the settings at that moment.
   *
   * <pre>{@code
   * BackfillsClient client = BackfillsClient.builder()
   *     .tokenProvider(vault::currentToken)
   *     .maxRetries(3)
   *     .callTimeout(Duration.ofSeconds(30))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private static final Duration MAX_RETRY_WAIT = Duration.ofDays(1);

    private @Nullable String token;
    private @Nullable Supplier<String> tokenProvider;
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable OkHttpClient httpClient;
    private int maxRetries = 2;
    private Duration maxRetryWait = Duration.ofSeconds(60);
    private Duration baseBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private Duration callTimeout = Duration.ZERO;
    private @Nullable String userAgentSuffix;
    private long maxResponseBodySize = 16L * 1024 * 1024;
    private TimeSource time = TimeSource.SYSTEM;
    private @Nullable CallListener callListener;

    private Builder() {}

    /**
     * The bearer token sent with every request. Required, unless {@link #tokenProvider(Supplier)} is
     * set instead. Checked by {@link #build()}: it must be non-blank visible ASCII.
     *
     * @param bearerToken the API token, without the {@code Bearer } prefix
     * @return this builder
     */
    public Builder token(@Nullable String bearerToken) {
      this.token = bearerToken;
      return this;
    }

    /**
     * Asks {@code tokens} for the token on every request, for tokens that rotate. A call whose provider
     * throws, or returns a null, blank or non-ASCII token, fails with {@link IllegalStateException}
     * before anything is sent. The supplier must be thread-safe.
     *
     * @param tokens supplies the current bearer token
     * @return this builder
     */
    public Builder tokenProvider(Supplier<String> tokens) {
      this.tokenProvider = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * Where the API lives; default {@value BackfillsClient#DEFAULT_BASE_URL}. A path prefix is kept, with
     * or without a trailing slash. Must be {@code https}, except for loopback hosts ({@code localhost},
     * 127.0.0.0/8, {@code ::1}), where {@code http} is allowed for tests and the embedded fake API.
     *
     * @param baseUrl the base URL, for example {@code https://api.example.com/v2}
     * @return this builder
     * @throws IllegalArgumentException when the URL is not usable
     */
    public Builder baseUrl(String baseUrl) {
      checkBaseUrl(baseUrl);
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sends requests through the caller's OkHttp client, sharing its connection pool, dispatcher,
     * proxy, TLS and other settings. The library adds its own interceptors to a derived client;
     * {@link BackfillsClient#close()} never shuts the caller's client down.
     *
     * @param client the OkHttp client to share
     * @return this builder
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * How many times a request is retried after a 429, a 5xx or an I/O failure; default 2 (three
     * attempts in all). Other errors are never retried.
     *
     * @param maxRetries retries after the first attempt; 0 disables retries
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = requireRetries(maxRetries);
      return this;
    }

    static int requireRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
      }
      return maxRetries;
    }

    /**
     * The longest {@code Retry-After} a call waits for; default 60 s, at most one day (larger values
     * count as one day, the API's own maximum). When a 429 asks for longer, the
     * call throws {@link dev.backfills.exception.RateLimitException} at once, with
     * {@code retryAfter()} telling how long, instead of blocking the thread.
     *
     * @param max the longest wait, zero or more
     * @return this builder
     */
    public Builder maxRetryWait(Duration max) {
      this.maxRetryWait = clampRetryWait(max);
      return this;
    }

    static Duration clampRetryWait(Duration max) {
      requireNonNegative(max, "maxRetryWait");
      // The API never asks for more than a day; a larger bound would only risk overflowing nanosecond
      // arithmetic, so it is treated as a day.
      return max.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : max;
    }

    /**
     * The exponential backoff for retries without a {@code Retry-After}: attempt {@code n} waits a
     * random time between zero and {@code min(max, base × 2^(n-1))}. Default 0.5 s and 8 s.
     *
     * @param base the bound of the first wait
     * @param max the largest bound
     * @return this builder
     */
    public Builder retryBackoff(Duration base, Duration max) {
      requireNonNegative(base, "base");
      requireNonNegative(max, "max");
      if (base.compareTo(max) > 0) {
        throw new IllegalArgumentException("backoff base must not exceed max");
      }
      this.baseBackoff = base;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Time to establish a connection; default 10 s (or the caller's client's setting).
     *
     * @param timeout the timeout; zero means none
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requireNonNegative(timeout, "connectTimeout");
      return this;
    }

    /**
     * Longest silence while reading an answer; default 30 s (or the caller's client's setting).
     *
     * @param timeout the timeout; zero means none
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = requireNonNegative(timeout, "readTimeout");
      return this;
    }

    /**
     * Bounds a whole call, every attempt and wait included; default none. A retry or a
     * {@code Retry-After} that would end past it is not started: the call fails with the error it has.
     *
     * @param timeout the bound; zero means none
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = requireNonNegative(timeout, "callTimeout");
      return this;
    }

    /**
     * Appended to the {@code User-Agent} header, to tell the vendor which application calls, for
     * example {@code "billing-sync/2.3"}.
     *
     * @param suffix printable ASCII, spaces allowed
     * @return this builder
     */
    public Builder userAgentSuffix(String suffix) {
      Objects.requireNonNull(suffix, "suffix");
      if (suffix.isBlank() || !suffix.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
        throw new IllegalArgumentException("userAgentSuffix must be non-blank printable ASCII");
      }
      this.userAgentSuffix = suffix.strip();
      return this;
    }

    /**
     * The largest success body the client reads; default 16 MiB. A larger one is refused with
     * {@link dev.backfills.exception.MalformedResponseException} without being read into memory.
     *
     * @param bytes the limit, at least 1
     * @return this builder
     */
    public Builder maxResponseBodySize(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxResponseBodySize must be at least 1, was " + bytes);
      }
      this.maxResponseBodySize = bytes;
      return this;
    }

    /**
     * Tells {@code listener} of every call's start, attempts, retry waits, cool-downs and end, for
     * metrics and tracing; default none. See {@link CallListener}.
     *
     * @param listener the listener; its methods must be quick and thread-safe
     * @return this builder
     */
    public Builder callListener(CallListener listener) {
      this.callListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Test hook: a clock whose sleeps can be observed or skipped. */
    Builder timeSource(TimeSource time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Creates the client.
     *
     * @return a new client
     * @throws IllegalArgumentException when no usable token or token provider was set (the message never
     *     contains the token)
     */
    public BackfillsClient build() {
      if (token != null && tokenProvider != null) {
        throw new IllegalArgumentException("set either token(...) or tokenProvider(...), not both");
      }
      if (tokenProvider == null && !Texts.isValidToken(token)) {
        throw new IllegalArgumentException(
            token == null
                ? "a token is required: call token(...) or tokenProvider(...)"
                : token.isBlank()
                    ? "the token is blank"
                    : "the token contains characters outside visible ASCII (spaces, control characters"
                        + " or non-ASCII); check how it was read");
      }
      return create(this, checkBaseUrl(baseUrl));
    }

    static Duration requireNonNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative");
      }
      return d;
    }

    private static HttpUrl checkBaseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL");
      }
      if (!url.username().isEmpty() || !url.password().isEmpty()) {
        throw new IllegalArgumentException("baseUrl must not contain credentials; use token(...)");
      }
      if (url.query() != null || url.fragment() != null) {
        throw new IllegalArgumentException("baseUrl must not have a query or fragment");
      }
      if (!url.isHttps() && !isLoopback(url.host())) {
        throw new IllegalArgumentException(
            "baseUrl must use https (plain http is allowed only to localhost, 127.0.0.0/8 and ::1), got http://"
                + url.host());
      }
      return url;
    }

    /** Loopback by its literal form only: a name other than localhost is never resolved here. */
    private static boolean isLoopback(String host) {
      if (host.equals("localhost") || host.equals("::1")) {
        return true;
      }
      if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        return false;
      }
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
