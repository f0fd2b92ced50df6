package dev.backfills.reliability;

import dev.backfills.internal.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} whose sleeps return at once: each one is recorded and moves this clock forward
 * by exactly the time asked for. A 429 asking for an hour costs no real time, and a test can assert the
 * waits the client chose. Thread-safe.
 */
final class SkippingTime implements TimeSource {
  /** Where the clock starts; HTTP dates in Retry-After are written relative to it. */
  static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final AtomicLong elapsedNanos = new AtomicLong();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public Instant now() {
    return START.plusNanos(elapsedNanos.get());
  }

  @Override
  public long nanoTime() {
    return elapsedNanos.get();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sleeps.add(duration);
    elapsedNanos.addAndGet(duration.toNanos());
  }

  /** Every wait the client asked for, in order. */
  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
