package dev.backfills.internal;

import java.time.Duration;

/**
 * The settings one call runs with: its timeout and its retry policy. A client has one; each view of it
 * (from {@code BackfillsClient.with…}) has its own, over the same shared state.
 *
 * @param callTimeout bound of a whole call, retries and waits included; zero for none
 * @param retry when and how long to retry
 */
public record CallSettings(Duration callTimeout, RetryPolicy retry) {
  /** A copy with another call timeout. */
  public CallSettings withCallTimeout(Duration timeout) {
    return new CallSettings(timeout, retry);
  }

  /** A copy with another retry policy. */
  public CallSettings withRetry(RetryPolicy policy) {
    return new CallSettings(callTimeout, policy);
  }

  /** The deadline of a call started now. */
  public Deadline deadline(TimeSource time) {
    if (callTimeout.isZero()) {
      return Deadline.NONE;
    }
    return Deadline.after(time, callTimeout, "call timeout of " + callTimeout.toMillis() + " ms");
  }
}
