package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  private static final Instant START = Instant.parse("2024-02-01T09:00:00Z");

  @Test
  void standsStillUntilMoved() {
    ManualClock clock = new ManualClock(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void advanceMovesForwardAndSetJumpsAnywhere() {
    ManualClock clock = new ManualClock(START);

    clock.advance(Duration.ofMinutes(90));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2024-02-01T10:30:00Z"));
    clock.set(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }

  @Test
  void advanceRefusesToGoBackwards() {
    ManualClock clock = new ManualClock(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  void aZonedViewFollowsTheManualTime() {
    ManualClock clock = new ManualClock(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.withZone(ZoneOffset.UTC)).isSameAs(clock);
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }
}
