package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private static final Duration BASE = Duration.ofMillis(500);
  private static final Duration MAX = Duration.ofSeconds(8);
  private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(60), BASE, MAX);

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 10, 31, 32, 63, 64, 1000, Integer.MAX_VALUE})
  void backoffStaysWithinZeroAndTheCappedExponentialBound(int attempt) {
    double exact = BASE.toNanos() * Math.pow(2, attempt - 1);
    long bound = (long) Math.min(MAX.toNanos(), exact);
    for (int i = 0; i < 2_000; i++) {
      Duration d = policy.backoff(attempt);
      assertThat(d).isBetween(Duration.ZERO, Duration.ofNanos(bound));
    }
  }

  @Test
  void backoffIsJitteredNotFixed() {
    long distinct = java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> policy.backoff(3)).distinct().count();

    assertThat(distinct).isGreaterThan(1);
  }

  @Test
  void backoffBoundGrowsUntilTheCap() {
    long maxSeenFirst = 0;
    long maxSeenFifth = 0;
    for (int i = 0; i < 5_000; i++) {
      maxSeenFirst = Math.max(maxSeenFirst, policy.backoff(1).toNanos());
      maxSeenFifth = Math.max(maxSeenFifth, policy.backoff(5).toNanos());
    }
    assertThat(maxSeenFirst).isLessThanOrEqualTo(BASE.toNanos());
    assertThat(maxSeenFifth).isGreaterThan(BASE.toNanos() * 4);
  }

  @Test
  void zeroBaseNeverWaits() {
    RetryPolicy none = new RetryPolicy(3, Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO);

    assertThat(none.backoff(1)).isZero();
    assertThat(none.backoff(20)).isZero();
  }

  @Test
  void attemptZeroOrBelowIsTreatedAsTheFirst() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(policy.backoff(0)).isLessThanOrEqualTo(BASE);
      assertThat(policy.backoff(-5)).isLessThanOrEqualTo(BASE);
    }
  }

  @Test
  void delayAfterIsNullOnceRetriesAreSpent() {
    assertThat(policy.delayAfter(3, null)).isNotNull();
    assertThat(policy.delayAfter(4, null)).isNull();
    assertThat(policy.delayAfter(4, Duration.ofSeconds(1))).isNull();
  }

  @Test
  void delayAfterPrefersTheServersRetryAfter() {
    assertThat(policy.delayAfter(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void noRetriesMeansNoDelay() {
    RetryPolicy never = new RetryPolicy(0, Duration.ofSeconds(60), BASE, MAX);

    assertThat(never.delayAfter(1, null)).isNull();
  }

  @Test
  void tooLongToWaitIsStrictlyLongerThanMaxRetryWait() {
    assertThat(policy.tooLongToWait(Duration.ofSeconds(60))).isFalse();
    assertThat(policy.tooLongToWait(Duration.ofSeconds(61))).isTrue();
    assertThat(policy.tooLongToWait(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
  }
}
