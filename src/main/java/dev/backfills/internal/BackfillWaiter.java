package dev.backfills.internal;

import dev.backfills.BackfillsClient;
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
 * Polls one backfill until it ends, spending as few requests as the wanted freshness allows.
 *
 * <p>The interval starts short, doubles while nothing changes, and while runs are finishing follows
 * half the estimated time left, so polls thin out in the middle of a long backfill and close in again as
 * it nears its end. It never drops below the budget floor. A 429 is waited out as the server asks;
 * 5xx and I/O failures are ridden out with backoff until the timeout, and only errors that polling
 * again cannot fix (401, 403, 404, malformed answers) end the wait early.
 */
public final class BackfillWaiter {
  private final BackfillsClient client;
  private final TimeSource time;

  /** Creates a waiter polling through {@code client}. */
  public BackfillWaiter(BackfillsClient client, TimeSource time) {
    this.client = client;
    this.time = time;
  }

  /** Whether {@code awaitBackfill} returns on this status. */
  public static boolean isEnd(BackfillStatus status) {
    return status == BackfillStatus.COMPLETED || status == BackfillStatus.CANCELLED
        || status == BackfillStatus.FAILED;
  }

  /** See {@link BackfillsClient#awaitBackfill(long, long, Duration, PollingOptions)}. */
  public Backfill await(long teamId, long backfillId, Duration timeout, PollingOptions options) {
    long deadline = time.nanoTime() + timeout.toNanos();
    ProgressRate rate = new ProgressRate();
    @Nullable Backfill last = null;
    BackfillsException lastFailure = null;
    int failures = 0;
    Duration interval = options.interval();
    while (true) {
      Duration wait;
      try {
        Backfill current = client.getBackfill(teamId, backfillId);
        if (isEnd(current.status())) {
          return current;
        }
        Instant now = time.now();
        Instant done = rate.record(now, current);
        interval = nextInterval(interval, last, current, done, now, options);
        last = current;
        lastFailure = null;
        failures = 0;
        wait = interval;
      } catch (RateLimitException e) {
        wait = e.retryAfter().orElse(interval);
      } catch (ServerException | TransportException e) {
        lastFailure = e;
        failures++;
        wait = Pacing.failureBackoff(failures, options.interval(), options.maxInterval());
      }
      wait = Pacing.max(wait, Pacing.budgetFloor(client.lastRateLimit().orElse(null), options.budgetShare(), 1));
      long left = deadline - time.nanoTime();
      if (left <= 0) {
        throw new WaitTimeoutException(
            "backfill " + backfillId + " of team " + teamId + " did not finish within " + timeout
                + (last == null ? "" : "; last seen " + last.status() + " with " + last.transferRunsCompleted()
                    + " of " + last.transferRunsTotal() + " runs completed"),
            last, lastFailure);
      }
      sleep(wait.toNanos() < left ? wait : Duration.ofNanos(left), backfillId);
    }
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
      time.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackfillsException("interrupted while waiting for backfill " + backfillId, e);
    }
  }
}
