package dev.backfills.internal;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long pollers wait: budget arithmetic shared by waits and watches, and the one backoff (full
 * jitter) that pollers and call retries both use.
 *
 * <p>The budget floor keeps a poller within its share of the hourly limit, and within what the server
 * says is left: it spends only what remains above the part of the limit it leaves to the application,
 * spread over an hour (the longest the current window can still last). So several clients on one
 * token, each unaware of the others, slow down together as the remaining count falls, and stop short
 * of the application's part. When no answer has announced a limit yet (the API documents the headers
 * on error answers only), the vendor's example limit of {@value #ASSUMED_LIMIT} an hour is assumed.
 */
public final class Pacing {
  /** The hourly limit assumed until an answer announces one: the vendor's documented example. */
  public static final int ASSUMED_LIMIT = 100;

  private static final Duration WINDOW = Duration.ofHours(1);
  private static final double NANOS_PER_HOUR = WINDOW.toNanos();

  private Pacing() {}

  /**
   * The shortest time a poller that just spent {@code requests} requests must let pass before its next
   * poll.
   *
   * @param limits what the client has seen of the budget
   * @param time the client's time
   * @param share the poller's share of the hourly limit, in (0, 1]
   * @param requests what the last poll cost on the wire
   * @return the floor, at most an hour
   */
  public static Duration budgetFloor(RateLimitState limits, TimeSource time, double share, int requests) {
    if (requests <= 0) {
      return Duration.ZERO;
    }
    RateLimit seen = limits.last();
    int limit = seen != null && seen.limit() > 0 ? seen.limit() : ASSUMED_LIMIT;
    double perHour = Math.max(limit * share, 1e-9);
    double nanos = requests * NANOS_PER_HOUR / perHour;
    Duration age = limits.ageOfLast(time.nanoTime());
    if (seen != null && age != null && age.compareTo(WINDOW) < 0) {
      // What is left above the application's part, if it must last the rest of a window of an hour.
      double spendable = seen.remaining() - limit * (1 - share);
      nanos = Math.max(nanos, spendable <= 1 ? NANOS_PER_HOUR : requests * NANOS_PER_HOUR / spendable);
    }
    return Duration.ofNanos((long) Math.ceil(Math.min(nanos, NANOS_PER_HOUR)));
  }

  /**
   * Full jitter: a random wait in [0, min(cap, base × 2^(n-1))] after the n-th failure in a row, so that
   * many clients that failed together do not come back together.
   *
   * @param failures failures in a row, from 1; zero or less gives zero
   */
  public static Duration backoff(int failures, Duration base, Duration cap) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long b = base.toNanos();
    long c = cap.toNanos();
    int shift = Math.min(failures - 1, 30);
    long bound = b > (c >> shift) ? c : b << shift;
    return bound <= 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(bound + 1));
  }

  /** The largest of the durations. */
  public static Duration max(Duration first, Duration... others) {
    Duration max = first;
    for (Duration d : others) {
      if (d.compareTo(max) > 0) {
        max = d;
      }
    }
    return max;
  }

  /** {@code value} clamped into [min, max]. */
  public static Duration clamp(Duration value, Duration min, Duration max) {
    return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
  }
}
