package dev.backfills.testing;

import dev.backfills.internal.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A client's time on a {@link ManualClock}: what {@link FakeBackfillsServer#clientBuilder()} puts a
 * client on when the server runs on one. Waiting moves the clock instead of blocking.
 *
 * <ul>
 *   <li>{@link #now()} is the clock's instant.
 *   <li>{@link #nanoTime()} counts every forward move of the clock, in nanoseconds: it never goes back,
 *       even when a test {@link ManualClock#set(Instant) sets} the clock back (that move is not
 *       counted; the moves after it are).
 *   <li>{@link #sleep(Duration)} moves the clock to at least the instant it showed when the sleep began
 *       plus the duration, in one atomic step, and returns at once. When several threads sleep at once
 *       (a watch and the test, say), the clock ends at the latest of their ends: it only moves forward,
 *       and no sleep returns before its whole duration has passed on the clock. A thread that is
 *       interrupted gets {@link InterruptedException}, with its interrupt flag cleared, as from
 *       {@link Thread#sleep(long)}.
 * </ul>
 */
final class ManualClockTime implements TimeSource {
  /** The most nanoseconds counted, so that deadlines computed from readings cannot overflow. */
  private static final long MAX_NANOS = Long.MAX_VALUE / 4;

  private final ManualClock clock;
  // Guarded by this: the instant last read, and the forward moves counted up to it.
  private Instant lastSeen;
  private long nanos;

  ManualClockTime(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastSeen = clock.instant();
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public synchronized long nanoTime() {
    Instant current = clock.instant();
    if (current.isAfter(lastSeen)) {
      Duration moved = Duration.between(lastSeen, current);
      long step = moved.compareTo(Duration.ofNanos(MAX_NANOS)) >= 0 ? MAX_NANOS : moved.toNanos();
      nanos = Math.min(MAX_NANOS, nanos + step);
    }
    lastSeen = current;
    return nanos;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while waiting on the ManualClock");
    }
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    Instant start = clock.instant();
    Instant end;
    try {
      end = start.plus(duration);
    } catch (ArithmeticException | java.time.DateTimeException beyondTheClock) {
      end = Instant.MAX;
    }
    clock.advanceToAtLeast(end);
  }

  /** Names the clock, for assertion messages. */
  @Override
  public String toString() {
    return "ManualClockTime[" + clock + "]";
  }
}
