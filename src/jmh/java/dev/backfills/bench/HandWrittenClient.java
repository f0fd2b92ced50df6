package dev.backfills.bench;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The baseline: the twenty lines a careful user would write instead of using the SDK. One shared
 * {@link OkHttpClient}; records bound by pre-built Jackson {@link ObjectReader}s (snake_case names,
 * JSR-310 types, unknown fields and statuses tolerated); the body streamed into the reader, never
 * buffered into a String. No error mapping, no retries, no rate-limit tracking: a non-2xx is an
 * {@link IOException} with the status.
 */
public final class HandWrittenClient implements AutoCloseable {
  public enum Status { CREATED, SCHEDULED, RUNNING, FAILED, COMPLETED, CANCELLED, @JsonEnumDefaultValue UNKNOWN }

  public record RunError(LocalDate transferRunDate, String error) {}

  public record Backfill(
      long transferBackfillId, long transferId, LocalDate rangeStartDate, LocalDate rangeEndDate,
      Instant createdTime, Long createdUserId, Instant removedTime, Long removedUserId,
      Instant startTime, Instant endTime, Status status, int transferRunsTotal, int transferRunsCreated,
      int transferRunsCompleted, int transferRunsFailed, List<RunError> errorReport) {}

  public record Meta(String requestId) {}

  public record Envelope<T>(Meta meta, T data) {}

  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE);
  static final ObjectReader ONE = MAPPER.readerFor(new TypeReference<Envelope<Backfill>>() {});
  static final ObjectReader MANY = MAPPER.readerFor(new TypeReference<Envelope<List<Backfill>>>() {});

  private final OkHttpClient http = new OkHttpClient();
  private final String baseUrl;
  private final String authorization;

  public HandWrittenClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.authorization = "Bearer " + token;
  }

  public Backfill getBackfill(long teamId, long backfillId) throws IOException {
    Envelope<Backfill> e = get("/teams/" + teamId + "/backfills/" + backfillId, ONE);
    return e.data();
  }

  public List<Backfill> listIncompleteBackfills(long teamId) throws IOException {
    Envelope<List<Backfill>> e = get("/teams/" + teamId + "/backfills", MANY);
    return e.data();
  }

  private <T> T get(String path, ObjectReader reader) throws IOException {
    Request request = new Request.Builder()
        .url(baseUrl + path)
        .header("Authorization", authorization)
        .header("Accept", "application/json")
        .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code());
      }
      return reader.readValue(response.body().byteStream());
    }
  }

  /** Pure decoding, as {@link #get} does it, without HTTP. */
  static Envelope<Backfill> decodeOne(InputStream body) throws IOException {
    return ONE.readValue(body);
  }

  static Envelope<List<Backfill>> decodeList(InputStream body) throws IOException {
    return MANY.readValue(body);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
