package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client's time on a ManualClock: waits move the clock forward, deadlines count forward moves only. */
class ManualClockTimeTest {
  private static final Instant START = Instant.parse("2024-02-01T09:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final ManualClockTime time = clock.time();

  @Test
  void nowIsTheClocksInstant() {
    clock.advance(Duration.ofMinutes(5));

    assertThat(time.now()).isEqualTo(START.plus(Duration.ofMinutes(5)));
  }

  @Test
  void sleepMovesTheClockByItsDurationAndReturnsAtOnce() throws InterruptedException {
    long before = System.nanoTime();

    time.sleep(Duration.ofHours(3));

    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(3)));
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSleepOfZeroOrLessLeavesTheClock() throws InterruptedException {
    time.sleep(Duration.ZERO);
    time.sleep(Duration.ofSeconds(-5));

    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void aSleepNeverMovesTheClockBack() throws InterruptedException {
    clock.advanceToAtLeast(START.plus(Duration.ofHours(1)));
    clock.advanceToAtLeast(START.plus(Duration.ofMinutes(1)));
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(1)));

    time.sleep(Duration.ofSeconds(2));

    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(1)).plusSeconds(2));
  }

  @Test
  void nanoTimeCountsForwardMovesAndNeverGoesBack() {
    long t0 = time.nanoTime();
    clock.advance(Duration.ofSeconds(10));
    long t1 = time.nanoTime();
    clock.set(START.minus(Duration.ofDays(1)));
    long t2 = time.nanoTime();
    clock.advance(Duration.ofSeconds(3));
    long t3 = time.nanoTime();

    assertThat(t1 - t0).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(t2).isEqualTo(t1);
    assertThat(t3 - t2).isEqualTo(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void anInterruptedThreadGetsInterruptedExceptionWithItsFlagCleared() {
    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> time.sleep(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void aSleepBeyondTheLastInstantStopsThere() throws InterruptedException {
    clock.set(Instant.MAX.minusSeconds(1));

    time.sleep(Duration.ofDays(365));

    assertThat(clock.instant()).isEqualTo(Instant.MAX);
  }

  @Test
  void sleepsOnManyThreadsAtOnceLeaveTheClockAtTheLatestEnd() throws Exception {
    int threads = 8;
    CyclicBarrier together = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Instant>> ends = new ArrayList<>();
      for (int i = 1; i <= threads; i++) {
        Duration d = Duration.ofSeconds(i * 10L);
        ends.add(pool.submit(() -> {
          together.await(10, TimeUnit.SECONDS);
          Instant began = clock.instant();
          time.sleep(d);
          Instant after = clock.instant();
          assertThat(Duration.between(began, after)).isGreaterThanOrEqualTo(d);
          return after;
        }));
      }
      for (Future<Instant> end : ends) {
        end.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // Each sleep ends at (its start + its duration) or later; the 80 s one started at START or later.
    assertThat(clock.instant()).isAfterOrEqualTo(START.plusSeconds(80)).isBeforeOrEqualTo(START.plusSeconds(360));
  }

  @Test
  void aZonedViewOfTheClockIsFoundBehindIt() {
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    assertThat(ManualClock.behind(paris)).isSameAs(clock);
    assertThat(ManualClock.behind(clock)).isSameAs(clock);
    assertThat(ManualClock.behind(Clock.systemUTC())).isNull();
  }
}
