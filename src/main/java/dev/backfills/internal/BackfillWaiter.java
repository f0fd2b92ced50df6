package dev.backfills.internal;

import dev.backfills.PollingOptions;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.TransportException;
import dev.backfills.exception.WaitTimeoutException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Polls one backfill until it ends, spending as few requests as the wanted freshness allows, and never
 * past the caller's timeout.
 *
 * <p>The interval starts short, doubles while nothing changes, and while runs are finishing follows
 * half the estimated time left, so polls thin out in the middle of a long backfill and close in again as
 * it nears its end. It never drops below the budget floor. The timeout is the deadline of every call
 * the wait makes, of their retries and of any {@code Retry-After}; a 429 is waited out as the server
 * asks, 5xx and I/O failures are ridden out with backoff; only errors that polling again cannot fix
 * (401, 403, 404, malformed answers) end the wait early. A status this version does not know
 * ({@link BackfillStatus#UNKNOWN}) is not an end: polling goes on.
 */
public final class BackfillWaiter {
  private final Pipeline pipeline;
  private final TimeSource time;

  /** Creates a waiter polling through {@code pipeline}. */
  public BackfillWaiter(Pipeline pipeline) {
    this.pipeline = pipeline;
    this.time = pipeline.time();
  }

  /** Whether {@code awaitBackfill} returns on this status. */
  public static boolean isEnd(BackfillStatus status) {
    return status == BackfillStatus.COMPLETED || status == BackfillStatus.CANCELLED
        || status == BackfillStatus.FAILED;
  }

  /** See {@code BackfillsClient#awaitBackfill(long, long, Duration, PollingOptions)}. */
  public Backfill await(long teamId, long backfillId, Duration timeout, PollingOptions options) {
    Deadline deadline = Deadline.after(time, timeout, "wait's timeout of " + timeout);
    Operation<Backfill> read = pipeline.endpoints().getBackfill(teamId, backfillId);
    ProgressRate rate = new ProgressRate();
    Backfill last = null;
    RuntimeException lastFailure = null;
    int failures = 0;
    Duration interval = options.interval();
    while (true) {
      Result<Backfill> result = pipeline.run(read, deadline);
      Duration wait;
      RuntimeException failure = result.failure();
      if (failure == null) {
        Backfill current = result.responseOrThrow().data();
        if (isEnd(current.status())) {
          return current;
        }
        Instant now = time.now();
        interval = nextInterval(interval, last, current, rate.record(now, current), now, options);
        last = current;
        lastFailure = null;
        failures = 0;
        wait = interval;
      } else if (result.expired() == deadline || deadline.hasPassed(time)) {
        // The wait's own deadline, not a call timeout of one poll: nothing more fits.
        lastFailure = failure;
        wait = Duration.ofNanos(deadline.remainingNanos(time));
      } else if (failure instanceof RateLimitException limited) {
        lastFailure = failure;
        wait = limited.retryAfter().orElse(interval);
      } else if (failure instanceof ServerException || failure instanceof TransportException) {
        lastFailure = failure;
        failures++;
        wait = Pacing.max(options.interval(), Pacing.backoff(failures, options.interval(), options.maxInterval()));
      } else {
        throw failure; // 401, 403, 404, malformed, closed, interrupted: polling again cannot help
      }
      wait = Pacing.max(wait, Pacing.budgetFloor(pipeline.transport().limits(), time, options.budgetShare(),
          result.requests()));
      long left = deadline.remainingNanos(time);
      boolean beyond = wait.toNanos() >= left;
      sleep(beyond ? Duration.ofNanos(left) : wait, backfillId);
      if (beyond || deadline.hasPassed(time)) {
        throw timedOut(teamId, backfillId, timeout, last, lastFailure);
      }
    }
  }

  private static WaitTimeoutException timedOut(
      long teamId, long backfillId, Duration timeout, @Nullable Backfill last, @Nullable RuntimeException failure) {
    return new WaitTimeoutException(
        "backfill " + backfillId + " of team " + teamId + " did not finish within " + timeout
            + (last == null ? "" : "; last seen " + last.status() + " with " + last.transferRunsCompleted()
                + " of " + last.transferRunsTotal() + " runs completed")
            + (failure == null ? "" : "; the last poll failed: " + failure.getMessage()),
        last, failure);
  }

  /** Doubles while nothing moves; while runs finish, half the estimated time left. */
  private static Duration nextInterval(
      Duration interval,
      @Nullable Backfill last,
      Backfill current,
      @Nullable Instant done,
      Instant now,
      PollingOptions options) {
    if (last != null && last.equals(current)) {
      return Pacing.clamp(interval.multipliedBy(2), options.interval(), options.maxInterval());
    }
    if (done == null) {
      return interval;
    }
    return Pacing.clamp(Duration.between(now, done).dividedBy(2), options.interval(), options.maxInterval());
  }

  private void sleep(Duration wait, long backfillId) {
    try {
      if (!time.sleep(wait, pipeline.lifecycle())) {
        throw new BackfillsException("waiting for backfill " + backfillId + ": the client was closed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackfillsException("interrupted while waiting for backfill " + backfillId, e);
    }
  }
}
