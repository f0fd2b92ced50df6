package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  private static Duration parse(String value) {
    return RetryAfter.parse(new Headers.Builder().addUnsafeNonAscii("Retry-After", value).build(), NOW);
  }

  @Test
  void absentHeaderIsNull() {
    assertThat(RetryAfter.parse(Headers.of(), NOW)).isNull();
  }

  @Test
  void deltaSecondsAreReadAsSeconds() {
    assertThat(parse("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(parse("3600")).isEqualTo(Duration.ofHours(1));
    assertThat(parse("86400")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void zeroSecondsIsZero() {
    assertThat(parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(parse(" 7 ")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void aValueOverADayIsClampedToTheApisMaximum() {
    assertThat(parse("86401")).isEqualTo(Duration.ofDays(1));
    assertThat(parse("86400")).isEqualTo(Duration.ofDays(1));
    assertThat(parse("86399")).isEqualTo(Duration.ofSeconds(86_399));
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999999999999999", "9999999999999999999", "99999999999999999999",
      "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001"})
  void digitsTooManyToRepresentAreClampedNotIgnored(String value) {
    // RFC 9111 section 1.2.2: a delta-seconds value too large to represent is treated as the largest one.
    assertThat(parse(value)).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void anHttpDateFarAheadIsClamped() {
    assertThat(parse("Fri, 31 Dec 9999 23:59:59 GMT")).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void imfFixdateIsMeasuredFromNow() {
    assertThat(parse("Mon, 02 Mar 2026 10:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void obsoleteRfc850DateIsAccepted() {
    assertThat(parse("Monday, 02-Mar-26 10:01:00 GMT")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void asctimeDateIsAccepted() {
    assertThat(parse("Mon Mar  2 10:00:05 2026")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void dateInThePastIsZero() {
    assertThat(parse("Thu, 01 Jan 2015 00:00:00 GMT")).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-1", "+5", "1.5", "5s", "3 4", "0x10",
      "Mon, 02 Foo 2026 10:00:30 GMT", "yesterday at noon", "٣"})
  void unusableValuesAreNull(String value) {
    assertThat(parse(value)).isNull();
  }
}
