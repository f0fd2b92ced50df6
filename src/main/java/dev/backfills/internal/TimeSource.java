package dev.backfills.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client's view of time: wall-clock instants (for HTTP dates and progress estimates), a monotonic
 * clock (for deadlines) and waiting (for retries, cool-downs and polls).
 *
 * <p>Every wait the client makes goes through {@link #sleep(Duration, Lifecycle)}, so that closing the
 * client ends it at once, and so that a test clock can skip it; an asynchronous call's waits go through
 * {@link #schedule}, which is built on it. A fake needs only {@link #sleep(Duration)}: the default
 * lifecycle-aware wait checks the lifecycle around it.
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

        @Override
        public ScheduledFuture<?> schedule(
            ScheduledExecutorService scheduler, Duration duration, Lifecycle lifecycle, Consumer<Boolean> then) {
          return scheduler.schedule(() -> then.accept(!lifecycle.isClosed()), duration.toNanos(), TimeUnit.NANOSECONDS);
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

  /**
   * Waits {@code duration} without holding a thread of the caller's, then tells {@code then}, on a
   * {@code scheduler} thread, whether the whole time passed (false when {@code lifecycle} closed or the
   * scheduler was shut down). The real clock schedules {@code then} that far ahead; any other clock (a
   * test's) is waited on from a scheduler thread at once, so that it moves as a blocking wait moves it.
   *
   * @return the scheduled task; cancelling it before it starts means {@code then} is never told
   * @throws java.util.concurrent.RejectedExecutionException when the scheduler is shut down
   */
  default ScheduledFuture<?> schedule(
      ScheduledExecutorService scheduler, Duration duration, Lifecycle lifecycle, Consumer<Boolean> then) {
    return scheduler.schedule(() -> {
      boolean passed;
      try {
        passed = sleep(duration, lifecycle);
      } catch (InterruptedException e) {
        passed = false; // only shutting the scheduler down interrupts its threads
      }
      then.accept(passed);
    }, 0, TimeUnit.NANOSECONDS);
  }
}
