package dev.backfills.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.BackfillsClient;
import dev.backfills.exception.NotFoundException;
import dev.backfills.testing.FakeBackfill;
import dev.backfills.testing.FakeBackfillsServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenTelemetryCallListener} against the fake API: an SDK tracer exporting to memory, real calls,
 * then the finished spans.
 */
class OpenTelemetryCallListenerTest {
  private static final long TEAM = FakeBackfillsServer.DEFAULT_TEAM_ID;
  /** Granted explicitly, so that a leak of it is unmistakable. */
  private static final String TOKEN = "otel-test-token-5f1c9a7e3b";

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("backfills.operation");
  private static final AttributeKey<Long> TEAM_ID = AttributeKey.longKey("backfills.team_id");
  private static final AttributeKey<Long> BACKFILL_ID = AttributeKey.longKey("backfills.backfill_id");
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("backfills.request_id");
  private static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("backfills.attempts");
  private static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("backfills.attempt");
  private static final AttributeKey<Long> DURATION_MS = AttributeKey.longKey("backfills.duration_ms");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("backfills.retry_reason");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracing =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Tracer tracer = tracing.get("backfills-client-test");
  private final FakeBackfillsServer server =
      FakeBackfillsServer.builder().grant(TOKEN, TEAM).rateLimitPerHour(10_000).build();
  private final BackfillsClient client = BackfillsClient.builder()
      .baseUrl(server.baseUrl())
      .token(TOKEN)
      .retryBackoff(Duration.ZERO, Duration.ZERO)
      .callListener(new OpenTelemetryCallListener(tracer))
      .build();

  @AfterEach
  void close() {
    client.close();
    server.close();
    tracing.close();
  }

