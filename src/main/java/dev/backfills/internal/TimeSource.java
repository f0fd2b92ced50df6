package dev.backfills.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The client's view of time: wall-clock instants (for HTTP dates), a monotonic clock (for deadlines) and
 * sleeping (for retry waits). Tests substitute one that only pretends to sleep.
 */
public interface TimeSource {
  /** The real clock and real sleeps. */
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
      };

  /** The current wall-clock time. */
  Instant now();

  /** A monotonic reading in nanoseconds, only meaningful as a difference to another reading. */
  long nanoTime();

  /** Blocks the calling thread for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
