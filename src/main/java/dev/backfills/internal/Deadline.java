package dev.backfills.internal;

import java.time.Duration;

/**
 * The moment by which a call, or a wait with the calls it makes, must be over; or none. Read on the
 * client's {@link TimeSource}, so a fake clock moves it too.
 *
 * <p>Each deadline says what it is ("callTimeout of 500 ms", "the wait's timeout of 3 s"), so a failure
 * can name the bound that ended it.
 */
public final class Deadline {
  /** No deadline. */
  public static final Deadline NONE = new Deadline(0, false, "no deadline");

  private final long atNanos;
  private final boolean finite;
  private final String description;

  private Deadline(long atNanos, boolean finite, String description) {
    this.atNanos = atNanos;
    this.finite = finite;
    this.description = description;
  }

  /**
   * The deadline {@code timeout} from now, or {@link #NONE} for a zero timeout.
   *
   * @param description what the bound is, for messages, such as "callTimeout of 500 ms"
   */
  public static Deadline after(TimeSource time, Duration timeout, String description) {
    if (timeout.isZero() || timeout.isNegative()) {
      return NONE;
    }
    // Clamp before converting: toNanos() overflows past ~292 years.
    long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
    return new Deadline(time.nanoTime() + nanos, true, description);
  }

  /** The earlier of the two. */
  public Deadline earlier(Deadline other) {
    if (!other.finite) {
      return this;
    }
    if (!finite) {
      return other;
    }
    return other.atNanos - atNanos < 0 ? other : this;
  }

  /** Whether there is a deadline at all. */
  public boolean isFinite() {
    return finite;
  }

  /** Nanoseconds left, at least 0; {@link Long#MAX_VALUE} for none. */
  public long remainingNanos(TimeSource time) {
    if (!finite) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, atNanos - time.nanoTime());
  }

  /** Whether the deadline has passed. */
  public boolean hasPassed(TimeSource time) {
    return finite && atNanos - time.nanoTime() <= 0;
  }

  /** Whether a wait of {@code wait} from now ends before the deadline. */
  public boolean fits(Duration wait, TimeSource time) {
    return !finite || wait.toNanos() < atNanos - time.nanoTime();
  }

  /** What the bound is, such as "callTimeout of 500 ms". */
  public String description() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
