package dev.backfills.examples;

import dev.backfills.CallListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Traces each call of a {@code BackfillsClient} as one OpenTelemetry span. Copy it into your application
 * and register it once per client:
 *
 * <pre>{@code
 * Tracer tracer = openTelemetry.getTracer("backfills-client");
 * BackfillsClient client = BackfillsClient.builder()
 *     .token(token)
 *     .callListener(new OpenTelemetryCallListener(tracer))
 *     .build();
 * }</pre>
 *
 * <p>The span, named {@code backfills <operation>} (such as {@code backfills getBackfill}), has kind
 * {@code CLIENT} and covers the whole call, retries and waits included. It starts as a child of the span
 * current on the thread that makes the call. Its attributes: {@code http.request.method},
 * {@code url.path}, {@code backfills.operation}, {@code backfills.team_id} (and
 * {@code backfills.transfer_id}, {@code backfills.backfill_id} for operations on one), then at the end
 * {@code http.response.status_code} and {@code backfills.request_id} of the last answer and
 * {@code backfills.attempts}. Each request on the wire is an {@code attempt} event, each wait before the
 * next one a {@code retry_wait} event, and a 429 that made the client hold back a {@code cool_down}
 * event. A call that throws ends with status {@code ERROR}, {@code error.type} set to the exception's
 * simple class name, and the exception recorded (its message never holds the token).
 *
 * <p>The span is not made current, so nothing becomes its child by itself. The listener is called
 * synchronously on the thread doing the work, and the events of one call may come from different
 * threads for asynchronous calls: the open spans are kept in a concurrent map keyed by the call's id,
 * and removed when the call ends.
 */
public final class OpenTelemetryCallListener implements CallListener {
  // Names from the OpenTelemetry semantic conventions where one fits; the rest under "backfills.".
  private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("backfills.operation");
  private static final AttributeKey<Long> TEAM_ID = AttributeKey.longKey("backfills.team_id");
  private static final AttributeKey<Long> TRANSFER_ID = AttributeKey.longKey("backfills.transfer_id");
  private static final AttributeKey<Long> BACKFILL_ID = AttributeKey.longKey("backfills.backfill_id");
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("backfills.request_id");
  private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("backfills.attempts");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("backfills.attempt");
  private static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("backfills.duration_ms");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("backfills.retry_reason");
  private static final AttributeKey<Long> WAIT_MS = AttributeKey.longKey("backfills.wait_ms");

  private final Tracer tracer;
  private final Map<Long, Span> spans = new ConcurrentHashMap<>();

  /**
   * Creates spans with {@code tracer}.
   *
   * @param tracer for example {@code openTelemetry.getTracer("backfills-client")}
   */
  public OpenTelemetryCallListener(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void onCallStart(Call call) {
    SpanBuilder span = tracer.spanBuilder("backfills " + call.operation())
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(HTTP_METHOD, call.method())
        .setAttribute(URL_PATH, call.path())
        .setAttribute(OPERATION, call.operation())
        .setAttribute(TEAM_ID, call.teamId());
    Long transferId = call.transferId();
    if (transferId != null) {
      span.setAttribute(TRANSFER_ID, transferId);
    }
    Long backfillId = call.backfillId();
    if (backfillId != null) {
      span.setAttribute(BACKFILL_ID, backfillId);
    }
    spans.put(call.callId(), span.startSpan());
  }

  @Override
  public void onAttempt(Call call, Attempt attempt) {
    Span span = spans.get(call.callId());
    if (span == null) {
      return;
    }
    AttributesBuilder event = Attributes.builder()
        .put(ATTEMPT, attempt.number())
        .put(DURATION_MS, attempt.duration().toMillis());
    if (attempt.statusCode() > 0) {
      event.put(HTTP_STATUS, attempt.statusCode());
      span.setAttribute(HTTP_STATUS, attempt.statusCode()); // the last answer's status wins
    }
    String requestId = attempt.requestId();
    if (requestId != null) {
      event.put(REQUEST_ID, requestId);
    }
    RuntimeException failure = attempt.failure();
    if (failure != null) {
      event.put(ERROR_TYPE, failure.getClass().getSimpleName());
    }
    span.addEvent("attempt", event.build());
  }

  @Override
  public void onRetryWait(Call call, Duration wait, RetryReason reason) {
    Span span = spans.get(call.callId());
    if (span != null) {
      span.addEvent("retry_wait", Attributes.of(REASON, reason.name(), WAIT_MS, wait.toMillis()));
    }
  }

  @Override
  public void onCoolDown(Call call, Duration pause) {
    Span span = spans.get(call.callId());
    if (span != null) {
      span.addEvent("cool_down", Attributes.of(WAIT_MS, pause.toMillis()));
    }
  }

  @Override
  public void onCallEnd(Call call, Outcome outcome) {
    Span span = spans.remove(call.callId());
    if (span == null) {
      return;
    }
    span.setAttribute(ATTEMPTS, outcome.attempts());
    String requestId = outcome.requestId();
    if (requestId != null) {
      span.setAttribute(REQUEST_ID, requestId);
    }
    RuntimeException failure = outcome.failure();
    if (failure != null) {
      span.setAttribute(ERROR_TYPE, outcome.outcome());
      span.setStatus(StatusCode.ERROR, outcome.outcome());
      span.recordException(failure);
    }
    span.end();
  }
}
