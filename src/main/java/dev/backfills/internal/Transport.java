package dev.backfills.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.backfills.ApiResponse;
import dev.backfills.CallListener;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.MalformedResponseException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs any {@link Operation} and reports what happened as a {@link Result}: the answer or the failure,
 * the requests sent on the wire, and whether the deadline ended it. One per client, shared by its views;
 * thread-safe.
 *
 * <p>This class knows how one attempt goes (the request, the OkHttp call bounded by the deadline, the
 * answer turned into a classified {@link Answer}); {@link CallRun} decides what follows an attempt,
 * once, for blocking and asynchronous calls alike. Retries live above OkHttp rather than in an
 * interceptor so that waits can honour the call's deadline, the shared cool-down and closing.
 */
public final class Transport {
  static final System.Logger LOG = System.getLogger("dev.backfills.BackfillsClient");

  private final OkHttpClient http;
  private final RateLimitState limits;
  private final TimeSource time;
  private final long maxBodyBytes;
  private final @Nullable String fixedToken;
  private final String userAgent;
  private final @Nullable CallListener listener;
  private final Json json;
  private final AtomicLong callIds = new AtomicLong();
  private volatile @Nullable ScheduledExecutorService scheduler;

  /**
   * Creates the transport.
   *
   * @param http the client with the auth and rate-limit interceptors installed, redirects off
   * @param json the client's decoder
   * @param limits the budget state the rate-limit interceptor feeds
   * @param time clock and waits
   * @param maxBodyBytes the largest success body read; larger ones are refused unread
   * @param fixedToken the token when it is fixed (to scrub it from messages), or null with a provider
   * @param userAgent the User-Agent header value
   * @param listener told of every call, or null
   */
  public Transport(
      OkHttpClient http,
      Json json,
      RateLimitState limits,
      TimeSource time,
      long maxBodyBytes,
      @Nullable String fixedToken,
      String userAgent,
      @Nullable CallListener listener) {
    this.http = http;
    this.json = json;
    this.limits = limits;
    this.time = time;
    this.maxBodyBytes = maxBodyBytes;
    this.fixedToken = fixedToken;
    this.userAgent = userAgent;
    this.listener = listener;
  }

  /** The underlying OkHttp client. */
  public OkHttpClient http() {
    return http;
  }

  /** The budget state shared by every call. */
  public RateLimitState limits() {
    return limits;
  }

  /** The client's time. */
  public TimeSource time() {
    return time;
  }

  /**
   * Runs {@code op} on the calling thread, bounded by the earlier of the call timeout and {@code outer}.
   * Never throws for a failure of the call: it is in the result.
   */
  public <T> Result<T> execute(Operation<T> op, CallSettings settings, Deadline outer, Lifecycle life) {
    return new BlockingRun<>(this, op, settings, settings.deadline(time).earlier(outer), life, null).run();
  }

  /**
   * Runs {@code op} on OkHttp's dispatcher; waits between attempts are scheduled, never slept on a
   * dispatcher thread. The future always completes normally, with the result; cancelling it cancels the
   * call in flight and any scheduled retry.
   */
  public <T> CompletableFuture<Result<T>> executeAsync(Operation<T> op, CallSettings settings, Lifecycle life) {
    AsyncRun<T> run = new AsyncRun<>(this, op, settings, settings.deadline(time), life, null);
    run.start();
    return run.future();
  }

  /** Stops the retry scheduler; for the close of the client that owns this transport. */
  public void shutdown() {
    ScheduledExecutorService running = scheduler;
    if (running != null) {
      running.shutdownNow();
    }
  }

  @Nullable CallListener listener() {
    return listener;
  }

  long nextCallId() {
    return callIds.incrementAndGet();
  }

