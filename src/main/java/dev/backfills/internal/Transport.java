package dev.backfills.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.backfills.ApiResponse;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.MalformedResponseException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.TransportException;
import dev.backfills.model.RateLimit;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.UnknownServiceException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Sends GET requests and turns every outcome into a decoded value or a typed exception, retrying what a
 * later attempt can fix.
 *
 * <p>One per client; thread-safe. The retry loop lives here, above OkHttp, rather than in an interceptor,
 * so that waits can honour the whole call's deadline and the shared rate-limit pause.
 */
public final class Transport {
  private static final System.Logger LOG = System.getLogger("dev.backfills.BackfillsClient");

  /** Decodes a 2xx body into an envelope. */
  @FunctionalInterface
  public interface BodyDecoder<T> {
    /** Reads the body; syntax problems are reported in the envelope, I/O failures thrown. */
    Envelope<T> decode(InputStream body) throws IOException;
  }

  private final OkHttpClient http;
  private final Json json;
  private final RetryPolicy retry;
  private final RateLimitState limits;
  private final TimeSource time;
  private final long callTimeoutNanos;
  private final long maxBodyBytes;
  private final @Nullable String fixedToken;
  private final String userAgent;

  /**
   * Creates the transport.
   *
   * @param http the client with the auth and rate-limit interceptors installed
   * @param json the client's decoder
   * @param retry when and how long to retry
   * @param limits the budget state the rate-limit interceptor feeds
   * @param time clock and sleeps
   * @param callTimeout bound of a whole call, retries and waits included; zero for none
   * @param maxBodyBytes the largest success body read; larger ones are refused unread
   * @param fixedToken the token when it is fixed (to scrub it from messages), or null with a provider
   * @param userAgent the User-Agent header value
   */
  public Transport(
      OkHttpClient http,
      Json json,
      RetryPolicy retry,
      RateLimitState limits,
      TimeSource time,
      Duration callTimeout,
      long maxBodyBytes,
      @Nullable String fixedToken,
      String userAgent) {
    this.http = http;
    this.json = json;
    this.retry = retry;
    this.limits = limits;
    this.time = time;
    this.callTimeoutNanos = callTimeout.toNanos();
    this.maxBodyBytes = maxBodyBytes;
    this.fixedToken = fixedToken;
    this.userAgent = userAgent;
  }

  /** The underlying OkHttp client. */
  public OkHttpClient http() {
    return http;
  }

  /**
   * GETs {@code url} and decodes the answer, retrying per the policy.
   *
   * @throws BackfillsException (a subclass) for any failure that is not retried or outlives the retries
   * @throws IllegalStateException when a token provider fails or yields an unusable token
   */
  public <T> ApiResponse<T> get(HttpUrl url, BodyDecoder<T> decoder) {
    Request request = newRequest(url);
    String what = "GET " + url.encodedPath();
    long deadline = callTimeoutNanos > 0 ? time.nanoTime() + callTimeoutNanos : Long.MAX_VALUE;
    for (int attempt = 1; ; attempt++) {
      awaitPause(what, deadline);
      Outcome<T> outcome = send(request, what, decoder, attempt, deadline);
      if (outcome.value != null) {
        return outcome.value;
      }
      Duration delay = outcome.retryable ? retry.delayAfter(attempt, outcome.retryAfter) : null;
      if (delay == null || !fitsBefore(delay, deadline)) {
        throw outcome.failure();
      }
      log(what, attempt, "retrying in " + delay.toMillis() + " ms");
      sleep(delay, what);
    }
  }

  private Request newRequest(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Accept", "application/json")
        .header("User-Agent", userAgent)
        .build();
  }

