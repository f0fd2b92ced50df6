package dev.backfills;

import dev.backfills.internal.TimeSource;
import dev.backfills.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link TimeSource} on a {@link ManualClock}: sleeping moves the clock instead of the thread, so an
 * hour of polling against a {@code FakeBackfillsServer} on the same clock runs in milliseconds and the
 * same way every time. Actions can be scheduled at fake instants; a sleep that passes one runs it first,
 * on the sleeping thread.
 */
final class FakeTime implements TimeSource {
  private final ManualClock clock;
  private final List<Duration> sleeps = new ArrayList<>();
  private final PriorityQueue<Scheduled> actions = new PriorityQueue<>();
  private long sequence;

  FakeTime(ManualClock clock) {
    this.clock = clock;
  }

  ManualClock clock() {
    return clock;
  }

  /** Runs {@code action} when a sleep first reaches {@code at}. */
  synchronized void at(Instant at, Runnable action) {
    actions.add(new Scheduled(at, sequence++, action));
  }

  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public long nanoTime() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Instant end = clock.instant().plus(duration);
    while (true) {
      Scheduled next;
      synchronized (this) {
        next = actions.peek();
        if (next == null || next.at.isAfter(end)) {
          sleeps.add(duration);
          break;
        }
        actions.poll();
      }
      if (next.at.isAfter(clock.instant())) {
        clock.set(next.at);
      }
      next.action.run();
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted by a scheduled action");
      }
    }
    if (end.isAfter(clock.instant())) {
      clock.set(end);
    }
  }

  private record Scheduled(Instant at, long order, Runnable action) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled other) {
      int byTime = at.compareTo(other.at);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }
}