  private long addBackfill() {
    return server.addBackfill(TEAM, FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3))
        .runDuration(Duration.ofHours(1)).build()).transferBackfillId();
  }

  private SpanData onlySpan() {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  private static List<String> eventNames(SpanData span) {
    return span.getEvents().stream().map(EventData::getName).toList();
  }

  @Test
  void aCallIsOneClientSpanWithItsTargetAndAnswer() {
    long id = addBackfill();

    client.getBackfill(TEAM, id);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("backfills getBackfill");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(METHOD)).isEqualTo("GET");
    assertThat(attributes.get(PATH)).isEqualTo("/v1/teams/" + TEAM + "/backfills/" + id);
    assertThat(attributes.get(OPERATION)).isEqualTo("getBackfill");
    assertThat(attributes.get(TEAM_ID)).isEqualTo(TEAM);
    assertThat(attributes.get(BACKFILL_ID)).isEqualTo(id);
    assertThat(attributes.get(STATUS)).isEqualTo(200);
    assertThat(attributes.get(ATTEMPTS)).isEqualTo(1);
    assertThat(attributes.get(REQUEST_ID)).isNotBlank();
    assertThat(attributes.get(ERROR_TYPE)).isNull();

    assertThat(eventNames(span)).containsExactly("attempt");
    Attributes attempt = span.getEvents().get(0).getAttributes();
    assertThat(attempt.get(ATTEMPT)).isEqualTo(1);
    assertThat(attempt.get(STATUS)).isEqualTo(200);
    assertThat(attempt.get(DURATION_MS)).isNotNull().isGreaterThanOrEqualTo(0);
    assertThat(attempt.get(REQUEST_ID)).isEqualTo(attributes.get(REQUEST_ID));
    assertThat(attempt.get(ERROR_TYPE)).isNull();
  }

  @Test
  void aListIsASpanOfItsOwnWithoutABackfillId() {
    addBackfill();

    client.listIncompleteBackfills(TEAM);

    SpanData span = onlySpan();
    assertThat(span.getName()).isEqualTo("backfills listIncompleteBackfills");
    assertThat(span.getAttributes().get(PATH)).isEqualTo("/v1/teams/" + TEAM + "/backfills");
    assertThat(span.getAttributes().get(BACKFILL_ID)).isNull();
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(200);
  }

  @Test
  void eachAttemptIsAnEventAndEachRetryWaitToo() {
    long id = addBackfill();
    server.failNext(1, 503);

    client.getBackfill(TEAM, id);

    SpanData span = onlySpan();
    assertThat(eventNames(span)).containsExactly("attempt", "retry_wait", "attempt");
    Attributes first = span.getEvents().get(0).getAttributes();
    assertThat(first.get(ATTEMPT)).isEqualTo(1);
    assertThat(first.get(STATUS)).isEqualTo(503);
    assertThat(first.get(ERROR_TYPE)).isEqualTo("ServerException");
    assertThat(span.getEvents().get(1).getAttributes().get(REASON)).isEqualTo("SERVER_ERROR");
    Attributes second = span.getEvents().get(2).getAttributes();
    assertThat(second.get(ATTEMPT)).isEqualTo(2);
    assertThat(second.get(STATUS)).isEqualTo(200);
    assertThat(second.get(ERROR_TYPE)).isNull();
    // The call succeeded: the span is not an error, and shows the last answer.
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(200);
    assertThat(span.getAttributes().get(ATTEMPTS)).isEqualTo(2);
    assertThat(span.getAttributes().get(REQUEST_ID)).isEqualTo(second.get(REQUEST_ID));
  }

  @Test
  void aFailedCallIsAnErrorSpanWithItsException() {
    assertThatThrownBy(() -> client.getBackfill(TEAM, 999_999)).isInstanceOf(NotFoundException.class);

    SpanData span = onlySpan();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("NotFoundException");
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("NotFoundException");
    assertThat(span.getAttributes().get(STATUS)).isEqualTo(404);
    assertThat(span.getAttributes().get(ATTEMPTS)).isEqualTo(1);
    assertThat(eventNames(span)).containsExactly("attempt", "exception");
    assertThat(span.getEvents().get(1).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(NotFoundException.class.getName());
  }

  @Test
  void theSpanIsAChildOfTheCallersCurrentSpan() {
    long id = addBackfill();
    Span parent = tracer.spanBuilder("report job").startSpan();

    Scope scope = parent.makeCurrent();
    try {
      client.getBackfill(TEAM, id);
    } finally {
      scope.close();
      parent.end();
    }

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("backfills getBackfill", "report job");
    assertThat(spans.get(0).getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(spans.get(0).getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  @Test
  void concurrentAsyncCallsEachGetTheirOwnSpan() {
    long id = addBackfill();
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(client.getBackfillAsync(TEAM, id));
      calls.add(client.listIncompleteBackfillsAsync(TEAM));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(16).allSatisfy(span -> {
      assertThat(eventNames(span)).containsExactly("attempt");
      assertThat(span.getAttributes().get(STATUS)).isEqualTo(200);
    });
    assertThat(spans).extracting(span -> span.getSpanContext().getSpanId()).doesNotHaveDuplicates();
    assertThat(spans).filteredOn(span -> span.getName().equals("backfills getBackfill")).hasSize(8);
  }

  @Test
  void theTokenIsInNoAttributeEventOrStatus() {
    long id = addBackfill();
    client.getBackfill(TEAM, id);
    client.listIncompleteBackfills(TEAM);
    assertThatThrownBy(() -> client.getBackfill(TEAM, 999_999)).isInstanceOf(NotFoundException.class);
    server.failNext(1, 503);
    client.getBackfill(TEAM, id);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(4);
    List<String> recorded = new ArrayList<>();
    for (SpanData span : spans) {
      recorded.add(span.getName());
      recorded.add(span.getStatus().getDescription());
      span.getAttributes().forEach((key, value) -> recorded.add(key.getKey() + "=" + value));
      for (EventData event : span.getEvents()) {
        recorded.add(event.getName());
        // exception.message and exception.stacktrace included
        event.getAttributes().forEach((key, value) -> recorded.add(key.getKey() + "=" + value));
      }
    }
    assertThat(recorded).anyMatch(text -> text.startsWith("exception.stacktrace="));
    assertThat(recorded).noneMatch(text -> text.contains(TOKEN));
  }
}
