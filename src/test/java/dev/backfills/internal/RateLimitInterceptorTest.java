package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitInterceptorTest {

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "49, 49", "100, 100", "10000, 10000", "000049, 49", "999999999, 999999999"})
  void nonNegativeDecimalsAreRead(String value, int expected) {
    assertThat(RateLimitInterceptor.parseHeaderInt(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"-1", "+1", " 1", "1 ", "1.0", "1e3", "abc", "0x10", "1,000", "1_000", "٤٩", "４９",
      "1000000000", "2147483648", "99999999999999999999"})
  void absentOrGarbledValuesAreMinusOne(String value) {
    assertThat(RateLimitInterceptor.parseHeaderInt(value)).isEqualTo(-1);
  }
}
