package dev.backfills.internal;

import dev.backfills.ApiResponse;
import dev.backfills.CallListener;
import dev.backfills.CallListener.RetryReason;
import dev.backfills.exception.ApiException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.model.RateLimit;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One call across its attempts: the single place that decides what follows an attempt (done, follow a
 * redirect, wait and retry, check what a lost write did, or fail), written once for both ways of
 * running it. {@link BlockingRun} runs on the caller's thread, one step after another; {@link AsyncRun}
 * chains the same steps through OkHttp callbacks and the retry scheduler.
 *
 * <p>The rules: nothing is sent while the shared 429 cool-down lasts, or after the lifecycle closed; no
 * wait runs past the deadline; a read is retried after a 429, a 5xx or a failed connection; a write
 * (one that is not idempotent) only where the server certainly did not act (a 429, a connection that
 * never reached the server), or after its {@link Operation.Recovery} read showed the first try did not
 * take effect. When that read shows it did, its result is the call's.
 */
abstract class CallRun<T> {
  private static final int MAX_REDIRECTS = 5;

  final Transport transport;
  final Operation<T> op;
  final CallSettings settings;
  final Deadline deadline;
  final Lifecycle life;
  private final TimeSource time;
  private final long startedNanos;
  private final @Nullable CallListener listener;
  private final CallListener.@Nullable Call info;
  /** The write this run checks for, whose call it belongs to; null for a call of its own. */
  private final @Nullable CallRun<T> parent;
  private final AtomicBoolean finished = new AtomicBoolean();
  private HttpUrl url;
  /** Requests sent on the wire, checks included. */
  private int requests;
  /** Tries of the operation itself: redirects followed and checks not counted. */
  private int tries;
  private int redirects;
  /** Whether an earlier try lost its answer, so that it may have taken effect. */
  private boolean mayHaveActed;
  private @Nullable String lastRequestId;
  private @Nullable RateLimit lastRateLimit;

  CallRun(
      Transport transport,
      Operation<T> op,
      CallSettings settings,
      Deadline deadline,
      Lifecycle life,
      @Nullable CallRun<T> parent) {
    this.transport = transport;
    this.parent = parent;
    this.op = op;
    this.settings = settings;
    this.deadline = deadline;
    this.life = life;
    this.time = transport.time();
    this.startedNanos = time.nanoTime();
    this.url = op.url();
    this.listener = transport.listener();
    // A check is part of the write's call: same call, its attempts numbered on from the write's.
    this.info = listener == null ? null : parent != null ? parent.info : new CallListener.Call(
        transport.nextCallId(), op.name(), op.method(), op.url().encodedPath(), op.teamId(), op.transferId(),
        op.backfillId());
  }

  /** Sends {@code call}; when its answer is classified, passes it to {@link #answered}. */
  abstract void dispatch(Call call, AttemptTag tag, HttpUrl url);

  /** Waits {@code wait}, then runs {@code then}; ends the call as closed if the lifecycle closes first. */
  abstract void pause(Duration wait, Runnable then);

  /** Runs the check {@code read} as a call of its own, then hands its result to {@code then}. */
  abstract void check(Operation<T> read, Consumer<Result<T>> then);

  /** Delivers the result; called once. */
  abstract void complete(Result<T> result);

  void start() {
    if (parent == null) {
      notify(l -> l.onCallStart(info()));
    }
    beginTry();
  }

  /** This attempt's number within the call the listener sees. */
  private int attemptNumber() {
    return (parent == null ? 0 : parent.requests) + requests;
  }

  /** Before each try: closed? held back by the shared cool-down? */
  final void beginTry() {
    if (life.isClosed() || cancelled()) {
      finishClosed();
      return;
    }
    Duration hold = transport.limits().pauseRemaining(time.nanoTime());
    if (hold.isZero()) {
      send();
      return;
    }
    if (settings.retry().tooLongToWait(hold) || !deadline.fits(hold, time)) {
      finish(new RateLimitException(op + ": not sent: the server asked for a pause after HTTP 429, "
          + hold.toSeconds() + " s of which remain (longer than this call may wait)", 429, null, null, hold),
          !deadline.fits(hold, time));
      return;
    }
    Transport.log(op.toString(), tries, "holding back " + hold.toMillis() + " ms for the server's Retry-After");
    notify(l -> l.onRetryWait(info(), hold, RetryReason.COOL_DOWN));
    pause(hold, this::send);
  }

  private void send() {
    if (life.isClosed() || cancelled()) {
      finishClosed();
      return;
    }
    tries++;
    sendTo(url);
  }

  private void sendTo(HttpUrl target) {
    requests++;
    AttemptTag tag = new AttemptTag(deadline, time);
    dispatch(transport.newCall(op, target, tag, deadline), tag, target);
  }

