package dev.backfills.internal;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Budget arithmetic shared by waits and watches. */
public final class Pacing {
  private static final double NANOS_PER_HOUR = 3_600e9;

  private Pacing() {}

  /**
   * The shortest time a poller that just spent {@code requests} requests must let pass before its next
   * poll, so that it spends no more than {@code share} of the hourly {@code limit}.
   *
   * @param limit the newest budget seen, or null before any (no floor then)
   * @param share the poller's share of the hourly limit, in (0, 1]
   * @param requests what the last poll cost
   * @return the floor; zero when no budget is known
   */
  public static Duration budgetFloor(@Nullable RateLimit limit, double share, int requests) {
    if (limit == null || limit.limit() <= 0 || requests <= 0) {
      return Duration.ZERO;
    }
    double perHour = Math.max(limit.limit() * share, 1e-9);
    return Duration.ofNanos((long) Math.ceil(requests * NANOS_PER_HOUR / perHour));
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

  /** {@code base × 2^(failures-1)}, capped, for consecutive failures; zero for none. */
  public static Duration failureBackoff(int failures, Duration base, Duration cap) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    int shift = Math.min(failures - 1, 20);
    long nanos = base.toNanos();
    return nanos > (cap.toNanos() >> shift) ? cap : Duration.ofNanos(nanos << shift);
  }
}
