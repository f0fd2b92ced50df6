package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast paths must agree with JSR-310 on every input they accept, and decline everything else. */
class TimestampsTest {

  static IntStream interestingYears() {
    return IntStream.of(0, 1, 3, 4, 99, 100, 400, 1582, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024,
        2025, 2100, 2400, 9998, 9999);
  }

  @ParameterizedTest
  @MethodSource("interestingYears")
  void everyDayOfTheYearParsesLikeLocalDateParse(int year) {
    for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
      String text = String.format("%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
      assertThat(Timestamps.parseDate(text)).as(text).isEqualTo(LocalDate.parse(text)).isEqualTo(d);
    }
  }

  @ParameterizedTest
  @MethodSource("interestingYears")
  void everyDayOfTheYearAtSeveralTimesParsesLikeInstantParse(int year) {
    String[] times = {"00:00:00", "00:00:01", "09:00:00", "12:34:56", "23:59:59"};
    for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
      for (String time : times) {
        String text = String.format("%04d-%02d-%02dT%sZ", d.getYear(), d.getMonthValue(), d.getDayOfMonth(), time);
        assertThat(Timestamps.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
      }
    }
  }

  @Test
  void randomInstantsBetweenYear0And9999ParseLikeInstantParse() {
    SplittableRandom random = new SplittableRandom(20260302);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant expected = Instant.ofEpochSecond(random.nextLong(min, max + 1));
      String text = DateTimeFormatter.ISO_INSTANT.format(expected);
      assertThat(text).hasSize(20);
      assertThat(Timestamps.parseInstant(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(expected);
      String date = text.substring(0, 10);
      assertThat(Timestamps.parseDate(date)).as(date).isEqualTo(LocalDate.parse(date));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-01-01T00:00:00Z", "2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "0000-02-29T00:00:00Z", "0000-03-01T00:00:00Z",
      "9999-12-31T23:59:59Z", "2000-02-29T23:59:59Z", "2099-12-31T23:59:59Z", "2100-03-01T00:00:00Z"})
  void boundaryInstantsParseLikeInstantParse(String text) {
    assertThat(Timestamps.parseInstant(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-29", "2023-02-28", "2000-02-29", "0000-02-29", "0000-01-01", "9999-12-31",
      "1900-02-28", "2023-12-31", "2024-01-01"})
  void boundaryDatesParseLikeLocalDateParse(String text) {
    assertThat(Timestamps.parseDate(text)).isEqualTo(LocalDate.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-02-30", "2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-13-01",
      "2024-00-10", "2024-01-00", "2024-01-32", "2024-1-01", "2024-01-1", "24-01-01", "2024/01/01",
      "2024-01-01T", "+2024-01-01", "-2024-01-01", "2024-0a-01", "2024-01-0 ", " 2024-01-01", "", "20240101",
      "2024-01-01Z", "２０２４-01-01"})
  void datesOutsideTheExactFormAreDeclined(String text) {
    assertThat(Timestamps.parseDate(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-00T00:00:00Z",
      "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-12-31T23:59:60Z", "2024-01-01T00:00:00z",
      "2024-01-01t00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00.5Z",
      "2024-01-01T00:00:00.000Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00", "2024-01-01T0:00:00Z",
      "2024-01-01T00:00:00ZZ", "+2024-01-01T00:00:00Z", "2024-01-01T-1:00:00Z", "2024-01-01Tab:00:00Z", "",
      "2024-01-01"})
  void instantsOutsideTheExactFormAreDeclined(String text) {
    assertThat(Timestamps.parseInstant(text)).isNull();
  }

  static Stream<String> declinedButValidForJsr310() {
    return Stream.of("2024-01-01T00:00:00z", "2024-01-01T00:00:00.5Z", "2024-01-01T24:00:00Z");
  }

  @ParameterizedTest
  @MethodSource("declinedButValidForJsr310")
  void formsTheFastPathDeclinesAreLeftToJsr310(String text) {
    // Declining is not rejecting: these reach JSR-310, which decides.
    assertThat(Timestamps.parseInstant(text)).isNull();
    assertThat(Instant.parse(text)).isNotNull();
  }
}
