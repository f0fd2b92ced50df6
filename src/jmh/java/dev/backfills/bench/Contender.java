package dev.backfills.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.backfills.BackfillsClient;
import dev.backfills.CallListener;
import dev.backfills.bench.generated.api.DefaultApi;
import dev.backfills.bench.generated.invoker.ApiClient;
import dev.backfills.bench.generated.invoker.JSON;
import dev.backfills.bench.generated.model.BackfillListResponse;
import dev.backfills.bench.generated.model.BackfillResponse;
import dev.backfills.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One of the clients compared: the same two calls over HTTP and the same decoding of bytes without HTTP.
 * Each JMH fork creates exactly one, so every call site stays monomorphic.
 */
public interface Contender extends AutoCloseable {
  String TOKEN = "bench-token-0123456789";

  Object getBackfill(long teamId, long backfillId) throws Exception;

  Object listIncompleteBackfills(long teamId) throws Exception;

  /** Bytes to records, the way this contender decodes a body it has received. */
  Object decodeOne(byte[] body) throws Exception;

  Object decodeList(byte[] body) throws Exception;

  @Override
  void close();

  static Contender create(String name, String baseUrl) {
    return switch (name) {
      case "sdk" -> new Sdk(baseUrl);
      case "sdk-listener" -> new SdkWithListener(baseUrl);
      case "handwritten" -> new HandWritten(baseUrl);
      case "generated" -> new Generated(baseUrl);
      case "tokenizer" -> new Tokenizer(baseUrl);
      default -> throw new IllegalArgumentException("unknown contender " + name);
    };
  }

  /** This SDK, with its defaults (retries, rate-limit tracking, typed errors all on). */
  final class Sdk implements Contender {
    private final BackfillsClient client;
    private final Json json = new Json();

    Sdk(String baseUrl) {
      client = BackfillsClient.builder().baseUrl(baseUrl).token(TOKEN).build();
    }

    @Override public Object getBackfill(long teamId, long backfillId) {
      return client.getBackfill(teamId, backfillId);
    }

    @Override public Object listIncompleteBackfills(long teamId) {
      return client.listIncompleteBackfills(teamId);
    }

    @Override public Object decodeOne(byte[] body) throws IOException {
      return check(json.readBackfill(new ByteArrayInputStream(body)));
    }

    @Override public Object decodeList(byte[] body) throws IOException {
      return check(json.readBackfillList(new ByteArrayInputStream(body)));
    }

    static Object check(dev.backfills.internal.Envelope<?> e) {
      if (e.problem() != null) {
        throw new IllegalStateException(e.problem());
      }
      return e.data();
    }

    @Override public void close() {
      client.close();
    }
  }

  /**
   * This SDK with its defaults and a {@link CallListener} that does cheap real work on every event a
   * metrics listener would use: counts attempts and ended calls in {@link LongAdder}s and sums their
   * durations, so the JIT can remove neither the events nor the objects they carry. Measures what a
   * listener costs over {@link Sdk}.
   */
  final class SdkWithListener implements Contender {
    private final CountingListener listener = new CountingListener();
    private final BackfillsClient client;
    private final Json json = new Json();

    SdkWithListener(String baseUrl) {
      client = BackfillsClient.builder().baseUrl(baseUrl).token(TOKEN).callListener(listener).build();
    }

    /** Calls ended so far, as the listener counted them. */
    long callsEnded() {
      return listener.calls.sum();
    }

    @Override public Object getBackfill(long teamId, long backfillId) {
      return client.getBackfill(teamId, backfillId);
    }

    @Override public Object listIncompleteBackfills(long teamId) {
      return client.listIncompleteBackfills(teamId);
    }

    // Decoding makes no call, so the listener sees none of it: the same as Sdk's. BenchMain does not
    // run DecodeBenchmark for this contender unless asked to with -p contender=...
    @Override public Object decodeOne(byte[] body) throws IOException {
      return Sdk.check(json.readBackfill(new ByteArrayInputStream(body)));
    }

    @Override public Object decodeList(byte[] body) throws IOException {
      return Sdk.check(json.readBackfillList(new ByteArrayInputStream(body)));
    }

    @Override public void close() {
      client.close();
      if (listener.attempts.sum() < listener.calls.sum()) {
        throw new IllegalStateException("the listener saw fewer attempts than calls");
      }
    }

