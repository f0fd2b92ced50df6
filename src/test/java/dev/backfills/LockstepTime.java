package dev.backfills;

import dev.backfills.internal.Lifecycle;
import dev.backfills.internal.TimeSource;
import dev.backfills.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * Virtual time for several threads at once, as a discrete-event simulation: a sleeping thread really
 * blocks, and the clock moves only when every one of the {@code parties} threads is asleep, straight to
 * the earliest wake-up. So N clients that each think they are alone poll at exactly the moments they
 * would in real time, and an hour passes in the time their requests take.
 *
 * <p>A thread that is not asleep (sending a request, running a callback) holds the clock, as it would
 * hold real time. Threads that end must {@link #leave()}; a sleep whose lifecycle closes returns at once.
 */
final class LockstepTime implements TimeSource {
  private final ManualClock clock;
  private final Instant start;
  private final PriorityQueue<Instant> wakes = new PriorityQueue<>();
  private int parties;
  private int sleeping;

  LockstepTime(ManualClock clock, int parties) {
    this.clock = clock;
    this.start = clock.instant();
    this.parties = parties;
  }

  /** One party is done for good: the others no longer wait for it. */
  synchronized void leave() {
    parties--;
    notifyAll();
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public long nanoTime() {
    return Duration.between(start, clock.instant()).toNanos();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    sleepUntil(clock.instant().plus(duration), null);
  }

  @Override
  public boolean sleep(Duration duration, Lifecycle lifecycle) throws InterruptedException {
    return sleepUntil(clock.instant().plus(duration), lifecycle);
  }

  private synchronized boolean sleepUntil(Instant wake, Lifecycle lifecycle) throws InterruptedException {
    wakes.add(wake);
    sleeping++;
    try {
      while (clock.instant().isBefore(wake)) {
        if (lifecycle != null && lifecycle.isClosed()) {
          return false;
        }
        Instant earliest = wakes.peek();
        if (sleeping >= parties && earliest != null && earliest.isAfter(clock.instant())) {
          clock.set(earliest);
          notifyAll();
        } else {
          wait(10); // also notices a lifecycle closed by another thread
        }
      }
      return lifecycle == null || !lifecycle.isClosed();
    } finally {
      sleeping--;
      wakes.remove(wake);
    }
  }
}
