package dev.backfills;

import dev.backfills.internal.TimeSource;
import dev.backfills.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link TimeSource} that never really sleeps: each requested sleep is recorded and moves a
 * {@link ManualClock} forward by exactly that much. Retry tests run instantly and can assert the waits
 * the client asked for; shared with a {@code FakeBackfillsServer}, an hour of polling runs in
 * milliseconds and the same way every time. Actions can be scheduled at fake instants; a sleep that
 * reaches one runs it first, on the sleeping thread.
 */
final class FakeTime implements TimeSource {
  static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final ManualClock clock;
  private final boolean realClock;
  private final long realStart = System.nanoTime();
  private final List<Duration> sleeps = new ArrayList<>();
  private final PriorityQueue<Scheduled> actions = new PriorityQueue<>();
  private long sequence;

  /** A clock that stands still except when the client sleeps or the test advances it. */
  FakeTime() {
    this(false);
  }

  /**
   * @param realClock whether the monotonic clock also follows real time (for call-timeout tests, where
   *     OkHttp's own timer runs in real time); sleeps are still skipped
   */
  FakeTime(boolean realClock) {
    this(new ManualClock(START), realClock);
  }

  /** Drives {@code clock}, typically the one a {@code FakeBackfillsServer} runs on. */
  FakeTime(ManualClock clock) {
    this(clock, false);
  }

  private FakeTime(ManualClock clock, boolean realClock) {
    this.clock = clock;
    this.realClock = realClock;
  }

  ManualClock clock() {
    return clock;
  }

  /** Runs {@code action} when a sleep first reaches {@code at}. */
  synchronized void at(Instant at, Runnable action) {
    actions.add(new Scheduled(at, sequence++, action));
  }

  /** Every sleep requested so far, in order. */
  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** Moves the clock forward without recording a sleep, as if time passed between calls. */
  void advance(Duration d) {
    clock.advance(d);
  }

  @Override
  public Instant now() {
    return clock.instant();
  }

  @Override
  public long nanoTime() {
    Instant now = clock.instant();
    long fake = (now.getEpochSecond() - START.getEpochSecond()) * 1_000_000_000L + now.getNano();
    return (realClock ? System.nanoTime() - realStart : 0) + fake;
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
