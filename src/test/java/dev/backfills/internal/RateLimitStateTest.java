package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitStateTest {
  private final RateLimitState state = new RateLimitState();

  @Test
  void nothingIsKnownAtFirst() {
    assertThat(state.last()).isNull();
    assertThat(state.pauseRemaining(123)).isZero();
  }

  @Test
  void updateKeepsTheNewestBudget() {
    state.update(100, 49, 0);
    state.update(100, 48, 1);

    assertThat(state.last()).isEqualTo(new RateLimit(100, 48));
  }

  @Test
  void pauseCountsDownFromWhenItWasSet() {
    state.pause(1_000, Duration.ofSeconds(10));

    assertThat(state.pauseRemaining(1_000)).isEqualTo(Duration.ofSeconds(10));
    assertThat(state.pauseRemaining(1_000 + Duration.ofSeconds(4).toNanos())).isEqualTo(Duration.ofSeconds(6));
    assertThat(state.pauseRemaining(1_000 + Duration.ofSeconds(10).toNanos())).isZero();
    assertThat(state.pauseRemaining(1_000 + Duration.ofSeconds(11).toNanos())).isZero();
  }

  @Test
  void aShorterPauseNeverShortensALongerOne() {
    state.pause(0, Duration.ofSeconds(30));
    state.pause(0, Duration.ofSeconds(5));

    assertThat(state.pauseRemaining(0)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aLaterLongerPauseExtendsIt() {
    state.pause(0, Duration.ofSeconds(5));
    state.pause(Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(10));

    assertThat(state.pauseRemaining(0)).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void noPauseLastsLongerThanTheApisLongestRetryAfter() {
    state.pause(0, Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(state.pauseRemaining(0)).isEqualTo(Duration.ofDays(1));
  }
}
