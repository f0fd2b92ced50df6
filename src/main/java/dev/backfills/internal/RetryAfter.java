package dev.backfills.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads the {@code Retry-After} header, which may hold delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {
  /**
   * The longest wait honoured: the API documents at most 86,400 s. A larger value, or one too large to
   * represent, is clamped to this (RFC 9111 §1.2.2 has caches do the same with huge delta-seconds),
   * never ignored: it still means "not now", just not for longer than a day.
   */
  public static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * How long the answer asks the client to wait, measured from {@code now}.
   *
   * @return the wait (zero for a date in the past, at most {@link #MAX}), or null when the header is
   *     absent or unusable
   */
  public static @Nullable Duration parse(Headers headers, Instant now) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return null;
    }
    value = value.trim();
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Beyond six digits the value is over a day whatever it is; no need to parse it.
      return value.length() > 6 ? MAX : clamp(Duration.ofSeconds(Long.parseLong(value)));
    }
    Date date = headers.getDate("Retry-After");
    if (date == null) {
      return null;
    }
    Duration wait = Duration.between(now, date.toInstant());
    return wait.isNegative() ? Duration.ZERO : clamp(wait);
  }

  private static Duration clamp(Duration wait) {
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}
