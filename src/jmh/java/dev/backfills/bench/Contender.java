package dev.backfills.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.backfills.BackfillsClient;
import dev.backfills.bench.generated.api.DefaultApi;
import dev.backfills.bench.generated.invoker.ApiClient;
import dev.backfills.bench.generated.invoker.JSON;
import dev.backfills.bench.generated.model.BackfillListResponse;
import dev.backfills.bench.generated.model.BackfillResponse;
import dev.backfills.internal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
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

    private static Object check(dev.backfills.internal.Envelope<?> e) {
      if (e.problem() != null) {
        throw new IllegalStateException(e.problem());
      }
      return e.data();
    }

    @Override public void close() {
      client.close();
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