  /** One attempt, blocking: its outcome, never an exception for anything a retry may fix. */
  private <T> Outcome<T> send(Request request, String what, BodyDecoder<T> decoder, int attempt, long deadline) {
    UsedToken used = usedTokenSlot();
    Call call = newCall(request, used, deadline);
    long started = time.nanoTime();
    try (Response response = call.execute()) {
      Outcome<T> outcome = interpret(response, what, decoder, attempt, tokenFor(used));
      logAnswer(what, attempt, started, response.code(), outcome, tokenFor(used));
      return outcome;
    } catch (AuthInterceptor.TokenUnavailable e) {
      throw e.failure();
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new BackfillsException(what + ": interrupted", e);
      }
      return ioFailure(what, e, used, deadline, started, attempt);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // OkHttp is Kotlin: while it waits for a connection it can throw InterruptedException undeclared,
      // clearing the thread's interrupt flag. Restore the flag and fail like any other interrupt.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new BackfillsException(what + ": interrupted", e);
      }
      throw new BackfillsException(what + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** An I/O failure as an outcome: retryable, unless the whole call's time is up. */
  private <T> Outcome<T> ioFailure(
      String what, IOException e, @Nullable UsedToken used, long deadline, long started, int attempt) {
    boolean timedOut = deadline != Long.MAX_VALUE && time.nanoTime() - deadline >= 0;
    String cause = Texts.safe(describe(e), tokenFor(used), 200);
    String message = what + ": " + (timedOut ? "call timeout of " + Duration.ofNanos(callTimeoutNanos).toMillis()
        + " ms reached" : "I/O failure") + " (" + cause + ")";
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, what + " -> " + cause + " after " + millisSince(started) + " ms (attempt " + attempt + ")");
    }
    return Outcome.failed(new TransportException(message, e), !timedOut && !isPermanent(e), null);
  }

  /**
   * Where the auth interceptor records the token a provider handed out for one attempt, so that exactly
   * that token is scrubbed from messages. A fixed token is known already: then no slot, and the request
   * goes out without a tag (tagging costs a copy of the request and, in OkHttp 5, Kotlin reflection
   * classes at start-up).
   */
  private @Nullable UsedToken usedTokenSlot() {
    return fixedToken != null ? null : new UsedToken();
  }

  /** One attempt's call: tagged with its token slot, if any, and bounded by what is left of the call's time. */
  private Call newCall(Request request, @Nullable UsedToken used, long deadline) {
    Call call = http.newCall(used == null ? request : request.newBuilder().tag(UsedToken.class, used).build());
    if (deadline != Long.MAX_VALUE) {
      call.timeout().timeout(Math.max(1, deadline - time.nanoTime()), TimeUnit.NANOSECONDS);
    }
    return call;
  }

  private @Nullable String tokenFor(@Nullable UsedToken used) {
    return fixedToken != null ? fixedToken : used == null ? null : used.value();
  }

  /** Maps a response to a value or a failure. I/O errors while reading a success body are thrown. */
  private <T> Outcome<T> interpret(
      Response response, String what, BodyDecoder<T> decoder, int attempt, @Nullable String token)
      throws IOException {
    int status = response.code();
    ResponseBody body = response.body();
    RateLimit rateLimit = rateLimitOf(response);
    if (status >= 200 && status < 300) {
      long length = body.contentLength();
      if (length > maxBodyBytes) {
        return Outcome.failed(tooLarge(what, status, length), false, null);
      }
      Envelope<T> envelope;
      try {
        InputStream in = body.byteStream();
        envelope = decoder.decode(length >= 0 ? in : new CappedStream(in, maxBodyBytes));
      } catch (BodyTooLarge e) {
        return Outcome.failed(tooLarge(what, status, -1), false, null);
      } catch (JsonProcessingException e) {
        String problem = "the body is empty or not JSON: " + Json.syntaxMessage(e);
        return Outcome.failed(malformed(what, status, null, problem, e, token), false, null);
      }
      if (envelope.problem() != null) {
        return Outcome.failed(malformed(what, status, envelope.requestId(), envelope.problem(), null, token), false, null);
      }
      String requestId = Texts.redactOrNull(envelope.requestId(), token);
      T data = Objects.requireNonNull(envelope.data(), "an envelope without a problem has data");
      return Outcome.succeeded(new ApiResponse<>(data, status, requestId, rateLimit, attempt));
    }
    byte[] bytes = readErrorBody(body);
    ErrorBody parsed = json.readError(bytes);
    Duration retryAfter = status == 429 ? RetryAfter.parse(response.headers(), time.now()) : null;
    ApiException error = Errors.forStatus(what, status, bytes, parsed, retryAfter, token);
    boolean retryable =
        status == 429 ? retryAfter == null || !retry.tooLongToWait(retryAfter) : status >= 500 && status <= 599;
    return Outcome.failed(error, retryable, retryAfter);
  }

  private static MalformedResponseException malformed(
      String what,
      int status,
      @Nullable String requestId,
      String problem,
      @Nullable Exception cause,
      @Nullable String token) {
    String message = what + ": HTTP " + status + " but " + Texts.safe(problem, token, 400)
        + (requestId == null ? "" : " [request id " + Texts.safe(requestId, token, 64) + ']');
    return new MalformedResponseException(
        Texts.redact(message, token), status, Texts.redactOrNull(requestId, token), cause);
  }

  private MalformedResponseException tooLarge(String what, int status, long length) {
    String size = length >= 0 ? length + " bytes" : "more than " + maxBodyBytes + " bytes";
    return new MalformedResponseException(
        what + ": HTTP " + status + " but the body is " + size + ", over the limit of " + maxBodyBytes
            + " bytes (maxResponseBodySize); it was not read", status, null, null);
  }

  /** This answer's budget; the instance the client already holds when the values are the same. */
  private @Nullable RateLimit rateLimitOf(Response response) {
    int limit = RateLimitInterceptor.parseHeaderInt(response.header("X-RateLimit-Limit"));
    int remaining = RateLimitInterceptor.parseHeaderInt(response.header("X-RateLimit-Remaining"));
    if (limit < 0 || remaining < 0) {
      return null;
    }
    RateLimit last = limits.last();
    return last != null && last.limit() == limit && last.remaining() == remaining ? last : new RateLimit(limit, remaining);
  }

  /** Up to {@link Errors#MAX_ERROR_BODY} bytes; a body cut off mid-way yields what arrived. */
  private static byte[] readErrorBody(ResponseBody body) {
    BufferedSource source = body.source();
    try {
      source.request(Errors.MAX_ERROR_BODY);
    } catch (IOException cutOff) {
      // The status already says what happened; keep what arrived.
    }
    okio.Buffer arrived = source.getBuffer();
    return arrived.snapshot((int) Math.min(arrived.size(), Errors.MAX_ERROR_BODY)).toByteArray();
  }

  /** Holds the caller back while a 429's Retry-After is in force, or refuses when it is too long. */
  private void awaitPause(String what, long deadline) {
    Duration left = pauseBefore(what, deadline);
    if (!left.isZero()) {
      sleep(left, what);
    }
  }

  /**
   * How long to hold the next attempt back for the shared pause; zero when it may go now.
   *
   * @throws RateLimitException when the pause is longer than this call may wait
   */
  private Duration pauseBefore(String what, long deadline) {
    Duration left = limits.pauseRemaining(time.nanoTime());
    if (left.isZero()) {
      return left;
    }
    if (retry.tooLongToWait(left) || !fitsBefore(left, deadline)) {
      throw new RateLimitException(
          what + ": not sent: the server asked for a pause after HTTP 429, " + left.toSeconds()
              + " s of which remain (longer than this call may wait)", 429, null, null, left);
    }
    log(what, 0, "holding back " + left.toMillis() + " ms for the server's Retry-After");
    return left;
  }

  private boolean fitsBefore(Duration delay, long deadline) {
    return deadline == Long.MAX_VALUE || deadline - time.nanoTime() - delay.toNanos() > 0;
  }

  private void sleep(Duration delay, String what) {
    try {
      time.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackfillsException(what + ": interrupted while waiting to retry", e);
    }
  }

  private void logAnswer(
      String what, int attempt, long started, int status, Outcome<?> outcome, @Nullable String token) {
    if (!LOG.isLoggable(Level.DEBUG)) {
      return;
    }
    String requestId = outcome.value != null ? outcome.value.requestId()
        : outcome.error instanceof ApiException api ? api.requestId()
        : outcome.error instanceof MalformedResponseException m ? m.requestId() : null;
    // The request id is server text: redact it like everything else taken from the answer.
    LOG.log(Level.DEBUG, what + " -> " + status + " in " + millisSince(started) + " ms (attempt " + attempt
        + (requestId == null ? "" : ", request id " + Texts.safe(requestId, token, 64)) + ")");
  }

  private void log(String what, int attempt, String message) {
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, what + (attempt > 0 ? " (after attempt " + attempt + "): " : ": ") + message);
    }
  }

  private long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(time.nanoTime() - startNanos);
  }

  /**
   * Failures no later attempt can fix: the server's certificate is not trusted, or the connection spec
   * is refused. Retrying them only repeats the handshake.
   */
  private static boolean isPermanent(IOException e) {
    if (e instanceof SSLPeerUnverifiedException || e instanceof UnknownServiceException) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + Texts.cap(message));
  }

  /**
   * GETs {@code url} on OkHttp's dispatcher, with the same decoding, error mapping, retries and shared
   * pause as {@link #get}. Waits between attempts are scheduled, never slept on a dispatcher thread.
   * Cancelling the returned future cancels the HTTP call in flight and any scheduled retry.
   */
  public <T> CompletableFuture<ApiResponse<T>> getAsync(HttpUrl url, BodyDecoder<T> decoder) {
    long deadline = callTimeoutNanos > 0 ? time.nanoTime() + callTimeoutNanos : Long.MAX_VALUE;
    AsyncCall<T> call = new AsyncCall<>(newRequest(url), "GET " + url.encodedPath(), decoder, deadline);
    call.beginAttempt();
    return call.future;
  }

  /** Fails every asynchronous call still pending and stops the retry scheduler; for client close. */
  public void close() {
    for (AsyncCall<?> call : pending) {
      call.future.completeExceptionally(new BackfillsException(call.what + ": the client was closed"));
    }
    ScheduledExecutorService running = scheduler;
    if (running != null) {
      running.shutdownNow();
    }
  }

  private final Set<AsyncCall<?>> pending = ConcurrentHashMap.newKeySet();
  private volatile @Nullable ScheduledExecutorService scheduler;

  private ScheduledExecutorService scheduler() {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      synchronized (this) {
        s = scheduler;
        if (s == null) {
          ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "backfills-retry-scheduler");
            t.setDaemon(true);
            return t;
          });
          created.setRemoveOnCancelPolicy(true);
          scheduler = s = created;
        }
      }
    }
    return s;
  }

  /** One asynchronous call across its attempts. */
  private final class AsyncCall<T> implements Callback {
    final CompletableFuture<ApiResponse<T>> future = new CompletableFuture<>();
    final Request request;
    final String what;
    final BodyDecoder<T> decoder;
    final long deadline;
    volatile @Nullable Call inFlight;
    volatile @Nullable ScheduledFuture<?> timer;
    volatile @Nullable UsedToken used;
    volatile long started;
    int attempt;

    AsyncCall(Request request, String what, BodyDecoder<T> decoder, long deadline) {
      this.request = request;
      this.what = what;
      this.decoder = decoder;
      this.deadline = deadline;
      pending.add(this);
      // The stage only tidies up after the call; its own result carries nothing.
      CompletableFuture<ApiResponse<T>> unused = future.whenComplete((value, error) -> {
        pending.remove(this);
        if (future.isCancelled()) {
          Call call = inFlight;
          if (call != null) {
            call.cancel();
          }
          ScheduledFuture<?> t = timer;
          if (t != null) {
            t.cancel(false);
          }
        }
      });
    }

    void beginAttempt() {
      if (future.isDone()) {
        return;
      }
      try {
        Duration hold = pauseBefore(what, deadline);
        if (!hold.isZero()) {
          schedule(this::send, hold);
          return;
        }
      } catch (RateLimitException e) {
        future.completeExceptionally(e);
        return;
      }
      send();
    }

    void send() {
      if (future.isDone()) {
        return;
      }
      attempt++;
      UsedToken token = usedTokenSlot();
      used = token;
      Call call = newCall(request, token, deadline);
      inFlight = call;
      started = time.nanoTime();
      call.enqueue(this);
      if (future.isCancelled()) {
        call.cancel(); // cancelled between the check above and enqueue
      }
    }

    @Override
    public void onFailure(Call call, IOException e) {
      if (future.isDone()) {
        return;
      }
      if (e instanceof AuthInterceptor.TokenUnavailable unavailable) {
        future.completeExceptionally(unavailable.failure());
        return;
      }
      next(ioFailure(what, e, used, deadline, started, attempt));
    }

    @Override
    public void onResponse(Call call, Response response) {
      Outcome<T> outcome;
      try (response) {
        outcome = interpret(response, what, decoder, attempt, tokenFor(used));
        logAnswer(what, attempt, started, response.code(), outcome, tokenFor(used));
      } catch (IOException e) {
        outcome = ioFailure(what, e, used, deadline, started, attempt);
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
        return;
      }
      next(outcome);
    }

    private void next(Outcome<T> outcome) {
      if (outcome.value != null) {
        future.complete(outcome.value);
        return;
      }
      Duration delay = outcome.retryable ? retry.delayAfter(attempt, outcome.retryAfter) : null;
      if (delay == null || !fitsBefore(delay, deadline) || future.isDone()) {
        future.completeExceptionally(outcome.failure());
        return;
      }
      log(what, attempt, "retrying in " + delay.toMillis() + " ms");
      schedule(this::beginAttempt, delay);
    }

    private void schedule(Runnable action, Duration delay) {
      try {
        timer = scheduler().schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        future.completeExceptionally(new BackfillsException(what + ": the client was closed"));
      }
    }
  }

  /** The result of one attempt: a value, or a failure and whether another attempt may fix it. */
  private static final class Outcome<T> {
    final @Nullable ApiResponse<T> value;
    final @Nullable BackfillsException error;
    final boolean retryable;
    final @Nullable Duration retryAfter;

    private Outcome(
        @Nullable ApiResponse<T> value,
        @Nullable BackfillsException error,
        boolean retryable,
        @Nullable Duration retryAfter) {
      this.value = value;
      this.error = error;
      this.retryable = retryable;
      this.retryAfter = retryAfter;
    }

    static <T> Outcome<T> succeeded(ApiResponse<T> value) {
      return new Outcome<>(value, null, false, null);
    }

    static <T> Outcome<T> failed(BackfillsException error, boolean retryable, @Nullable Duration retryAfter) {
      return new Outcome<>(null, error, retryable, retryAfter);
    }

    /** The failure of an outcome that has no value. */
    BackfillsException failure() {
      return Objects.requireNonNull(error, "a failed outcome has its error");
    }
  }

  /** Thrown by {@link CappedStream} past the cap; mapped to {@link MalformedResponseException}. */
  private static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("response body over the size limit");
    }
  }

  /** Counts bytes of a body of unknown length and stops at the cap, before memory fills up. */
  private static final class CappedStream extends FilterInputStream {
    private long left;

    CappedStream(InputStream in, long cap) {
      super(in);
      this.left = cap;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && --left < 0) {
        throw new BodyTooLarge();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0 && (left -= n) < 0) {
        throw new BodyTooLarge();
      }
      return n;
    }
  }
}