  /** What follows an attempt. */
  final void answered(Answer<T> answer, AttemptTag tag, HttpUrl target, long attemptStartedNanos) {
    int number = attemptNumber();
    transport.logAnswer(op, target, number, attemptStartedNanos, answer, tag);
    if (answer.status > 0) {
      lastRequestId = answer.requestId;
      lastRateLimit = answer.rateLimit;
    }
    notify(l -> l.onAttempt(info(), new CallListener.Attempt(number, answer.status, answer.error,
        Duration.ofNanos(time.nanoTime() - attemptStartedNanos), answer.requestId)));
    Duration coolDown = answer.kind == Answer.Kind.RATE_LIMITED ? answer.retryAfter : null;
    if (coolDown != null && !coolDown.isZero()) {
      notify(l -> l.onCoolDown(info(), coolDown));
    }
    switch (answer.kind) {
      case SUCCESS -> succeed(answer.value);
      case REDIRECT -> follow(answer);
      case RATE_LIMITED -> {
        Duration wait = answer.retryAfter;
        if (wait != null && settings.retry().tooLongToWait(wait)) {
          finish(answer.failure(), false);
        } else {
          retry(answer, RetryReason.RATE_LIMITED);
        }
      }
      case NOT_SENT -> retry(answer, RetryReason.TRANSPORT_ERROR);
      case LOST -> {
        if (op.idempotent()) {
          retry(answer, answer.status >= 500 ? RetryReason.SERVER_ERROR : RetryReason.TRANSPORT_ERROR);
        } else {
          checkOrFail(answer);
        }
      }
      case MALFORMED, REFUSED -> checkOrFail(answer);
      case FINAL -> finish(answer.failure(), answer.deadlineReached);
    }
  }

  private void follow(Answer<T> answer) {
    HttpUrl target = answer.redirect;
    if (target == null || ++redirects > MAX_REDIRECTS) {
      finish(new ApiException(op + ": HTTP " + answer.status + ": more than " + MAX_REDIRECTS
          + " redirects; not followed further", answer.status, null, answer.requestId), false);
      return;
    }
    url = target;
    if (life.isClosed() || cancelled()) {
      finishClosed();
      return;
    }
    sendTo(target);
  }

  /** Waits as the policy says and tries again, or fails when no retry is left or fits the deadline. */
  private void retry(Answer<T> answer, RetryReason reason) {
    Duration delay = settings.retry().delayAfter(tries, answer.retryAfter);
    if (delay == null) {
      finish(answer.failure(), false);
      return;
    }
    if (!deadline.fits(delay, time)) {
      finish(answer.failure(), deadline.isFinite());
      return;
    }
    Transport.log(op.toString(), tries, "retrying in " + delay.toMillis() + " ms");
    notify(l -> l.onRetryWait(info(), delay, reason));
    pause(delay, this::beginTry);
  }

  /** A failed write, or a refusal the operation can resolve: read what the server did before deciding. */
  private void checkOrFail(Answer<T> answer) {
    Operation.Recovery<T> recovery = op.recovery();
    boolean lost = answer.kind == Answer.Kind.LOST || answer.kind == Answer.Kind.MALFORMED;
    Operation<T> read = recovery == null ? null : recovery.checkAfter(lost, answer.status, mayHaveActed);
    mayHaveActed |= lost;
    // Resent only when the server may not have acted: never after a 2xx, whose body alone was lost.
    boolean resendable = answer.kind == Answer.Kind.LOST && (answer.status < 200 || answer.status >= 300);
    if (recovery == null || read == null) {
      finish(answer.failure(), false);
      return;
    }
    Transport.log(op.toString(), tries, "checking with " + read + " whether it took effect");
    check(read, checked -> {
      requests += checked.requests();
      ApiResponse<T> seen = checked.response();
      if (seen != null && recovery.accepts(seen.data())) {
        lastRequestId = seen.requestId();
        lastRateLimit = seen.rateLimit();
        succeed(seen);
      } else if (resendable && (seen != null || checked.failure() instanceof NotFoundException)) {
        retry(answer, answer.status >= 500 ? RetryReason.SERVER_ERROR : RetryReason.TRANSPORT_ERROR);
      } else {
        RuntimeException failure = answer.failure();
        RuntimeException checkFailure = checked.failure();
        if (checkFailure != null && !(checkFailure instanceof NotFoundException)) {
          failure.addSuppressed(checkFailure);
        }
        finish(failure, checked.deadlineReached());
      }
    });
  }

  private void succeed(@Nullable ApiResponse<T> value) {
    ApiResponse<T> v = java.util.Objects.requireNonNull(value, "a success has its value");
    complete(v.attempts() == requests ? v : new ApiResponse<>(v.data(), v.statusCode(), v.requestId(),
        v.rateLimit(), requests), null, false);
  }

  final void finish(RuntimeException failure, boolean deadlineReached) {
    complete(null, failure, deadlineReached);
  }

  /** Ends the call because the client, the view or the caller stopped it. */
  final void finishClosed() {
    finish(Transport.closed(op.toString()), false);
  }

  private void complete(@Nullable ApiResponse<T> response, @Nullable RuntimeException failure, boolean deadlineReached) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    if (parent == null) {
      notify(l -> l.onCallEnd(info(), new CallListener.Outcome(failure, requests,
          Duration.ofNanos(time.nanoTime() - startedNanos), lastRequestId, lastRateLimit)));
    }
    complete(new Result<>(response, failure, requests, deadlineReached ? deadline : null));
  }

  boolean cancelled() {
    return false;
  }

  private CallListener.Call info() {
    return java.util.Objects.requireNonNull(info, "info exists when a listener does");
  }

  /** Tells the listener, if any; a listener that throws is logged and never breaks the call. */
  private void notify(Consumer<CallListener> event) {
    CallListener l = listener;
    if (l == null) {
      return;
    }
    try {
      event.accept(l);
    } catch (RuntimeException e) {
      Transport.LOG.log(Level.WARNING, "a CallListener threw; the call goes on", e);
    }
  }
}
