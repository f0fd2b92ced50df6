package dev.backfills;

import dev.backfills.internal.AuthInterceptor;
import dev.backfills.internal.BackfillWaiter;
import dev.backfills.internal.ClientHooks;
import dev.backfills.internal.Json;
import dev.backfills.internal.RateLimitInterceptor;
import dev.backfills.internal.RateLimitState;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * A client of the backfills API: reads one backfill, or the incomplete backfills of a team.
 *
 * <p>Create one per application and share it: it is thread-safe, and it holds the connection pool and
 * what it has learned of the server's request budget. Close it when the application stops.
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
 * documents. 429, 5xx and I/O failures are retried first (see {@link Builder#maxRetries(int)}).
 */
public final class BackfillsClient implements AutoCloseable {
  /** The API's default base URL. */
  public static final String DEFAULT_BASE_URL = "https://dts-api.supermetrics.com/v1";

  static {
    ClientHooks.install(Builder::timeSource);
  }

  private final HttpUrl baseUrl;
  private final Transport transport;
  private final Json json;
  private final RateLimitState limits;
  private final boolean ownsHttpClient;
  private final int maxRetries;
  private final TimeSource time;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<TeamWatch> watches = ConcurrentHashMap.newKeySet();
  private final Transport.BodyDecoder<Backfill> oneDecoder;
  private final Transport.BodyDecoder<List<Backfill>> listDecoder;

  private BackfillsClient(Builder b, HttpUrl baseUrl) {
    this.baseUrl = baseUrl;
    this.json = new Json();
    this.limits = new RateLimitState();
    this.maxRetries = b.maxRetries;
    this.time = b.time;
    this.ownsHttpClient = b.httpClient == null;
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
    http.addInterceptor(new RateLimitInterceptor(limits, b.time));
    String token = b.token;
    http.addInterceptor(token != null
        ? AuthInterceptor.fixed(token)
        : AuthInterceptor.provided(Objects.requireNonNull(b.tokenProvider, "tokenProvider")));
    RetryPolicy retry = new RetryPolicy(b.maxRetries, b.maxRetryWait, b.baseBackoff, b.maxBackoff);
    this.transport = new Transport(
        http.build(), json, retry, limits, b.time, b.callTimeout, b.maxResponseBodySize, b.token,
        Version.userAgent(b.userAgentSuffix));
    this.oneDecoder = json::readBackfill;
    this.listDecoder = json::readBackfillList;
  }

  /**
   * Starts configuring a client. Only a token (or token provider) is required.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

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
    requirePositive(teamId, "teamId");
    requirePositive(backfillId, "backfillId");
    return transport.get(backfillUrl(teamId, backfillId), oneDecoder);
  }

  /**
   * Lists the team's incomplete backfills (status CREATED, SCHEDULED, RUNNING or FAILED), newest first:
   * {@code GET /teams/{teamId}/backfills}.
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
    requirePositive(teamId, "teamId");
    return transport.get(listUrl(teamId), listDecoder);
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
    requirePositive(teamId, "teamId");
    requirePositive(backfillId, "backfillId");
    return dataOf(transport.getAsync(backfillUrl(teamId, backfillId), oneDecoder));
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
    requirePositive(teamId, "teamId");
    return dataOf(transport.getAsync(listUrl(teamId), listDecoder));
  }

  /** The data of an answer, as a future whose cancellation reaches the HTTP call. */
  private static <T> CompletableFuture<T> dataOf(CompletableFuture<ApiResponse<T>> answer) {
    CompletableFuture<T> data = answer.thenApply(ApiResponse::data);
    // The stage only forwards a cancellation; its own result carries nothing.
    CompletableFuture<T> unused = data.whenComplete((value, error) -> {
      if (data.isCancelled()) {
        answer.cancel(true);
      }
    });
    return data;
  }

  /**
   * Polls a backfill until it is COMPLETED, CANCELLED or FAILED, with the default
   * {@link PollingOptions}: first after 2 s, then less often while nothing changes and in the middle of
   * a long backfill, and never faster than half the hourly request budget allows.
   *
   * <pre>{@code
   * Backfill done = client.awaitBackfill(teamId, id, Duration.ofHours(2));
   * if (done.status() == BackfillStatus.FAILED) { alert(done.errorReport()); }
   * }</pre>
   *
   * <p>A 429 is waited out as the server asks; 5xx and I/O failures are retried until the timeout. 401,
   * 403, 404 and malformed answers end the wait with their exception.
   *
   * @param teamId the team, at least 1
   * @param backfillId the backfill, at least 1
   * @param timeout how long to wait at most
   * @return the backfill in its final (or FAILED) state
   * @throws dev.backfills.exception.WaitTimeoutException when the timeout passes first; carries the last
   *     state seen
   * @throws dev.backfills.exception.BackfillsException when interrupted (the thread's interrupt flag is
   *     set again; the cause is the {@link InterruptedException}), or for a failure polling cannot fix
   */
  public Backfill awaitBackfill(long teamId, long backfillId, Duration timeout) {
    return awaitBackfill(teamId, backfillId, timeout, PollingOptions.defaults());
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
    requirePositive(teamId, "teamId");
    requirePositive(backfillId, "backfillId");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    return new BackfillWaiter(this, time).await(teamId, backfillId, timeout, options);
  }

  /**
   * Starts watching every incomplete backfill of the team in the background, with the default
   * {@link PollingOptions}: a poll every 2 s, or less often so as to spend at most half of the hourly
   * request budget.
   *
   * <p>Each poll is one list request for the whole team, plus one read by id for each backfill that
   * left the list (to learn whether it completed or was cancelled), however many backfills there are.
   * The listener is called on the watch's own thread, in order. 401 and 403 end the watch (reported
   * through {@link BackfillListener#onError}); other failures are reported and polling goes on with
   * backoff. Close the watch to stop it; closing the client closes its watches too.
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
    return watchTeam(teamId, listener, PollingOptions.defaults());
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
    requirePositive(teamId, "teamId");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(options, "options");
    ensureOpen();
    TeamWatcher watch = new TeamWatcher(this, teamId, listener, options, time, watches::remove);
    watches.add(watch);
    return watch.start();
  }

  /**
   * The newest request budget the server reported ({@code X-RateLimit-Limit} and
   * {@code X-RateLimit-Remaining}), from any answer, success or error, on any thread.
   *
   * @return the budget, or empty before any answer carried it
   */
  public Optional<RateLimit> lastRateLimit() {
    return Optional.ofNullable(limits.last());
  }

  /**
   * Releases what this client created: its connection pool and threads, its running watches, and
   * pending asynchronous calls (which fail). A caller's
   * {@link OkHttpClient} passed to {@link Builder#httpClient(OkHttpClient)} is left running. Calls made
   * after closing throw {@link IllegalStateException}. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    watches.forEach(TeamWatch::close);
    transport.close();
    if (ownsHttpClient) {
      OkHttpClient http = transport.http();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "BackfillsClient[baseUrl=" + baseUrl + ", maxRetries=" + maxRetries + (closed.get() ? ", closed" : "") + "]";
  }

  private HttpUrl backfillUrl(long teamId, long backfillId) {
    ensureOpen();
    return baseUrl.newBuilder()
        .addPathSegment("teams")
        .addPathSegment(Long.toString(teamId))
        .addPathSegment("backfills")
        .addPathSegment(Long.toString(backfillId))
        .build();
  }

  private HttpUrl listUrl(long teamId) {
    ensureOpen();
    return baseUrl.newBuilder()
        .addPathSegment("teams")
        .addPathSegment(Long.toString(teamId))
        .addPathSegment("backfills")
        .build();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this BackfillsClient is closed");
    }
  }

  private static void requirePositive(long id, String name) {
    if (id < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + id);
    }
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
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
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
      requireNonNegative(max, "maxRetryWait");
      // The API never asks for more than a day; a larger bound would only risk overflowing nanosecond
      // arithmetic, so it is treated as a day.
      this.maxRetryWait = max.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : max;
      return this;
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
      return new BackfillsClient(this, checkBaseUrl(baseUrl));
    }

    private static Duration requireNonNegative(Duration d, String name) {
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
