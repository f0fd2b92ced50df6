package dev.backfills.internal;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Fast paths for the two fixed forms the API writes: {@code 2024-01-15} and {@code 2024-02-01T09:00:00Z}.
 *
 * <p>JSR-310's formatters are general (any offset, fractions, case-insensitive letters, leap seconds) and
 * most of a decode's time went into them. These methods accept only the exact forms above, with every
 * field in its ordinary range, and return {@code null} for anything else, so that the caller hands that
 * input to JSR-310, which then gives the answer or the error it always would. Whatever they do return is
 * the value JSR-310 would have returned.
 */
public final class Timestamps {
  private Timestamps() {}

  /** {@code yyyy-MM-dd}, or null when the text is any other form or not a real date. */
  public static @Nullable LocalDate parseDate(String s) {
    return parseDate(s.toCharArray(), 0, s.length());
  }

  /**
   * {@code yyyy-MM-dd} in {@code length} characters of {@code c} from {@code at}, or null when they are any
   * other form or not a real date. Reads the tokenizer's buffer directly, so a date costs no String.
   */
  public static @Nullable LocalDate parseDate(char[] c, int at, int length) {
    if (length != 10 || c[at + 4] != '-' || c[at + 7] != '-') {
      return null;
    }
    int year = digits4(c, at);
    int month = digits2(c, at + 5);
    int day = digits2(c, at + 8);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      return null;
    }
    return LocalDate.of(year, month, day);
  }

  /** {@code yyyy-MM-ddTHH:mm:ssZ}, or null when the text is any other form or not a real instant. */
  public static @Nullable Instant parseInstant(String s) {
    return parseInstant(s.toCharArray(), 0, s.length());
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ssZ} in {@code length} characters of {@code c} from {@code at}, or null when
   * they are any other form or not a real instant. Reads the tokenizer's buffer directly.
   */
  public static @Nullable Instant parseInstant(char[] c, int at, int length) {
    if (length != 20
        || c[at + 4] != '-'
        || c[at + 7] != '-'
        || c[at + 10] != 'T'
        || c[at + 13] != ':'
        || c[at + 16] != ':'
        || c[at + 19] != 'Z') {
      return null;
    }
    int year = digits4(c, at);
    int month = digits2(c, at + 5);
    int day = digits2(c, at + 8);
    int hour = digits2(c, at + 11);
    int minute = digits2(c, at + 14);
    int second = digits2(c, at + 17);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    long days = epochDay(year, month, day);
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second);
  }

  private static int digits2(char[] c, int at) {
    int a = c[at] - '0';
    int b = c[at + 1] - '0';
    if (a < 0 || a > 9 || b < 0 || b > 9) {
      return -1;
    }
    return a * 10 + b;
  }

  private static int digits4(char[] c, int at) {
    int hi = digits2(c, at);
    int lo = digits2(c, at + 2);
    return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
  }

  private static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

  /** Days from 0000-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
  private static final long DAYS_0000_TO_1970 = 719_528L;

  /** Days since 1970-01-01 of a valid date in years 0 to 9999, without allocating a LocalDate. */
  private static long epochDay(int year, int month, int day) {
    // Year 0 is a leap year; leap years before `year` are counted over [0, year - 1].
    long leapYearsBefore = year == 0 ? 0 : (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400 + 1;
    long days = 365L * year + leapYearsBefore + DAYS_BEFORE_MONTH[month - 1] + (day - 1);
    if (month > 2 && isLeap(year)) {
      days++;
    }
    return days - DAYS_0000_TO_1970;
  }
}
