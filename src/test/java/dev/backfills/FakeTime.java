package dev.backfills;

import dev.backfills.internal.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that never really sleeps: each requested sleep is recorded and moves the fake clocks forward
 * by exactly that much, so retry tests run instantly and can assert the waits the client asked for.
 */
final class FakeTime implements TimeSource {
  static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final AtomicLong offsetNanos = new AtomicLong();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final boolean realClock;

  /** A clock that stands still except when the client sleeps or the test advances it. */
  FakeTime() {
    this(false);
  }

  /**
   * @param realClock whether the monotonic clock also follows real time (for call-timeout tests, where
   *     OkHttp's own timer runs in real time); sleeps are still skipped
   */
  FakeTime(boolean realClock) {
    this.realClock = realClock;
  }

  @Override
  public Instant now() {
    return START.plusNanos(offsetNanos.get());
  }

  @Override
  public long nanoTime() {
    return (realClock ? System.nanoTime() : 1_000_000_000_000L) + offsetNanos.get();
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    offsetNanos.addAndGet(duration.toNanos());
  }

  /** Moves the clocks forward without recording a sleep, as if time passed between calls. */
  void advance(Duration d) {
    offsetNanos.addAndGet(d.toNanos());
  }

  /** Every sleep requested so far, in order. */
  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
