package dev.backfills.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Reads the {@code Retry-After} header, which may hold delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * How long the answer asks the client to wait, measured from {@code now}.
   *
   * @return the wait (zero for a date in the past), or null when the header is absent or unusable
   */
  public static @Nullable Duration parse(Headers headers, Instant now) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return null;
    }
    value = value.trim();
    if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    Date date = headers.getDate("Retry-After");
    if (date == null) {
      return null;
    }
    Duration wait = Duration.between(now, date.toInstant());
    return wait.isNegative() ? Duration.ZERO : wait;
  }
}
