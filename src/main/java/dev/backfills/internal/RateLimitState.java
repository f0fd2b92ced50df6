package dev.backfills.internal;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What the client knows of the server's request budget, shared by every thread using one client: the
 * newest {@code X-RateLimit-*} values, and the moment before which a 429's {@code Retry-After} asked the
 * client to send nothing.
 */
public final class RateLimitState {
  private static final Duration MAX_PAUSE = Duration.ofNanos(Long.MAX_VALUE / 4);
  private final AtomicReference<RateLimit> last = new AtomicReference<>();
  /** Monotonic nanos before which no request may be sent; only ever moves later. */
  private final AtomicLong pauseUntilNanos = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean paused;

  /** The newest budget seen, or null before any answer carried one. */
  public @Nullable RateLimit last() {
    return last.get();
  }

  /** Records a budget read from an answer; allocation-free when nothing changed. */
  public void update(int limit, int remaining) {
    RateLimit current = last.get();
    if (current == null || current.limit() != limit || current.remaining() != remaining) {
      last.set(new RateLimit(limit, remaining));
    }
  }

  /**
   * Asks every thread of this client to send nothing until {@code wait} from {@code nowNanos} has passed.
   * A shorter pause never shortens a longer one already in force.
   */
  public void pause(long nowNanos, Duration wait) {
    // Clamp before converting: toNanos() overflows past ~292 years, and Retry-After is server text.
    long until = nowNanos + (wait.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE.toNanos() : wait.toNanos());
    pauseUntilNanos.accumulateAndGet(until, Math::max);
    paused = true;
  }

  /** How long, from {@code nowNanos}, requests must still be held back; zero when they may go. */
  public Duration pauseRemaining(long nowNanos) {
    if (!paused) {
      return Duration.ZERO;
    }
    long left = pauseUntilNanos.get() - nowNanos;
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }
}
