package dev.backfills.examples;

import dev.backfills.CallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Records what a {@code BackfillsClient} does as Micrometer meters. Copy it into your application and
 * register it once per client:
 *
 * <pre>{@code
 * BackfillsClient client = BackfillsClient.builder()
 *     .token(token)
 *     .callListener(new MicrometerCallListener(meterRegistry)) // in Spring Boot, the MeterRegistry bean
 *     .build();
 * }</pre>
 *
 * <p>The meters:
 *
 * <ul>
 *   <li>{@code backfills.client.calls}, a timer: one sample per call, from its start to its result or
 *       exception (every attempt and wait included), tagged {@code operation} ({@code getBackfill},
 *       {@code listIncompleteBackfills}, …) and {@code outcome} ({@code success}, or the exception's
 *       simple class name such as {@code NotFoundException}).
 *   <li>{@code backfills.client.attempts}, a counter: every request on the wire, tagged
 *       {@code operation} and {@code status} (the HTTP status, or {@code none} when no answer arrived).
 *       Every 429 answer shows here as {@code status=429}, whether or not it started a cool-down.
 *   <li>{@code backfills.client.retries}, a counter: every wait before a further request, tagged
 *       {@code operation} and {@code reason} ({@code SERVER_ERROR}, {@code TRANSPORT_ERROR},
 *       {@code RATE_LIMITED}, or {@code COOL_DOWN} when another call's 429 held this one back).
 *   <li>{@code backfills.client.rate_limited}, a counter tagged {@code operation}: the 429 answers whose
 *       {@code Retry-After} made the whole client hold back. This is the number to alert on: each one
 *       stalled every thread of the client. (A 429 without {@code Retry-After} backs off like a 5xx and
 *       is counted only in {@code attempts}.)
 * </ul>
 *
 * <p>The listener is called synchronously on the thread making the call, so it does no more than look
 * up a meter and increment it. It holds no state of its own, so it is thread-safe because Micrometer's
 * meters are. Every tag value comes from a short, fixed set (operation names, status codes, exception
 * class names): no ids or paths, which would make a new time series per backfill.
 */
public final class MicrometerCallListener implements CallListener {
  // A MeterProvider registers each tag combination once and then finds it again on later calls.
  private final MeterProvider<Timer> calls;
  private final MeterProvider<Counter> attempts;
  private final MeterProvider<Counter> retries;
  private final MeterProvider<Counter> rateLimited;

  /**
   * Creates meters in {@code registry}.
   *
   * @param registry where the meters go
   */
  public MicrometerCallListener(MeterRegistry registry) {
    calls = Timer.builder("backfills.client.calls")
        .description("Calls of the backfills client, from start to result or exception, retries included")
        .withRegistry(registry);
    attempts = Counter.builder("backfills.client.attempts")
        .description("Requests the backfills client sent, by HTTP status of the answer")
        .withRegistry(registry);
    retries = Counter.builder("backfills.client.retries")
        .description("Waits of the backfills client before sending a call's request again")
        .withRegistry(registry);
    rateLimited = Counter.builder("backfills.client.rate_limited")
        .description("HTTP 429 answers whose Retry-After made the backfills client hold back every request")
        .withRegistry(registry);
  }

  @Override
  public void onAttempt(Call call, Attempt attempt) {
    String status = attempt.statusCode() == 0 ? "none" : Integer.toString(attempt.statusCode());
    attempts.withTags("operation", call.operation(), "status", status).increment();
  }

  @Override
  public void onRetryWait(Call call, Duration wait, RetryReason reason) {
    retries.withTags("operation", call.operation(), "reason", reason.name()).increment();
  }

  @Override
  public void onCoolDown(Call call, Duration pause) {
    rateLimited.withTag("operation", call.operation()).increment();
  }

  @Override
  public void onCallEnd(Call call, Outcome outcome) {
    calls.withTags("operation", call.operation(), "outcome", outcome.outcome()).record(outcome.duration());
  }
}
