package dev.backfills.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.NotFoundException;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MicrometerCallListener} against the fake API, the way a Spring Boot test checks its metrics: a
 * {@link SimpleMeterRegistry} in place of the application's registry, real calls, then the meters.
 */
class MicrometerCallListenerTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final FakeBackfillsServer server = FakeBackfillsServer.builder().rateLimitPerHour(10_000).build();
  private final BackfillsClient client = BackfillsClient.builder()
      .baseUrl(server.baseUrl())
      .token(FakeBackfillsServer.DEFAULT_TOKEN)
      .retryBackoff(Duration.ZERO, Duration.ZERO) // 5xx retries at once; a 429 still waits its Retry-After
      .callListener(new MicrometerCallListener(registry))
      .build();

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void recordsCallsAttemptsRetriesAndRateLimitsPerOperation() {
    long id = server.addBackfill(TEAM, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3))
        .runDuration(Duration.ofHours(1)).build()).transferBackfillId();

    client.getBackfill(TEAM, id);
    client.listIncompleteBackfills(TEAM);
    assertThatThrownBy(() -> client.getBackfill(TEAM, 999_999)).isInstanceOf(NotFoundException.class);
    server.failNext(1, 503);
    client.getBackfill(TEAM, id); // 503, retried, 200
    server.failNext(1, 429);
    client.listIncompleteBackfills(TEAM); // 429 with Retry-After: 1, one second of cool-down, 200

    // One timer sample per call, by operation and outcome.
    assertThat(callCount("getBackfill", "success")).isEqualTo(2);
    assertThat(callCount("getBackfill", "NotFoundException")).isEqualTo(1);
    assertThat(callCount("listIncompleteBackfills", "success")).isEqualTo(2);
    assertThat(registry.find("backfills.client.calls").timers()).hasSize(3);
    // The timer measures the whole call: the rate-limited one includes its second of cool-down.
    assertThat(registry.get("backfills.client.calls").tags("operation", "listIncompleteBackfills")
        .timer().max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(1000);

    // Every request on the wire, by status.
    assertThat(count("backfills.client.attempts", "operation", "getBackfill", "status", "200")).isEqualTo(2);
    assertThat(count("backfills.client.attempts", "operation", "getBackfill", "status", "503")).isEqualTo(1);
    assertThat(count("backfills.client.attempts", "operation", "getBackfill", "status", "404")).isEqualTo(1);
    assertThat(count("backfills.client.attempts", "operation", "listIncompleteBackfills", "status", "200"))
        .isEqualTo(2);
    assertThat(count("backfills.client.attempts", "operation", "listIncompleteBackfills", "status", "429"))
        .isEqualTo(1);
    assertThat(registry.find("backfills.client.attempts").counters()).hasSize(5);

    // One retry each, for its reason; the 404 is not retried.
    assertThat(count("backfills.client.retries", "operation", "getBackfill", "reason", "SERVER_ERROR")).isEqualTo(1);
    assertThat(count("backfills.client.retries", "operation", "listIncompleteBackfills", "reason", "RATE_LIMITED"))
        .isEqualTo(1);
    assertThat(registry.find("backfills.client.retries").counters()).hasSize(2);

    // The 429 that made the client hold back.
    assertThat(count("backfills.client.rate_limited", "operation", "listIncompleteBackfills")).isEqualTo(1);
    assertThat(registry.find("backfills.client.rate_limited").counters()).hasSize(1);
  }

  @Test
  void tagsHoldNoIdsOrPaths() {
    long id = server.addBackfill(TEAM, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3))
        .build()).transferBackfillId();
    client.getBackfill(TEAM, id);
    assertThatThrownBy(() -> client.getBackfill(TEAM, id + 1)).isInstanceOf(NotFoundException.class);

    assertThat(registry.getMeters()).isNotEmpty().allSatisfy(meter -> assertThat(meter.getId().getTags())
        .extracting(tag -> tag.getValue())
        .noneMatch(value -> value.contains(Long.toString(id)) || value.contains("/")
            || value.contains(FakeBackfillsServer.DEFAULT_TOKEN)));
    assertThat(registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
        .allMatch(name -> name.startsWith("backfills.client."));
  }

  private long callCount(String operation, String outcome) {
    return registry.get("backfills.client.calls").tags("operation", operation, "outcome", outcome).timer().count();
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }
}
