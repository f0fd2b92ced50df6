package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Create, latest and cancel over real HTTP, and what a client sees of a lost answer on the wire. The
 * rules themselves are covered without a socket by {@link FakeApiTest}.
 */
class WritesOverHttpTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String JANUARY = "{\"range_start\":\"2024-01-01\",\"range_end\":\"2024-01-31\"}";

  private final ManualClock clock = new ManualClock(Instant.parse("2024-02-01T10:00:00Z"));
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private FakeBackfillsServer server;

  @BeforeEach
  void start() {
    server = FakeBackfillsServer.builder().clock(clock).build();
    server.addTransfer(1, 5);
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private Response send(String method, String pathUnderV1, String json) throws IOException {
    Request request = new Request.Builder()
        .url(server.baseUrl() + pathUnderV1)
        .header("Authorization", "Bearer " + FakeBackfillsServer.DEFAULT_TOKEN)
        .method(method, json == null ? null : RequestBody.create(json, JSON))
        .build();
    return http.newCall(request).execute();
  }

  private JsonNode data(String method, String pathUnderV1, String json) throws IOException {
    try (Response r = send(method, pathUnderV1, json)) {
      assertThat(r.code()).isEqualTo(200);
      return MAPPER.readTree(r.body().bytes()).get("data");
    }
  }

  @Test
  void createLatestAndCancelWorkOverHttpAndAreLogged() throws IOException {
    long id = data("POST", "/teams/1/transfers/5/backfills", JANUARY).get("transfer_backfill_id").asLong();
    JsonNode latest = data("GET", "/teams/1/transfers/5/backfills/latest", null);
    JsonNode cancelled = data("PATCH", "/teams/1/backfills/" + id, "{\"status\":\"CANCELLED\"}");

    assertThat(latest.get("transfer_backfill_id").asLong()).isEqualTo(id);
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(server.requestLog()).containsExactly(
        "POST /v1/teams/1/transfers/5/backfills -> 200",
        "GET /v1/teams/1/transfers/5/backfills/latest -> 200",
        "PATCH /v1/teams/1/backfills/" + id + " -> 200");
  }

  @Test
  void theServersViewCountsAndListsWhatClientsCreated() throws IOException {
    Backfill added = server.addBackfill(1, FakeBackfill.builder(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 1, 2))
        .createdAt(clock.instant().minusSeconds(60)).build());
    long created = data("POST", "/teams/1/transfers/5/backfills", JANUARY).get("transfer_backfill_id").asLong();

    assertThat(server.createdCount()).isEqualTo(1);
    assertThat(server.backfills(1)).extracting(Backfill::transferBackfillId)
        .containsExactly(created, added.transferBackfillId());
    assertThat(server.backfills(1).get(0).status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(server.backfills(2)).isEmpty();
  }

  @Test
  void aDroppedConnectionIsAnIoFailureForTheClientButTheBackfillExists() {
    server.loseNextAnswers(1, LostAnswer.DROP_CONNECTION);

    assertThatThrownBy(() -> send("POST", "/teams/1/transfers/5/backfills", JANUARY).close())
        .isInstanceOf(IOException.class);
    assertThat(server.createdCount()).isEqualTo(1);
    assertThat(server.requestLog()).containsExactly(
        "POST /v1/teams/1/transfers/5/backfills -> dropped (lost answer: 200)");
  }

  @Test
  void aLostBadGatewayArrivesAsAnHtmlPage() throws IOException {
    server.loseNextAnswers(1, LostAnswer.BAD_GATEWAY_HTML);

    try (Response r = send("POST", "/teams/1/transfers/5/backfills", JANUARY)) {
      assertThat(r.code()).isEqualTo(502);
      assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(r.body().string()).startsWith("<html>");
    }
    assertThat(server.requestLog()).containsExactly("POST /v1/teams/1/transfers/5/backfills -> 502 (lost answer: 200)");
  }

  @Test
  void lostAnswersCanBeCancelledAndRefuseANegativeCount() throws IOException {
    server.loseNextAnswers(3, LostAnswer.SERVER_ERROR);
    server.loseNextAnswers(0, LostAnswer.SERVER_ERROR);

    data("POST", "/teams/1/transfers/5/backfills", JANUARY);
    assertThatThrownBy(() -> server.loseNextAnswers(-1, LostAnswer.SERVER_ERROR))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failNextRateLimitedSendsTheChosenRetryAfterRoundedUp() throws IOException {
    server.failNextRateLimited(2, Duration.ofMillis(90_500));

    try (Response first = send("GET", "/teams/1/backfills", null);
        Response second = send("GET", "/teams/1/backfills", null);
        Response third = send("GET", "/teams/1/backfills", null)) {
      assertThat(first.code()).isEqualTo(429);
      assertThat(first.header("Retry-After")).isEqualTo("91");
      assertThat(second.header("Retry-After")).isEqualTo("91");
      assertThat(third.code()).isEqualTo(200);
    }
    assertThatThrownBy(() -> server.failNextRateLimited(1, Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoClientsSendingOneTokenShareItsBudget() throws IOException {
    server.close();
    server = FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(2).build();
    OkHttpClient other = http.newBuilder().build();
    Request list = new Request.Builder().url(server.baseUrl() + "/teams/1/backfills")
        .header("Authorization", "Bearer " + FakeBackfillsServer.DEFAULT_TOKEN).build();

    try (Response a = http.newCall(list).execute(); Response b = other.newCall(list).execute();
        Response c = http.newCall(list).execute()) {
      assertThat(a.code()).isEqualTo(200);
      assertThat(b.code()).isEqualTo(200);
      assertThat(c.code()).isEqualTo(429);
    }
  }

  @Test
  void addTransferRefusesIdsBelowOne() {
    assertThatThrownBy(() -> server.addTransfer(0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.addTransfer(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