    /** What a metrics listener does: a counter per attempt and per call, and their time. */
    static final class CountingListener implements CallListener {
      final LongAdder attempts = new LongAdder();
      final LongAdder calls = new LongAdder();
      final LongAdder failures = new LongAdder();
      final LongAdder attemptNanos = new LongAdder();
      final LongAdder callNanos = new LongAdder();

      @Override public void onAttempt(Call call, Attempt attempt) {
        attempts.increment();
        attemptNanos.add(attempt.duration().toNanos());
      }

      @Override public void onCallEnd(Call call, Outcome outcome) {
        calls.increment();
        callNanos.add(outcome.duration().toNanos());
        if (!outcome.succeeded()) {
          failures.increment();
        }
      }
    }
  }

  /** The hand-written OkHttp + Jackson client of {@link HandWrittenClient}. */
  final class HandWritten implements Contender {
    private final HandWrittenClient client;

    HandWritten(String baseUrl) {
      client = new HandWrittenClient(baseUrl, TOKEN);
    }

    @Override public Object getBackfill(long teamId, long backfillId) throws IOException {
      return client.getBackfill(teamId, backfillId);
    }

    @Override public Object listIncompleteBackfills(long teamId) throws IOException {
      return client.listIncompleteBackfills(teamId);
    }

    @Override public Object decodeOne(byte[] body) throws IOException {
      return HandWrittenClient.decodeOne(new ByteArrayInputStream(body)).data();
    }

    @Override public Object decodeList(byte[] body) throws IOException {
      return HandWrittenClient.decodeList(new ByteArrayInputStream(body)).data();
    }

    @Override public void close() {
      client.close();
    }
  }

  /** The client openapi-generator makes from src/jmh/openapi/openapi.yaml (java, okhttp-gson). */
  final class Generated implements Contender {
    private final ApiClient apiClient;
    private final DefaultApi api;

    Generated(String baseUrl) {
      apiClient = new ApiClient();
      apiClient.setBasePath(baseUrl);
      apiClient.setBearerToken(TOKEN);
      api = new DefaultApi(apiClient);
    }

    @Override public Object getBackfill(long teamId, long backfillId) throws Exception {
      return api.getBackfillById(teamId, backfillId).getData();
    }

    @Override public Object listIncompleteBackfills(long teamId) throws Exception {
      return api.listIncompleteBackfills(teamId).getData();
    }

    @Override public Object decodeOne(byte[] body) throws IOException {
      BackfillResponse r = JSON.deserialize(new ByteArrayInputStream(body), BackfillResponse.class);
      return r.getData();
    }

    @Override public Object decodeList(byte[] body) throws IOException {
      BackfillListResponse r = JSON.deserialize(new ByteArrayInputStream(body), BackfillListResponse.class);
      return r.getData();
    }

    @Override public void close() {
      OkHttpClient http = apiClient.getHttpClient();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /**
   * The limit: Jackson's streaming tokenizer over the same bytes, building nothing. Over HTTP it is the
   * hand-written client's request with the body fed to {@link JsonParser#nextToken()} to the end.
   */
  final class Tokenizer implements Contender {
    private static final JsonFactory FACTORY = new JsonFactory();
    private final OkHttpClient http = new OkHttpClient();
    private final String baseUrl;

    Tokenizer(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    @Override public Object getBackfill(long teamId, long backfillId) throws IOException {
      return get("/teams/" + teamId + "/backfills/" + backfillId);
    }

    @Override public Object listIncompleteBackfills(long teamId) throws IOException {
      return get("/teams/" + teamId + "/backfills");
    }

    private Object get(String path) throws IOException {
      Request request = new Request.Builder().url(baseUrl + path)
          .header("Authorization", "Bearer " + TOKEN).header("Accept", "application/json").build();
      try (Response response = http.newCall(request).execute()) {
        return tokens(response.body().byteStream());
      }
    }

    @Override public Object decodeOne(byte[] body) throws IOException {
      return tokens(new ByteArrayInputStream(body));
    }

    @Override public Object decodeList(byte[] body) throws IOException {
      return tokens(new ByteArrayInputStream(body));
    }

    private static Integer tokens(InputStream in) throws IOException {
      int n = 0;
      try (JsonParser p = FACTORY.createParser(in)) {
        while (p.nextToken() != null) {
          n++;
        }
      }
      return n;
    }

    @Override public void close() {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