  ScheduledExecutorService scheduler() {
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

  /** One attempt's OkHttp call, tagged for the interceptors and bounded by what is left of the deadline. */
  Call newCall(Operation<?> op, HttpUrl url, AttemptTag tag, Deadline deadline) {
    Request request = new Request.Builder()
        .url(url)
        .header("Accept", "application/json")
        .header("User-Agent", userAgent)
        .method(op.method(), op.body())
        .tag(AttemptTag.class, tag)
        .build();
    Call call = http.newCall(request);
    if (deadline.isFinite()) {
      call.timeout().timeout(Math.max(1, deadline.remainingNanos(time)), TimeUnit.NANOSECONDS);
    }
    return call;
  }

  @Nullable String tokenOf(AttemptTag tag) {
    return fixedToken != null ? fixedToken : tag.token();
  }

  /** Classifies an answer. I/O errors while reading a success body are thrown. */
  <T> Answer<T> read(Response response, Operation<T> op, HttpUrl url, AttemptTag tag) throws IOException {
    int status = response.code();
    ResponseBody body = response.body();
    AnswerHeaders headers = tag.headers();
    RateLimit rateLimit = headers.rateLimit();
    String token = tokenOf(tag);
    if (status >= 200 && status < 300) {
      long length = body.contentLength();
      if (length > maxBodyBytes) {
        return Answer.failed(Answer.Kind.MALFORMED, status, tooLarge(what(op, url), status, length), null, null, rateLimit);
      }
      Envelope<T> envelope;
      try {
        InputStream in = body.byteStream();
        envelope = op.decoder().decode(length >= 0 ? in : new CappedStream(in, maxBodyBytes));
      } catch (BodyTooLarge e) {
        return Answer.failed(Answer.Kind.MALFORMED, status, tooLarge(what(op, url), status, -1), null, null, rateLimit);
      } catch (JsonProcessingException e) {
        String problem = "the body is empty or not JSON: " + Json.syntaxMessage(e);
        return Answer.failed(Answer.Kind.MALFORMED, status, malformed(what(op, url), status, null, problem, e, token), null,
            null, rateLimit);
      }
      String problem = envelope.problem();
      String requestId = Texts.redactOrNull(envelope.requestId(), token);
      if (problem != null) {
        return Answer.failed(Answer.Kind.MALFORMED, status, malformed(what(op, url), status, envelope.requestId(), problem,
            null, token), null, requestId, rateLimit);
      }
      T data = Objects.requireNonNull(envelope.data(), "an envelope without a problem has data");
      return Answer.success(new ApiResponse<>(data, status, requestId, rateLimit, 1));
    }
    if (status >= 300 && status < 400) {
      Answer<T> redirect = redirect(response, op, url, what(op, url), rateLimit);
      if (redirect != null) {
        return redirect;
      }
    }
    byte[] bytes = readErrorBody(body);
    ErrorBody parsed = json.readError(bytes);
    Duration retryAfter = status == 429 ? headers.retryAfter() : null;
    ApiException error = Errors.forStatus(what(op, url), status, bytes, parsed, retryAfter, token);
    Answer.Kind kind = status == 429 ? Answer.Kind.RATE_LIMITED
        : status >= 500 && status <= 599 ? Answer.Kind.LOST : Answer.Kind.REFUSED;
    return Answer.failed(kind, status, error, retryAfter, error.requestId(), rateLimit);
  }

  /**
   * A redirect answer: followed when it stays on the API's origin and the request is a read, otherwise
   * refused with the target named (without its query or credentials). Null when it has no Location, so
   * that it maps like any other error status.
   */
  private static <T> @Nullable Answer<T> redirect(
      Response response, Operation<T> op, HttpUrl url, String what, @Nullable RateLimit rateLimit) {
    String location = response.header("Location");
    HttpUrl target = location == null ? null : url.resolve(location);
    if (target == null) {
      return null;
    }
    int status = response.code();
    boolean sameOrigin = target.scheme().equals(url.scheme()) && target.host().equals(url.host())
        && target.port() == url.port();
    if (sameOrigin && op.method().equals("GET")) {
      return Answer.redirect(status, target, rateLimit);
    }
    String shown = target.scheme() + "://" + target.host() + ":" + target.port() + target.encodedPath();
    String message = what + ": HTTP " + status + " redirect to " + shown + " not followed: "
        + (sameOrigin ? "a " + op.method() + " is never redirected" : "it leaves the API's origin "
            + url.scheme() + "://" + url.host() + ":" + url.port());
    return Answer.failed(Answer.Kind.REFUSED, status, new ApiException(message, status, null, null), null, null,
        rateLimit);
  }

  /** Classifies a failure with no answer. */
  <T> Answer<T> failed(IOException e, AttemptTag tag, Operation<T> op, HttpUrl url, Deadline deadline,
      Lifecycle life, boolean blocking) {
    String what = what(op, url);
    if (life.isClosed()) {
      return Answer.noAnswer(Answer.Kind.FINAL, closed(what), false);
    }
    if (e instanceof AuthInterceptor.TokenUnavailable unavailable) {
      RuntimeException failure = unavailable.deadlineReached()
          ? new TransportException(what + ": " + deadline + " reached while asking the token provider", e)
          : unavailable.failure();
      return Answer.noAnswer(Answer.Kind.FINAL, failure, unavailable.deadlineReached());
    }
    if (blocking && Thread.currentThread().isInterrupted()) {
      InterruptedException interrupted = new InterruptedException("interrupted during " + what);
      interrupted.initCause(e);
      return Answer.noAnswer(Answer.Kind.FINAL, new BackfillsException(what + ": interrupted", interrupted), false);
    }
    String cause = Texts.safe(describe(e), tokenOf(tag), 200);
    if (deadline.hasPassed(time)) {
      return Answer.noAnswer(Answer.Kind.FINAL,
          new TransportException(what + ": " + deadline + " reached (" + cause + ")", e), true);
    }
    TransportException failure = new TransportException(what + ": I/O failure (" + cause + ")", e);
    if (isPermanent(e)) {
      return Answer.noAnswer(Answer.Kind.FINAL, failure, false);
    }
    if (tag.status > 0) {
      // The status line came, the rest did not: the answer was lost, and a 2xx one says the server acted.
      return Answer.failed(Answer.Kind.LOST, tag.status, failure, null, null, tag.headers().rateLimit());
    }
    return Answer.noAnswer(tag.reachedConnection() ? Answer.Kind.LOST : Answer.Kind.NOT_SENT, failure, false);
  }

  /** "GET /v1/teams/1/backfills", for messages; built only when one is. */
  static String what(Operation<?> op, HttpUrl url) {
    return op.method() + " " + url.encodedPath();
  }

  static BackfillsException closed(String what) {
    return new BackfillsException(what + ": the client was closed");
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

  void logAnswer(Operation<?> op, HttpUrl url, int attempt, long startedNanos, Answer<?> answer, AttemptTag tag) {
    if (!LOG.isLoggable(Level.DEBUG)) {
      return;
    }
    String what = what(op, url);
    String token = tokenOf(tag);
    String outcome = answer.status > 0 ? Integer.toString(answer.status)
        : Texts.safe(String.valueOf(answer.error == null ? null : answer.error.getMessage()), token, 200);
    // The request id is server text: redact it like everything else taken from the answer.
    LOG.log(Level.DEBUG, what + " -> " + outcome + " in " + millisSince(startedNanos) + " ms (attempt " + attempt
        + (answer.requestId == null ? "" : ", request id " + Texts.safe(answer.requestId, token, 64)) + ")");
  }

  static void log(String what, int attempt, String message) {
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(Level.DEBUG, what + (attempt > 0 ? " (after attempt " + attempt + "): " : ": ") + message);
    }
  }

  long millisSince(long startNanos) {
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
