package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake server seen from the wire: raw statuses, headers and bodies, read with a plain OkHttp client
 * and compared with the vendor's documented examples. Time only moves through a {@link ManualClock}.
 */
class FakeBackfillsServerTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String REQUEST_ID_PATTERN = "^[A-Za-z0-9_-]{1,50}$";

  private final ManualClock clock = new ManualClock(Instant.parse("2024-02-01T10:27:30Z"));
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private FakeBackfillsServer server;

  @AfterEach
  void stopEverything() {
    if (server != null) {
      server.close();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  // ---------------------------------------------------------------------------------------------------
  // Helpers

  /** Starts (and remembers, for closing) a server from {@code builder}. */
  private FakeBackfillsServer serve(FakeBackfillsServer.Builder builder) {
    if (server != null) {
      server.close();
    }
    server = builder.build();
    return server;
  }

  /** A server on the manual clock with the default token and team. */
  private FakeBackfillsServer serve() {
    return serve(FakeBackfillsServer.builder().clock(clock));
  }

  /** What came back, fully read so the connection can be reused. */
  private record Reply(int status, okhttp3.Headers headers, byte[] bytes) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return MAPPER.readTree(bytes);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body(), e);
      }
    }

    JsonNode error() {
      return json().get("error");
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  private Reply send(Request request) throws IOException {
    return send(http, request);
  }

  private static Reply send(OkHttpClient client, Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return new Reply(r.code(), r.headers(), r.body().bytes());
    }
  }

  private Request.Builder request(String pathUnderV1) {
    return new Request.Builder().url(server.baseUrl() + pathUnderV1);
  }

  private Reply get(String pathUnderV1, String token) throws IOException {
    Request.Builder b = request(pathUnderV1);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  private Reply get(String pathUnderV1) throws IOException {
    return get(pathUnderV1, FakeBackfillsServer.DEFAULT_TOKEN);
  }

  private static JsonNode parse(String json) throws IOException {
    return MAPPER.readTree(json);
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<Long> ids(JsonNode list) {
    List<Long> ids = new ArrayList<>();
    list.forEach(b -> ids.add(b.get("transfer_backfill_id").asLong()));
    return ids;
  }

  private static FakeBackfill.Builder days(int first, int last) {
    return FakeBackfill.builder(LocalDate.of(2024, 1, first), LocalDate.of(2024, 1, last));
  }

  // ---------------------------------------------------------------------------------------------------
  // Bodies against the vendor's examples

  @Test
  void getAnswersTheSeedExampleFieldForField() throws IOException {
    serve();
    server.addBackfill(1, days(1, 31)
        .id(12345)
        .transferId(456789)
        .createdUserId(789)
        .createdAt(Instant.parse("2024-02-01T09:00:00Z"))
        .scheduleAfter(Duration.ofMinutes(30))
        .startAfter(Duration.ofHours(1))
        .runDuration(Duration.ofMinutes(1))
        .failRun(LocalDate.of(2024, 1, 3), "Connection timeout to data source")
        .failRun(LocalDate.of(2024, 1, 20), "Quota exceeded")
        .build());

    Reply reply = get("/teams/1/backfills/12345");

    assertThat(reply.status()).isEqualTo(200);
    // The seed's example, plus the two removed_* fields the page documents but leaves out of it, and
    // the error entries its two failed runs imply (the seed shows an empty report next to 2 failures).
    assertThat(reply.json().get("data")).isEqualTo(parse("""
        {
          "transfer_backfill_id": 12345,
          "transfer_id": 456789,
          "range_start_date": "2024-01-01",
          "range_end_date": "2024-01-31",
          "created_time": "2024-02-01T09:00:00Z",
          "created_user_id": 789,
          "removed_time": null,
          "removed_user_id": null,
          "start_time": "2024-02-01T10:00:00Z",
          "end_time": null,
          "status": "RUNNING",
          "transfer_runs_total": 31,
          "transfer_runs_created": 31,
          "transfer_runs_completed": 25,
          "transfer_runs_failed": 2,
          "error_report": [
            {"transfer_run_date": "2024-01-03", "error": "Connection timeout to data source"},
            {"transfer_run_date": "2024-01-20", "error": "Quota exceeded"}
          ]
        }"""));
    assertThat(fieldNames(reply.json())).containsExactly("meta", "data");
    assertThat(reply.json().get("meta").get("request_id").asText()).matches(REQUEST_ID_PATTERN);
  }

  @Test
  void backfillFieldsComeInTheDocumentedOrderWithNullsWrittenOut() throws IOException {
    serve();
    long id = server.addBackfill(1, days(1, 2).scheduleAfter(Duration.ofHours(1)).startAfter(Duration.ofHours(1))
        .build()).transferBackfillId();

    JsonNode data = get("/teams/1/backfills/" + id).json().get("data");

    assertThat(fieldNames(data)).containsExactly(
        "transfer_backfill_id", "transfer_id", "range_start_date", "range_end_date", "created_time",
        "created_user_id", "removed_time", "removed_user_id", "start_time", "end_time", "status",
        "transfer_runs_total", "transfer_runs_created", "transfer_runs_completed", "transfer_runs_failed",
        "error_report");
    assertThat(data.get("start_time").isNull()).isTrue();
    assertThat(data.get("end_time").isNull()).isTrue();
    assertThat(data.get("removed_time").isNull()).isTrue();
    assertThat(data.get("removed_user_id").isNull()).isTrue();
    assertThat(data.get("error_report").isArray()).isTrue();
    assertThat(data.get("error_report")).isEmpty();
    assertThat(data.get("status").asText()).isEqualTo("CREATED");
  }

  @Test
  void listAnswersTheSeedExampleNewestFirst() throws IOException {
    clock.set(Instant.parse("2024-03-01T14:45:00Z"));
    serve();
    // Added oldest-last on purpose: the order must come from created_time, not insertion.
    server.addBackfill(1, FakeBackfill.builder(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 28))
        .id(12347).transferId(456790).createdUserId(789)
        .createdAt(Instant.parse("2024-03-01T14:00:00Z"))
        .startAfter(Duration.ofMinutes(30)).runDuration(Duration.ofMinutes(1))
        .build());
    server.addBackfill(1, days(1, 14)
        .id(12345).transferId(456788).createdUserId(789)
        .createdAt(Instant.parse("2024-02-01T08:00:00Z"))
        .startAfter(Duration.ofDays(60))
        .build());
    server.addBackfill(1, days(15, 31)
        .id(12346).transferId(456789).createdUserId(790)
        .createdAt(Instant.parse("2024-02-15T09:30:00Z"))
        .startAfter(Duration.ofMinutes(30)).runDuration(Duration.ofMinutes(2000))
        .build());

    Reply reply = get("/teams/1/backfills");

    assertThat(reply.status()).isEqualTo(200);
    // The seed's "Multiple incomplete backfills" example plus the removed_* fields it leaves out.
    assertThat(reply.json().get("data")).isEqualTo(parse("""
        [
          {
            "transfer_backfill_id": 12347, "transfer_id": 456790,
            "range_start_date": "2024-02-01", "range_end_date": "2024-02-28",
            "created_time": "2024-03-01T14:00:00Z", "created_user_id": 789,
            "removed_time": null, "removed_user_id": null,
            "start_time": "2024-03-01T14:30:00Z", "end_time": null, "status": "RUNNING",
            "transfer_runs_total": 28, "transfer_runs_created": 28,
            "transfer_runs_completed": 15, "transfer_runs_failed": 0, "error_report": []
          },
          {
            "transfer_backfill_id": 12346, "transfer_id": 456789,
            "range_start_date": "2024-01-15", "range_end_date": "2024-01-31",
            "created_time": "2024-02-15T09:30:00Z", "created_user_id": 790,
            "removed_time": null, "removed_user_id": null,
            "start_time": "2024-02-15T10:00:00Z", "end_time": null, "status": "RUNNING",
            "transfer_runs_total": 17, "transfer_runs_created": 17,
            "transfer_runs_completed": 10, "transfer_runs_failed": 0, "error_report": []
          },
          {
            "transfer_backfill_id": 12345, "transfer_id": 456788,
            "range_start_date": "2024-01-01", "range_end_date": "2024-01-14",
            "created_time": "2024-02-01T08:00:00Z", "created_user_id": 789,
            "removed_time": null, "removed_user_id": null,
            "start_time": null, "end_time": null, "status": "SCHEDULED",
            "transfer_runs_total": 14, "transfer_runs_created": 14,
            "transfer_runs_completed": 0, "transfer_runs_failed": 0, "error_report": []
          }
        ]"""));
  }

  @Test
  void listOfATeamWithoutIncompleteBackfillsIsAnEmptyArray() throws IOException {
    serve();

    Reply reply = get("/teams/1/backfills");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("data").isArray()).isTrue();
    assertThat(reply.json().get("data")).isEmpty();
  }

  @Test
  void listLeavesOutCompletedAndCancelledButKeepsFailedAndEarlierStates() throws IOException {
    serve();
    Instant longAgo = clock.instant().minus(Duration.ofDays(1));
    long completed = server.addBackfill(1, days(1, 3).createdAt(longAgo).build()).transferBackfillId();
    long cancelled = server.addBackfill(1, days(1, 3).createdAt(longAgo)
        .startAfter(Duration.ofDays(2)).cancelAfter(Duration.ofHours(1)).build()).transferBackfillId();
    long failed = server.addBackfill(1, days(1, 3).createdAt(longAgo).failRun(LocalDate.of(2024, 1, 2), "x")
        .build()).transferBackfillId();
    long created = server.addBackfill(1, days(1, 3).scheduleAfter(Duration.ofHours(1))
        .startAfter(Duration.ofHours(1)).build()).transferBackfillId();
    long scheduled = server.addBackfill(1, days(1, 3).startAfter(Duration.ofHours(1)).build()).transferBackfillId();
    long running = server.addBackfill(1, days(1, 3).runDuration(Duration.ofHours(1)).build()).transferBackfillId();

    JsonNode data = get("/teams/1/backfills").json().get("data");

    assertThat(ids(data)).containsExactlyInAnyOrder(failed, created, scheduled, running);
    assertThat(ids(data)).doesNotContain(completed, cancelled);
  }

  @Test
  void listIsNewestFirstWithTiesBrokenByHigherId() throws IOException {
    serve();
    Instant t = Instant.parse("2024-02-01T10:00:00Z");
    FakeBackfill.Builder slow = days(1, 31).runDuration(Duration.ofDays(1));
    server.addBackfill(1, slow.id(5).createdAt(t).build());
    server.addBackfill(1, slow.id(9).createdAt(t.minusSeconds(60)).build());
    server.addBackfill(1, slow.id(7).createdAt(t).build());
    server.addBackfill(1, slow.id(3).createdAt(t.plusSeconds(60)).build());

    assertThat(ids(get("/teams/1/backfills").json().get("data"))).containsExactly(3L, 7L, 5L, 9L);
  }

  @Test
  void listShowsOnlyTheRequestedTeam() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).grant("t", 1, 2));
    long mine = server.addBackfill(1, days(1, 31).build()).transferBackfillId();
    long theirs = server.addBackfill(2, days(1, 31).build()).transferBackfillId();

    assertThat(ids(get("/teams/1/backfills", "t").json().get("data"))).containsExactly(mine);
    assertThat(ids(get("/teams/2/backfills", "t").json().get("data"))).containsExactly(theirs);
  }

  // ---------------------------------------------------------------------------------------------------
  // Progress over time

  @Test
  void aBackfillMovesFromCreatedThroughScheduledAndRunningToCompleted() throws IOException {
    serve();
    long id = server.addBackfill(1, days(1, 10)
        .scheduleAfter(Duration.ofMinutes(5))
        .startAfter(Duration.ofMinutes(10))
        .runDuration(Duration.ofMinutes(1))
        .build()).transferBackfillId();
    String path = "/teams/1/backfills/" + id;

    assertThat(get(path).json().at("/data/status").asText()).isEqualTo("CREATED");
    clock.advance(Duration.ofMinutes(5));
    assertThat(get(path).json().at("/data/status").asText()).isEqualTo("SCHEDULED");
    assertThat(get(path).json().at("/data/transfer_runs_created").asInt()).isEqualTo(10);
    clock.advance(Duration.ofMinutes(8));
    JsonNode running = get(path).json().get("data");
    assertThat(running.get("status").asText()).isEqualTo("RUNNING");
    assertThat(running.get("transfer_runs_completed").asInt()).isEqualTo(3);
    assertThat(running.get("start_time").asText()).isEqualTo("2024-02-01T10:37:30Z");
    clock.advance(Duration.ofMinutes(7));
    JsonNode done = get(path).json().get("data");
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("transfer_runs_completed").asInt()).isEqualTo(10);
    assertThat(done.get("end_time").asText()).isEqualTo("2024-02-01T10:47:30Z");
  }

  @Test
  void failedRunsEndInFailedWithAnErrorReportEntryEach() throws IOException {
    serve();
    long id = server.addBackfill(1, days(1, 4)
        .failRun(LocalDate.of(2024, 1, 2), "Connection timeout to data source")
        .failRun(LocalDate.of(2024, 1, 4), "Quota exceeded")
        .build()).transferBackfillId();

    clock.advance(Duration.ofSeconds(4));
    JsonNode data = get("/teams/1/backfills/" + id).json().get("data");

    assertThat(data.get("status").asText()).isEqualTo("FAILED");
    assertThat(data.get("transfer_runs_completed").asInt()).isEqualTo(2);
    assertThat(data.get("transfer_runs_failed").asInt()).isEqualTo(2);
    assertThat(data.get("end_time").asText()).isEqualTo("2024-02-01T10:27:34Z");
    assertThat(data.get("error_report")).isEqualTo(parse("""
        [{"transfer_run_date": "2024-01-02", "error": "Connection timeout to data source"},
         {"transfer_run_date": "2024-01-04", "error": "Quota exceeded"}]"""));
  }

  @Test
  void cancelAfterShowsCancelledWithRemovalTimeAndUserByIdOnly() throws IOException {
    serve();
    long id = server.addBackfill(1, days(1, 10).createdUserId(790).runDuration(Duration.ofMinutes(1))
        .cancelAfter(Duration.ofMinutes(3)).build()).transferBackfillId();

    clock.advance(Duration.ofMinutes(30));
    JsonNode data = get("/teams/1/backfills/" + id).json().get("data");

    assertThat(data.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(data.get("removed_time").asText()).isEqualTo("2024-02-01T10:30:30Z");
    assertThat(data.get("removed_user_id").asLong()).isEqualTo(790);
    assertThat(data.get("transfer_runs_completed").asInt()).isEqualTo(3);
    assertThat(get("/teams/1/backfills").json().get("data")).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------
  // The test-facing API

  @Test
  void addBackfillAssignsIncreasingIdsFrom1001AndSkipsTakenOnes() {
    serve();
    server.addBackfill(1, days(1, 1).id(1002).build());

    assertThat(server.addBackfill(1, days(1, 1).build()).transferBackfillId()).isEqualTo(1001);
    assertThat(server.addBackfill(1, days(1, 1).build()).transferBackfillId()).isEqualTo(1003);
    assertThat(server.addBackfill(2, days(1, 1).build()).transferBackfillId()).isEqualTo(1004);
  }

  @Test
  void addBackfillRefusesAnIdThatIsTakenInAnyTeam() {
    serve();
    server.addBackfill(1, days(1, 1).id(7).build());

    assertThatThrownBy(() -> server.addBackfill(2, days(1, 1).id(7).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("7");
    assertThatThrownBy(() -> server.addBackfill(0, days(1, 1).build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addBackfillReturnsTheStateNowCreatedAtTheClocksNowByDefault() {
    serve();

    Backfill added = server.addBackfill(1, days(1, 5).startAfter(Duration.ofMinutes(1)).build());

    assertThat(added.createdTime()).isEqualTo(clock.instant());
    assertThat(added.status()).isEqualTo(BackfillStatus.SCHEDULED);
    assertThat(server.backfill(1, added.transferBackfillId())).contains(added);
  }

  @Test
  void backfillFollowsTheClockAndIsEmptyForAnotherTeamOrUnknownId() {
    serve();
    long id = server.addBackfill(1, days(1, 5).build()).transferBackfillId();

    clock.advance(Duration.ofMinutes(1));

    assertThat(server.backfill(1, id).orElseThrow().status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(server.backfill(2, id)).isEmpty();
    assertThat(server.backfill(1, id + 1)).isEmpty();
  }

  @Test
  void baseUrlIsTheLoopbackV1RootWithoutTrailingSlash() {
    serve();

    assertThat(server.baseUrl()).matches("^http://127\\.0\\.0\\.1:[0-9]+/v1$");
    assertThat(server.toString()).contains(server.baseUrl());
  }

  // ---------------------------------------------------------------------------------------------------
  // Errors in their documented order

  @Test
  void missingTokenIsAnsweredWithTheDocumented401() throws IOException {
    serve();

    Reply reply = get("/teams/1/backfills", null);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.error()).isEqualTo(parse("""
        {"code": "ACCESS_TOKEN_INVALID", "message": "Invalid Access Token",
         "description": "Provided access token is either missing, invalid or expired."}"""));
    assertThat(reply.json().at("/meta/request_id").asText()).matches(REQUEST_ID_PATTERN);
  }

  @Test
  void wrongTokenIs401AndTheTokenIsNeverEchoed() throws IOException {
    serve();
    String secret = "sk_live_wrongtoken_0123456789";

    Reply reply = get("/teams/1/backfills/5", secret);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.error().get("code").asText()).isEqualTo("ACCESS_TOKEN_INVALID");
    assertThat(reply.body()).doesNotContain(secret);
    assertThat(reply.headers().toString()).doesNotContain(secret);
    assertThat(server.requestLog()).noneMatch(line -> line.contains(secret));
  }

  @Test
  void onlyTheBearerSchemeIsAcceptedInAnyLetterCase() throws IOException {
    serve();

    Reply basic = send(request("/teams/1/backfills").header("Authorization", "Basic fake-token").build());
    Reply bare = send(request("/teams/1/backfills").header("Authorization", "fake-token").build());
    Reply empty = send(request("/teams/1/backfills").header("Authorization", "Bearer ").build());
    Reply lower = send(request("/teams/1/backfills").header("Authorization", "bearer fake-token").build());

    assertThat(basic.status()).isEqualTo(401);
    assertThat(bare.status()).isEqualTo(401);
    assertThat(empty.status()).isEqualTo(401);
    assertThat(lower.status()).isEqualTo(200);
  }

  @Test
  void a401CarriesRateLimitHeadersOfItsOwnWithoutSpendingTheRealTokensBudget() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(5)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));

    Reply first = get("/teams/1/backfills", "nope");
    Reply second = get("/teams/1/backfills", "nope");
    Reply real = get("/teams/1/backfills");

    assertThat(first.header("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("4");
    assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("3");
    assertThat(real.header("X-RateLimit-Remaining")).isEqualTo("4");
  }

  @Test
  void theDefaultTokenOnlyWorksWhenNothingIsGranted() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).grant("alice", 1));

    assertThat(get("/teams/1/backfills", FakeBackfillsServer.DEFAULT_TOKEN).status()).isEqualTo(401);
    assertThat(get("/teams/1/backfills", "alice").status()).isEqualTo(200);
  }

  @Test
  void aTeamNotGrantedToTheTokenIsTheDocumented403() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).grant("alice", 1).grant("bob", 2));
    long bobs = server.addBackfill(2, days(1, 3).build()).transferBackfillId();

    Reply list = get("/teams/2/backfills", "alice");
    Reply one = get("/teams/2/backfills/" + bobs, "alice");

    assertThat(list.status()).isEqualTo(403);
    assertThat(one.status()).isEqualTo(403);
    assertThat(one.error()).isEqualTo(parse("""
        {"code": "ACCESS_DENIED", "message": "Access Denied",
         "description": "You do not have permission to perform this operation."}"""));
  }

  @Test
  void grantingATokenAgainAddsTeamsAndATokenWithoutTeamsGets403() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).grant("alice", 1).grant("alice", 2).grant("nobody"));

    assertThat(get("/teams/1/backfills", "alice").status()).isEqualTo(200);
    assertThat(get("/teams/2/backfills", "alice").status()).isEqualTo(200);
    assertThat(get("/teams/1/backfills", "nobody").status()).isEqualTo(403);
  }

  @Test
  void anUnknownBackfillIsTheDocumented404() throws IOException {
    serve();

    Reply reply = get("/teams/1/backfills/999999");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).isEqualTo(parse("""
        {"code": "NOT_FOUND", "message": "Not Found",
         "description": "The requested backfill could not be found or you do not have access to it."}"""));
  }

  @Test
  void anotherTeamsBackfillIs404EvenWhenThatTeamIsReadable() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).grant("t", 1, 2));
    long teamTwos = server.addBackfill(2, days(1, 3).build()).transferBackfillId();

    assertThat(get("/teams/1/backfills/" + teamTwos, "t").status()).isEqualTo(404);
    assertThat(get("/teams/2/backfills/" + teamTwos, "t").status()).isEqualTo(200);
  }

  @Test
  void idsThatAreNotPositiveLongsAre400BeforeAuthentication() throws IOException {
    serve();

    for (String path : List.of("/teams/1/backfills/abc", "/teams/1/backfills/0", "/teams/1/backfills/-5",
        "/teams/1/backfills/9223372036854775808", "/teams/x/backfills", "/teams/0/backfills/1",
        "/teams/1/backfills/1.5", "/teams/%31/backfills")) {
      Reply reply = get(path, null);
      assertThat(reply.status()).as(path).isEqualTo(400);
      assertThat(reply.error().get("code").asText()).as(path).isEqualTo("BAD_REQUEST");
      assertThat(reply.header("X-RateLimit-Limit")).as(path).isNull();
    }
    assertThat(get("/teams/1/backfills/abc", null).error().get("description").asText()).contains("backfill_id");
    assertThat(get("/teams/x/backfills", null).error().get("description").asText()).contains("team_id");
    assertThat(get("/teams/1/backfills/9223372036854775807").status()).isEqualTo(404);
  }

  @Test
  void pathsOutsideTheTwoOperationsAre404BeforeAuthentication() throws IOException {
    serve();
    String root = server.baseUrl().substring(0, server.baseUrl().length() - "/v1".length());

    for (String path : List.of("/v1", "/v1/teams/1", "/v1/teams/1/backfills/", "/v1/teams/1/backfills/1/runs",
        "/v2/teams/1/backfills", "/", "/v1/teams/1/backfill", "/v1/teams//backfills")) {
      Reply reply = send(new Request.Builder().url(root + path).build());
      assertThat(reply.status()).as(path).isEqualTo(404);
      assertThat(reply.error().get("code").asText()).as(path).isEqualTo("NOT_FOUND");
    }
  }

  @Test
  void aMethodThePathDoesNotAllowIs405WithThePathsAllowBeforeAuthentication() throws IOException {
    serve();
    RequestBody json = RequestBody.create("{}", MediaType.get("application/json"));

    Reply postToList = send(request("/teams/1/backfills").post(json).build());
    Reply deleteBackfill = send(request("/teams/1/backfills/5").delete().build());
    Reply getCreate = send(request("/teams/1/transfers/5/backfills").build());
    Reply postLatest = send(request("/teams/1/transfers/5/backfills/latest").post(json).build());
    Reply head = send(request("/teams/1/backfills").head().build());

    assertThat(List.of(postToList, deleteBackfill, getCreate, postLatest, head)).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("X-RateLimit-Limit")).isNull();
    });
    assertThat(postToList.header("Allow")).isEqualTo("GET");
    assertThat(deleteBackfill.header("Allow")).isEqualTo("GET, PATCH");
    assertThat(getCreate.header("Allow")).isEqualTo("POST");
    assertThat(postLatest.header("Allow")).isEqualTo("GET");
    assertThat(postToList.error().get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(head.bytes()).isEmpty();
    assertThat(server.requestLog()).allMatch(line -> line.endsWith("-> 405"));
  }

  @Test
  void anyMethodOnAPathOfNoOperationIs404() throws IOException {
    serve();

    Reply delete = send(request("/no/such/path").delete().build());

    assertThat(delete.status()).isEqualTo(404);
    assertThat(delete.header("Allow")).isNull();
  }

  // ---------------------------------------------------------------------------------------------------
  // Rate limit

  @Test
  void everyAnswerAfterTheBudgetCheckReportsTheRemainingBudgetWhenAskedTo() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(10)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));

    for (int remaining = 9; remaining >= 7; remaining--) {
      Reply reply = get("/teams/1/backfills");
      assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("10");
      assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
    }
  }

  @Test
  void theDefaultBudgetIsTenThousandTheLargestTheVendorDocuments() throws IOException {
    serve();
    get("/teams/1/backfills");
    server.failNext(1, 500);

    Reply reply = get("/teams/1/backfills");

    assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("10000");
    assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo("9998");
  }

  @Test
  void forbiddenAndNotFoundAnswersSpendBudgetToo() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(10)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));

    assertThat(get("/teams/2/backfills").header("X-RateLimit-Remaining")).isEqualTo("9");
    assertThat(get("/teams/1/backfills/42").header("X-RateLimit-Remaining")).isEqualTo("8");
  }

  @Test
  void aSpentBudgetIs429WithRetryAfterUntilTheWindowResetsAndDoesNotSpendMore() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(2)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));
    get("/teams/1/backfills");
    assertThat(get("/teams/1/backfills").header("X-RateLimit-Remaining")).isEqualTo("0");

    Reply limited = get("/teams/1/backfills");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error()).isEqualTo(parse("""
        {"code": "TOO_MANY_REQUESTS", "message": "Rate limit exceeded. Retry later."}"""));
    assertThat(limited.header("Retry-After")).isEqualTo("3600");
    assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("2");
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");

    clock.advance(Duration.ofMinutes(10).plusMillis(500));
    assertThat(get("/teams/1/backfills").header("Retry-After")).isEqualTo("3000");

    clock.advance(Duration.ofMinutes(49).plusSeconds(59).plusMillis(400));
    assertThat(get("/teams/1/backfills").header("Retry-After")).isEqualTo("1");

    clock.advance(Duration.ofMillis(100));
    Reply reset = get("/teams/1/backfills");
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.header("X-RateLimit-Remaining")).isEqualTo("1");
  }

  @Test
  void eachTokenHasItsOwnBudget() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(1).grant("alice", 1).grant("bob", 1));

    assertThat(get("/teams/1/backfills", "alice").status()).isEqualTo(200);
    assertThat(get("/teams/1/backfills", "alice").status()).isEqualTo(429);
    assertThat(get("/teams/1/backfills", "bob").status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------------------------
  // Injected faults

  @Test
  void failNextAnswersTheNextRequestsWithTheDocumented500ThenRecovers() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(100)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));
    server.failNext(2, 500);

    Reply first = get("/teams/1/backfills");
    Reply second = get("/teams/1/backfills");
    Reply third = get("/teams/1/backfills");

    assertThat(first.status()).isEqualTo(500);
    assertThat(first.error()).isEqualTo(parse("""
        {"code": "INTERNAL_SERVER_ERROR", "message": "An unexpected error occurred."}"""));
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("99");
    assertThat(second.status()).isEqualTo(500);
    assertThat(third.status()).isEqualTo(200);
    assertThat(third.header("X-RateLimit-Remaining")).isEqualTo("97");
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void failNextUsesTheGatewayCodesAndA429WithRetryAfterOne() throws IOException {
    serve();

    server.failNext(1, 502);
    Reply badGateway = get("/teams/1/backfills");
    server.failNext(1, 503);
    Reply unavailable = get("/teams/1/backfills");
    server.failNext(1, 504);
    Reply timeout = get("/teams/1/backfills");
    server.failNext(1, 429);
    Reply limited = get("/teams/1/backfills");

    assertThat(badGateway.status()).isEqualTo(502);
    assertThat(badGateway.error().get("code").asText()).isEqualTo("BAD_GATEWAY");
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.error().get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
    assertThat(timeout.status()).isEqualTo(504);
    assertThat(timeout.error().get("code").asText()).isEqualTo("GATEWAY_TIMEOUT");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.error().get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(limited.header("Retry-After")).isEqualTo("1");
  }

  @Test
  void failNextOnlyCountsRequestsThatPassAuthentication() throws IOException {
    serve();
    server.failNext(1, 500);

    assertThat(get("/teams/1/backfills", null).status()).isEqualTo(401);
    assertThat(get("/teams/1/backfills/abc").status()).isEqualTo(400);
    assertThat(get("/teams/1/backfills").status()).isEqualTo(500);
    assertThat(get("/teams/1/backfills").status()).isEqualTo(200);
  }

  @Test
  void failNextWithZeroCancelsAndRefusesNonErrorStatuses() throws IOException {
    serve();
    server.failNext(3, 503);
    server.failNext(0, 503);

    assertThat(get("/teams/1/backfills").status()).isEqualTo(200);
    assertThatThrownBy(() -> server.failNext(1, 200)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.failNext(-1, 500)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void failNextAcceptsOtherErrorStatusesWithAMatchingOrGenericCode() throws IOException {
    serve();

    server.failNext(1, 409);
    Reply conflict = get("/teams/1/backfills");
    server.failNext(1, 418);
    Reply teapot = get("/teams/1/backfills");

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.error().get("code").asText()).isEqualTo("CONFLICT_ERROR");
    assertThat(teapot.status()).isEqualTo(418);
    assertThat(teapot.error().get("code").asText()).isEqualTo("ERROR_418");
    assertThat(teapot.json().at("/meta/request_id").asText()).matches(REQUEST_ID_PATTERN);
  }

  @Test
  void randomFaultsAreTheSameForTheSameSeed() throws IOException {
    List<Integer> firstRun = statuses(FakeBackfillsServer.builder().randomFaults(0.3, 0.3, 42), 60);
    List<Integer> secondRun = statuses(FakeBackfillsServer.builder().randomFaults(0.3, 0.3, 42), 60);

    assertThat(firstRun).isEqualTo(secondRun);
    assertThat(firstRun).contains(200, 429, 500);
  }

  @Test
  void randomFaultsAtCertaintyAlwaysFail() throws IOException {
    assertThat(statuses(FakeBackfillsServer.builder().randomFaults(1, 0, 1), 5)).containsOnly(500);
    assertThat(statuses(FakeBackfillsServer.builder().randomFaults(0, 1, 1), 5)).containsOnly(429);
    assertThat(get("/teams/1/backfills").header("Retry-After")).isEqualTo("1");
  }

  private List<Integer> statuses(FakeBackfillsServer.Builder builder, int requests) throws IOException {
    serve(builder.clock(clock).rateLimitPerHour(1000));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      statuses.add(get("/teams/1/backfills").status());
    }
    return statuses;
  }

  // ---------------------------------------------------------------------------------------------------
  // Common headers, ids, observation

  @Test
  void everyAnswerHasJsonTypeCorsAndAnExactContentLength() throws IOException {
    serve();
    server.addBackfill(1, days(1, 31).build());
    RequestBody empty = RequestBody.create(new byte[0], null);

    List<Reply> replies = List.of(
        get("/teams/1/backfills"),
        get("/teams/1/backfills/1001"),
        get("/teams/1/backfills", null),
        get("/teams/2/backfills"),
        get("/teams/1/backfills/5"),
        get("/teams/1/backfills/x"),
        get("/nowhere"),
        send(request("/teams/1/backfills").put(empty).build()));

    for (Reply r : replies) {
      assertThat(r.header("Content-Type")).as("status %s", r.status()).isEqualTo("application/json");
      assertThat(r.header("Access-Control-Allow-Origin")).as("status %s", r.status()).isEqualTo("*");
      assertThat(r.header("Content-Length")).as("status %s", r.status()).isEqualTo(Integer.toString(r.bytes().length));
      assertThat(r.header("Transfer-Encoding")).isNull();
    }
  }

  @Test
  void requestIdsAreUniqueAndWithinTheDocumentedShape() throws IOException {
    serve();
    Set<String> seen = new HashSet<>();

    for (int i = 0; i < 20; i++) {
      Reply r = i % 2 == 0 ? get("/teams/1/backfills") : get("/teams/1/backfills/5", "bad");
      String id = r.json().at("/meta/request_id").asText();
      assertThat(id).matches(REQUEST_ID_PATTERN);
      assertThat(seen.add(id)).as("unique: %s", id).isTrue();
    }
  }

  @Test
  void requestLogHasOneLinePerRequestWithoutAnyHeaderValue() throws IOException {
    serve();
    get("/teams/1/backfills");
    get("/teams/1/backfills/77?token=x", null);
    send(request("/teams/1/backfills").delete().build());

    List<String> log = server.requestLog();

    assertThat(log).containsExactly(
        "GET /v1/teams/1/backfills -> 200",
        "GET /v1/teams/1/backfills/77 -> 401",
        "DELETE /v1/teams/1/backfills -> 405");
    assertThat(String.join("\n", log)).doesNotContain(FakeBackfillsServer.DEFAULT_TOKEN);
    assertThatThrownBy(() -> log.add("x")).isInstanceOf(UnsupportedOperationException.class);
    get("/teams/1/backfills");
    assertThat(log).hasSize(3);
  }

  @Test
  void requestCountCountsEveryRequestWhateverTheAnswer() throws IOException {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(1));

    get("/teams/1/backfills");
    get("/teams/1/backfills");
    get("/teams/1/backfills", null);
    get("/nowhere");
    send(request("/teams/1/backfills").delete().build());

    assertThat(server.requestCount()).isEqualTo(5);
  }

  @Test
  void delayedAnswersTripAClientReadTimeoutUntilTheDelayIsTurnedOff() throws IOException {
    serve();
    OkHttpClient impatient = http.newBuilder().readTimeout(Duration.ofMillis(200)).build();
    OkHttpClient patient = http.newBuilder().readTimeout(Duration.ofSeconds(10)).build();
    Request list = request("/teams/1/backfills").header("Authorization", "Bearer fake-token").build();

    server.delayResponses(Duration.ofSeconds(30));
    assertThatThrownBy(() -> send(impatient, list)).isInstanceOf(InterruptedIOException.class);

    server.delayResponses(Duration.ZERO);
    assertThat(send(patient, list).status()).isEqualTo(200);
    assertThatThrownBy(() -> server.delayResponses(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void servesManyConcurrentClientsWhileBackfillsAreAdded() throws Exception {
    serve(FakeBackfillsServer.builder().clock(clock).rateLimitPerHour(10_000));
    ExecutorService pool = Executors.newFixedThreadPool(33);
    try {
      List<Callable<List<String>>> clients = new ArrayList<>();
      for (int c = 0; c < 32; c++) {
        clients.add(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            Reply r = get("/teams/1/backfills");
            assertThat(r.status()).isEqualTo(200);
            ids.add(r.json().at("/meta/request_id").asText());
          }
          return ids;
        });
      }
      Future<?> adder = pool.submit(() -> {
        for (int i = 0; i < 50; i++) {
          server.addBackfill(1, days(1, 31).build());
        }
      });
      Set<String> requestIds = new HashSet<>();
      for (Future<List<String>> f : pool.invokeAll(clients, 60, TimeUnit.SECONDS)) {
        requestIds.addAll(f.get());
      }
      adder.get(60, TimeUnit.SECONDS);

      assertThat(requestIds).hasSize(160);
      assertThat(server.requestCount()).isEqualTo(160);
      assertThat(get("/teams/1/backfills").json().get("data")).hasSize(50);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void workerThreadsAreNamedAfterTheFake() throws IOException {
    serve();
    get("/teams/1/backfills");

    assertThat(Thread.getAllStackTraces().keySet())
        .anySatisfy(t -> assertThat(t.getName()).startsWith("fake-backfills-"));
  }

  @Test
  void closeIsIdempotentAndFreesThePort() throws IOException {
    serve();
    get("/teams/1/backfills");
    int port = URI.create(server.baseUrl()).getPort();
    http.connectionPool().evictAll();

    server.close();
    server.close();

    assertThatThrownBy(() -> get("/teams/1/backfills")).isInstanceOf(IOException.class);
    try (ServerSocket reuse = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(reuse.getLocalPort()).isEqualTo(port);
    }
    assertThat(server.toString()).contains("closed");
  }

  @Test
  void startGivesTheDefaultTokenTeamBudgetAndHeaderMode() throws IOException {
    server = FakeBackfillsServer.start();

    Reply ok = get("/teams/" + FakeBackfillsServer.DEFAULT_TEAM_ID + "/backfills");
    Reply unauthorized = get("/teams/1/backfills", null);

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("X-RateLimit-Limit")).isNull();
    assertThat(unauthorized.header("X-RateLimit-Limit")).isEqualTo("10000");
  }

  @Test
  void aFailureInsideTheFakeIsStillAWellFormed500() throws IOException {
    Clock broken = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        throw new IllegalStateException("clock is broken");
      }
    };
    serve(FakeBackfillsServer.builder().clock(broken));

    Reply reply = get("/teams/1/backfills");

    assertThat(reply.status()).isEqualTo(500);
    assertThat(reply.error().get("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
    assertThat(server.requestLog()).containsExactly("GET /v1/teams/1/backfills -> 500");
  }

  @Test
  void setsNoJvmWideProperty() {
    serve();

    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isNull();
  }

  // ---------------------------------------------------------------------------------------------------
  // Builder validation

  @Test
  void builderRefusesABudgetBelowOneAndRatesOutsideZeroToOne() {
    FakeBackfillsServer.Builder b = FakeBackfillsServer.builder();

    assertThatThrownBy(() -> b.rateLimitPerHour(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.randomFaults(-0.1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.randomFaults(0, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.randomFaults(Double.NaN, 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderRefusesUnusableTokensWithoutRepeatingThem() {
    FakeBackfillsServer.Builder b = FakeBackfillsServer.builder();

    for (String bad : List.of("", "two words", "tab\there", "nön-ascii", "line\nbreak")) {
      assertThatThrownBy(() -> b.grant(bad, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad.isEmpty() ? "\u0000" : bad));
    }
    assertThatThrownBy(() -> b.grant("ok", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
