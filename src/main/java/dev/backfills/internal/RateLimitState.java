package dev.backfills.internal;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What the client knows of the server's request budget, shared by every thread and every view of one
 * client: the newest {@code X-RateLimit-*} values and when they were seen, and the moment before which
 * a 429's {@code Retry-After} asked the client to send nothing.
 */
public final class RateLimitState {
  private static final long NEVER_PAUSED = Long.MIN_VALUE;

  private final AtomicReference<Seen> last = new AtomicReference<>();
  /** Monotonic nanos before which no request may be sent, or {@link #NEVER_PAUSED}; only ever moves later. */
  private final AtomicLong pauseUntilNanos = new AtomicLong(NEVER_PAUSED);

  /** A budget and the monotonic time it was read. */
  private record Seen(RateLimit rateLimit, long atNanos) {}

  /** The newest budget seen, or null before any answer carried one. */
  public @Nullable RateLimit last() {
    Seen seen = last.get();
    return seen == null ? null : seen.rateLimit;
  }

  /**
   * How long ago, from {@code nowNanos}, the newest budget was read.
   *
   * @return the age, or null before any answer carried one
   */
  public @Nullable Duration ageOfLast(long nowNanos) {
    Seen seen = last.get();
    return seen == null ? null : Duration.ofNanos(Math.max(0, nowNanos - seen.atNanos));
  }

  /**
   * Records a budget read from an answer at {@code nowNanos}.
   *
   * @return the budget; the instance already held when the values did not change
   */
  public RateLimit update(int limit, int remaining, long nowNanos) {
    Seen current = last.get();
    RateLimit rateLimit = current != null && current.rateLimit.limit() == limit && current.rateLimit.remaining() == remaining
        ? current.rateLimit
        : new RateLimit(limit, remaining);
    last.set(new Seen(rateLimit, nowNanos));
    return rateLimit;
  }

  /**
   * Asks every thread of this client to send nothing until {@code wait} from {@code nowNanos} has passed
   * (at most {@link RetryAfter#MAX}: one bad header cannot stop the client for longer than the API's
   * documented maximum). A shorter pause never shortens a longer one already in force.
   */
  public void pause(long nowNanos, Duration wait) {
    long until = nowNanos + (wait.compareTo(RetryAfter.MAX) > 0 ? RetryAfter.MAX : wait).toNanos();
    pauseUntilNanos.accumulateAndGet(until, Math::max);
  }

  /** How long, from {@code nowNanos}, requests must still be held back; zero when they may go. */
  public Duration pauseRemaining(long nowNanos) {
    long until = pauseUntilNanos.get();
    if (until == NEVER_PAUSED) {
      return Duration.ZERO; // and no subtraction from it, which would overflow
    }
    long left = until - nowNanos;
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }
}
