package dev.backfills.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * When to try a failed request again, and after how long.
 *
 * <p>Only failures that a later attempt can fix are retried: 429, 5xx and I/O errors. A 429 waits what
 * its {@code Retry-After} asks when that fits in {@code maxRetryWait}; everything else backs off
 * exponentially with full jitter (a random wait between zero and the exponential bound), which spreads a
 * crowd of clients out instead of having them retry in lockstep.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param maxRetryWait the longest {@code Retry-After} the client will wait for
 * @param baseBackoff the bound of the first backoff
 * @param maxBackoff the largest bound any backoff can reach
 */
public record RetryPolicy(int maxRetries, Duration maxRetryWait, Duration baseBackoff, Duration maxBackoff) {

  /**
   * The wait before attempt number {@code attempt + 1} after a failure that allows a retry.
   *
   * @param attempt the attempt that just failed, counting from 1
   * @param retryAfter the server's requested wait, or null for none
   * @return the wait, or null when no retries are left
   */
  public @Nullable Duration delayAfter(int attempt, @Nullable Duration retryAfter) {
    if (attempt > maxRetries) {
      return null;
    }
    if (retryAfter != null) {
      return retryAfter;
    }
    return backoff(attempt);
  }

  /** Full jitter: uniform in [0, min(maxBackoff, baseBackoff × 2^(attempt-1))]. */
  public Duration backoff(int attempt) {
    return Pacing.backoff(Math.max(attempt, 1), baseBackoff, maxBackoff);
  }

  /** A copy with another number of retries. */
  public RetryPolicy withMaxRetries(int retries) {
    return new RetryPolicy(retries, maxRetryWait, baseBackoff, maxBackoff);
  }

  /** A copy with another longest {@code Retry-After}. */
  public RetryPolicy withMaxRetryWait(Duration max) {
    return new RetryPolicy(maxRetries, max, baseBackoff, maxBackoff);
  }

  /** Whether a {@code Retry-After} of this length is too long to wait for inside a call. */
  public boolean tooLongToWait(Duration retryAfter) {
    return retryAfter.compareTo(maxRetryWait) > 0;
  }
}
