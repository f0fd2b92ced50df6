package dev.backfills.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The client's view of time: wall-clock instants (for HTTP dates and progress estimates), a monotonic
 * clock (for deadlines) and waiting (for retries, cool-downs and polls).
 *
 * <p>Every wait the client makes goes through {@link #sleep(Duration, Lifecycle)}, so that closing the
 * client ends it at once, and so that a test clock can skip it. A fake needs only {@link #sleep(Duration)}:
 * the default lifecycle-aware wait checks the lifecycle around it.
 */
public interface TimeSource {
  /** The real clock; waits end early when their lifecycle closes. */
  TimeSource SYSTEM =
      new TimeSource() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          long nanos = duration.toNanos();
          if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
          }
        }

        @Override
        public boolean sleep(Duration duration, Lifecycle lifecycle) throws InterruptedException {
          return !lifecycle.awaitClosed(duration.toNanos());
        }
      };

  /** The current wall-clock time. */
  Instant now();

  /** A monotonic reading in nanoseconds, only meaningful as a difference to another reading. */
  long nanoTime();

  /** Blocks the calling thread for {@code duration}, or on a fake clock moves that clock instead. */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Waits {@code duration} unless {@code lifecycle} closes first.
   *
   * @return true when the whole time passed, false when the lifecycle is (or was already) closed
   * @throws InterruptedException when the thread is interrupted
   */
  default boolean sleep(Duration duration, Lifecycle lifecycle) throws InterruptedException {
    if (lifecycle.isClosed()) {
      return false;
    }
    sleep(duration);
    return !lifecycle.isClosed();
  }
}
