package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API's rules without a socket: requests built in memory, answered by {@link FakeApi}, for the three
 * writes and reads the vendor's description adds (create, latest, cancel), users and scopes, and which
 * answers carry the rate-limit headers.
 */
class FakeApiTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TOKEN = FakeBackfillsServer.DEFAULT_TOKEN;
  private static final long TRANSFER = 456789;
  private static final String CREATE = "/v1/teams/1/transfers/456789/backfills";
  private static final String JANUARY = "{\"range_start\":\"2024-01-01\",\"range_end\":\"2024-01-31\"}";
  private static final String CANCEL = "{\"status\":\"CANCELLED\"}";

  private final ManualClock clock = new ManualClock(Instant.parse("2024-02-01T10:00:00Z"));

  private FakeApi api() {
    return api(FakeBackfillsServer.builder());
  }

  private FakeApi api(FakeBackfillsServer.Builder builder) {
    FakeApi api = builder.clock(clock).api();
    api.store().addTransfer(1, TRANSFER);
    return api;
  }

  private static ApiAnswer call(FakeApi api, String method, String path, String token, String json) {
    Map<String, String> headers = new HashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (json != null) {
      headers.put("Content-Type", "application/json; charset=utf-8");
    }
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    return api.answer(new ApiRequest(method, path, headers, body));
  }

  private static ApiAnswer get(FakeApi api, String path) {
    return call(api, "GET", path, TOKEN, null);
  }

  private static ApiAnswer create(FakeApi api, String json) {
    return call(api, "POST", CREATE, TOKEN, json);
  }

  private static ApiAnswer cancel(FakeApi api, long id) {
    return call(api, "PATCH", "/v1/teams/1/backfills/" + id, TOKEN, CANCEL);
  }

  private static JsonNode json(ApiAnswer answer) {
    try {
      return MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(answer.body(), StandardCharsets.UTF_8), e);
    }
  }

  private static JsonNode data(ApiAnswer answer) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    return json(answer).get("data");
  }

  private static String range(int firstDay, int lastDay) {
    return "{\"range_start\":\"2024-01-%02d\",\"range_end\":\"2024-01-%02d\"}".formatted(firstDay, lastDay);
  }

  private static FakeBackfill.Builder days(int first, int last) {
    return FakeBackfill.builder(LocalDate.of(2024, 1, first), LocalDate.of(2024, 1, last)).transferId(TRANSFER);
  }

  // ---------------------------------------------------------------------------------------------------
  // Create

  @Test
  void createAnswersTheNewBackfillCreatedByTheCallersUser() {
    FakeApi api = api();

    JsonNode created = data(create(api, JANUARY));

    assertThat(created.get("status").asText()).isEqualTo("CREATED");
    assertThat(created.get("transfer_id").asLong()).isEqualTo(TRANSFER);
    assertThat(created.get("range_start_date").asText()).isEqualTo("2024-01-01");
    assertThat(created.get("range_end_date").asText()).isEqualTo("2024-01-31");
    assertThat(created.get("created_time").asText()).isEqualTo("2024-02-01T10:00:00Z");
    assertThat(created.get("created_user_id").asLong()).isEqualTo(FakeBackfillsServer.DEFAULT_USER_ID);
    assertThat(created.get("transfer_runs_total").asInt()).isEqualTo(31);
    assertThat(created.get("transfer_runs_created").asInt()).isZero();
    assertThat(created.get("start_time").isNull()).isTrue();
    assertThat(api.store().createdCount()).isEqualTo(1);
  }

  @Test
  void aCreatedBackfillFollowsTheDefaultPlanToCompletedWithinMinutes() {
    FakeApi api = api();
    long id = data(create(api, JANUARY)).get("transfer_backfill_id").asLong();
    String path = "/v1/teams/1/backfills/" + id;

    clock.advance(Duration.ofSeconds(20));
    assertThat(data(get(api, path)).get("status").asText()).isEqualTo("SCHEDULED");
    clock.advance(Duration.ofSeconds(20));
    assertThat(data(get(api, path)).get("status").asText()).isEqualTo("RUNNING");
    clock.advance(Duration.ofMinutes(2));
    JsonNode done = data(get(api, path));
    assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.get("transfer_runs_completed").asInt()).isEqualTo(31);
  }

  @Test
  void createdBackfillPlanShapesEveryCreatedBackfillButNotItsIdentity() {
    FakeApi api = api(FakeBackfillsServer.builder().createdBackfillPlan(plan -> plan
        .startAfter(Duration.ofHours(1)).scheduleAfter(Duration.ofHours(1)).transferId(5).createdUserId(5)));

    JsonNode created = data(create(api, JANUARY));
    clock.advance(Duration.ofMinutes(59));

    assertThat(created.get("transfer_id").asLong()).isEqualTo(TRANSFER);
    assertThat(created.get("created_user_id").asLong()).isEqualTo(FakeBackfillsServer.DEFAULT_USER_ID);
    assertThat(data(get(api, "/v1/teams/1/backfills/" + created.get("transfer_backfill_id").asLong()))
        .get("status").asText()).isEqualTo("CREATED");
  }

  @Test
  void aCreatedBackfillPlanThatThrowsAnswers500AndCreatesNothing() {
    FakeApi api = api(FakeBackfillsServer.builder().createdBackfillPlan(plan -> {
      throw new IllegalStateException("a bug in the test's plan");
    }));

    assertThat(create(api, JANUARY).status()).isEqualTo(500);
    assertThat(api.store().createdCount()).isZero();
  }

  @Test
  void createForATransferTheTeamDoesNotHaveIs404() {
    FakeApi api = api();

    ApiAnswer answer = call(api, "POST", "/v1/teams/1/transfers/5/backfills", TOKEN, JANUARY);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(json(answer).at("/error/description").asText()).contains("transfer");
  }

  @Test
  void addBackfillGivesTheTeamItsPlansTransfer() {
    FakeApi api = api(FakeBackfillsServer.builder().grant(TOKEN, 1, 2));
    api.store().add(1, days(1, 2).transferId(77).build());

    assertThat(call(api, "POST", "/v1/teams/1/transfers/77/backfills", TOKEN, range(5, 6)).status()).isEqualTo(200);
    assertThat(call(api, "POST", "/v1/teams/2/transfers/77/backfills", TOKEN, range(5, 6)).status()).isEqualTo(404);
  }

  @Test
  void createBodiesThatAreNotTheDocumentedObjectAre400NamingTheProblem() {
    FakeApi api = api();
    Map<String, String> bodies = Map.of(
        "", "JSON object",
        "{", "not valid JSON",
        "[1]", "JSON object",
        "{\"range_end\":\"2024-01-31\"}", "'range_start' is required",
        "{\"range_start\":\"2024-01-01\"}", "'range_end' is required",
        "{\"range_start\":\"2024/01/01\",\"range_end\":\"2024-01-31\"}", "'range_start' must be a date",
        "{\"range_start\":20240101,\"range_end\":\"2024-01-31\"}", "'range_start' must be a date",
        "{\"range_start\":\"2024-02-30\",\"range_end\":\"2024-03-01\"}", "not a date of the calendar",
        JANUARY + " {}", "nothing after it");

    bodies.forEach((body, problem) -> {
      ApiAnswer answer = create(api, body);
      assertThat(answer.status()).as(body).isEqualTo(400);
      assertThat(json(answer).at("/error/code").asText()).as(body).isEqualTo("BAD_REQUEST");
      assertThat(json(answer).at("/error/description").asText()).as(body).contains(problem);
    });
    assertThat(api.store().createdCount()).isZero();
  }

  @Test
  void aCreateWithoutTheJsonContentTypeIs400() {
    FakeApi api = api();
    Map<String, String> headers = Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "text/plain");

    ApiAnswer answer = api.answer(new ApiRequest("POST", CREATE, headers, JANUARY.getBytes(StandardCharsets.UTF_8)));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(json(answer).at("/error/description").asText()).contains("application/json");
  }

  @Test
  void aStartAfterTheEndIs400BecauseTheParameterIsInvalid() {
    FakeApi api = api();

    ApiAnswer answer = create(api, range(20, 10));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(json(answer).at("/error/description").asText()).contains("is after 'range_end'");
  }

  @Test
  void aRangeOverlappingACreatedScheduledOrRunningBackfillIs422SayingItOverlaps() {
    FakeApi api = api();
    api.store().add(1, days(1, 10).scheduleAfter(Duration.ofHours(1)).startAfter(Duration.ofHours(1)).build());
    api.store().add(1, days(11, 20).startAfter(Duration.ofHours(1)).build());
    api.store().add(1, days(21, 31).runDuration(Duration.ofHours(1)).build());

    for (String overlapping : List.of(range(10, 10), range(15, 16), range(31, 31), range(1, 31))) {
      ApiAnswer answer = create(api, overlapping);
      assertThat(answer.status()).as(overlapping).isEqualTo(422);
      assertThat(json(answer).at("/error/message").asText()).as(overlapping).contains("overlaps");
    }
    assertThat(api.store().createdCount()).isZero();
  }

  @Test
  void aRangeOverlappingOnlyFailedCompletedOrCancelledBackfillsIsCreated() {
    FakeApi api = api();
    Instant longAgo = clock.instant().minus(Duration.ofDays(1));
    api.store().add(1, days(1, 10).createdAt(longAgo).failRun(LocalDate.of(2024, 1, 2), "boom").build());
    api.store().add(1, days(1, 10).createdAt(longAgo).build());
    api.store().add(1, days(1, 10).createdAt(longAgo).startAfter(Duration.ofDays(2))
        .cancelAfter(Duration.ofMinutes(1)).build());

    assertThat(create(api, range(1, 10)).status()).isEqualTo(200);
  }

  @Test
  void rangesThatOnlyTouchOrBelongToAnotherTransferDoNotOverlap() {
    FakeApi api = api();
    api.store().addTransfer(1, 5);
    data(create(api, range(1, 15)));

    assertThat(create(api, range(16, 31)).status()).isEqualTo(200);
    assertThat(call(api, "POST", "/v1/teams/1/transfers/5/backfills", TOKEN, range(1, 15)).status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------------------------------------------
  // Latest

  @Test
  void latestIsTheTransfersMostRecentlyCreatedBackfillWhateverItsStatus() {
    FakeApi api = api();
    long older = api.store().add(1, days(1, 2).createdAt(clock.instant().minusSeconds(60)).build())
        .transferBackfillId();
    long newest = api.store().add(1, days(3, 4).build()).transferBackfillId();
    api.store().add(1, days(5, 6).transferId(99).build());
    clock.advance(Duration.ofHours(1));

    JsonNode latest = data(get(api, CREATE + "/latest"));

    assertThat(latest.get("transfer_backfill_id").asLong()).isEqualTo(newest).isNotEqualTo(older);
    assertThat(latest.get("status").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void latestOfATransferWithoutBackfillsOrNotTheTeamsIs404() {
    FakeApi api = api();

    assertThat(get(api, CREATE + "/latest").status()).isEqualTo(404);
    assertThat(get(api, "/v1/teams/1/transfers/5/backfills/latest").status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------------------------------------------
  // Cancel

  @Test
  void cancelFreezesTheRunsAndRecordsTheEndAndTheRemovalByTheCaller() {
    FakeApi api = api(FakeBackfillsServer.builder().grant("ops", 1).user("ops", 790));
    long id = api.store().add(1, days(1, 10).runDuration(Duration.ofMinutes(1)).build()).transferBackfillId();
    clock.advance(Duration.ofMinutes(3).plusSeconds(30));

    JsonNode cancelled = data(call(api, "PATCH", "/v1/teams/1/backfills/" + id, "ops", CANCEL));
    clock.advance(Duration.ofHours(1));
    JsonNode later = data(call(api, "GET", "/v1/teams/1/backfills/" + id, "ops", null));

    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("end_time").asText()).isEqualTo("2024-02-01T10:03:30Z");
    assertThat(cancelled.get("removed_time").asText()).isEqualTo("2024-02-01T10:03:30Z");
    assertThat(cancelled.get("removed_user_id").asLong()).isEqualTo(790);
    assertThat(cancelled.get("transfer_runs_completed").asInt()).isEqualTo(3);
    assertThat(later).isEqualTo(cancelled);
    assertThat(data(call(api, "GET", "/v1/teams/1/backfills", "ops", null))).isEmpty();
  }

  @Test
  void aFailedBackfillCanBeCancelled() {
    FakeApi api = api();
    long id = api.store().add(1, days(1, 2).failRun(LocalDate.of(2024, 1, 1), "boom").build()).transferBackfillId();
    clock.advance(Duration.ofMinutes(1));

    JsonNode cancelled = data(cancel(api, id));

    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("transfer_runs_failed").asInt()).isEqualTo(1);
    assertThat(cancelled.get("error_report")).hasSize(1);
  }

  @Test
  void cancellingACompletedOrCancelledBackfillIs422() {
    FakeApi api = api();
    long completed = api.store().add(1, days(1, 2).build()).transferBackfillId();
    long running = api.store().add(1, days(1, 2).runDuration(Duration.ofHours(1)).build()).transferBackfillId();
    clock.advance(Duration.ofSeconds(10));
    data(cancel(api, running));

    for (long id : List.of(completed, running)) {
      ApiAnswer answer = cancel(api, id);
      assertThat(answer.status()).isEqualTo(422);
      assertThat(json(answer).at("/error/message").asText()).contains("final state");
    }
  }

  @Test
  void cancelBodiesOtherThanStatusCancelledAre400() {
    FakeApi api = api();
    long id = api.store().add(1, days(1, 2).runDuration(Duration.ofHours(1)).build()).transferBackfillId();

    for (String body : List.of("", "{}", "{\"status\":\"COMPLETED\"}", "{\"status\":null}", "\"CANCELLED\"",
        "{\"status\":\"cancelled\"}")) {
      ApiAnswer answer = call(api, "PATCH", "/v1/teams/1/backfills/" + id, TOKEN, body);
      assertThat(answer.status()).as(body).isEqualTo(400);
    }
    assertThat(api.store().get(1, id, clock.instant()).orElseThrow().status()).isEqualTo(BackfillStatus.RUNNING);
  }

  @Test
  void cancellingAnotherTeamsBackfillIs404() {
    FakeApi api = api(FakeBackfillsServer.builder().grant(TOKEN, 1, 2));
    long theirs = api.store().add(2, days(1, 2).runDuration(Duration.ofHours(1)).build()).transferBackfillId();

    assertThat(cancel(api, theirs).status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------------------------------------------
  // Tokens, users, scopes

  @Test
  void aReadOnlyTokenReadsButGets403OnEveryWrite() {
    FakeApi api = api(FakeBackfillsServer.builder().grantReadOnly("viewer", 1));
    long id = api.store().add(1, days(1, 2).runDuration(Duration.ofHours(1)).build()).transferBackfillId();

    ApiAnswer create = call(api, "POST", CREATE, "viewer", JANUARY);
    ApiAnswer cancel = call(api, "PATCH", "/v1/teams/1/backfills/" + id, "viewer", CANCEL);

    assertThat(call(api, "GET", "/v1/teams/1/backfills/" + id, "viewer", null).status()).isEqualTo(200);
    assertThat(create.status()).isEqualTo(403);
    assertThat(cancel.status()).isEqualTo(403);
    assertThat(json(create).at("/error/description").asText()).contains("dwh_transfers_write");
    assertThat(api.store().createdCount()).isZero();
  }

  @Test
  void eachTokenActsAsItsOwnUser() {
    FakeApi api = api(FakeBackfillsServer.builder().grant("alice", 1).grant("bob", 1).user("bob", 4242));

    JsonNode byAlice = data(call(api, "POST", CREATE, "alice", range(1, 2)));
    JsonNode byBob = data(call(api, "POST", CREATE, "bob", range(3, 4)));

    assertThat(byAlice.get("created_user_id").asLong()).isEqualTo(FakeBackfillsServer.DEFAULT_USER_ID);
    assertThat(byBob.get("created_user_id").asLong()).isEqualTo(4242);
  }

  @Test
  void aUserForATokenThatIsNotGrantedFailsTheBuild() {
    FakeBackfillsServer.Builder builder = FakeBackfillsServer.builder().grant("alice", 1).user("bob", 5);

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageNotContaining("bob");
  }

  @Test
  void oneTokenCannotBeGrantedBothReadOnlyAndReadWrite() {
    FakeBackfillsServer.Builder builder = FakeBackfillsServer.builder().grant("alice", 1);

    assertThatThrownBy(() -> builder.grantReadOnly("alice", 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("alice");
  }

  @Test
  void a401AsksForABearerToken() {
    ApiAnswer answer = call(api(), "GET", "/v1/teams/1/backfills", null, null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
  }

  // ---------------------------------------------------------------------------------------------------
  // Rate-limit headers

  @Test
  void asDocumentedTheBudgetIsOnErrorAnswersOnly() {
    FakeApi api = api(FakeBackfillsServer.builder().rateLimitPerHour(50));
    api.store().add(1, days(1, 2).runDuration(Duration.ofHours(1)).build());
    ApiAnswer ok = get(api, "/v1/teams/1/backfills");
    ApiAnswer forbidden = get(api, "/v1/teams/2/backfills");
    ApiAnswer notFound = get(api, "/v1/teams/1/backfills/424242");
    ApiAnswer badBody = create(api, "{}");
    ApiAnswer unprocessable = create(api, range(1, 1));
    ApiAnswer unauthorized = call(api, "GET", "/v1/teams/1/backfills", "wrong", null);
    api.faults().failNext(1, 503, 1);
    ApiAnswer unavailable = get(api, "/v1/teams/1/backfills");
    api.faults().failNext(1, 500, 1);
    ApiAnswer serverError = get(api, "/v1/teams/1/backfills");

    assertThat(List.of(ok, forbidden, notFound))
        .allSatisfy(a -> assertThat(a.header("X-RateLimit-Limit")).as("%s", a).isNull());
    assertThat(List.of(badBody, unprocessable, unauthorized, unavailable, serverError)).allSatisfy(a -> {
      assertThat(a.header("X-RateLimit-Limit")).as("%s", a).isEqualTo("50");
      assertThat(a.header("X-RateLimit-Remaining")).as("%s", a).isNotNull();
    });
    assertThat(serverError.header("X-RateLimit-Remaining")).isEqualTo("43");
  }

  @Test
  void asDocumentedA429CarriesTheBudgetAndRetryAfter() {
    FakeApi api = api(FakeBackfillsServer.builder().rateLimitPerHour(1));
    get(api, "/v1/teams/1/backfills");

    ApiAnswer limited = get(api, "/v1/teams/1/backfills");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(limited.header("Retry-After")).isEqualTo("3600");
  }

  @Test
  void onEveryAnswerTheBudgetIsOnSuccessesForbiddenAndNotFoundToo() {
    FakeApi api = api(FakeBackfillsServer.builder().rateLimitPerHour(50)
        .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER));

    assertThat(get(api, "/v1/teams/1/backfills").header("X-RateLimit-Remaining")).isEqualTo("49");
    assertThat(get(api, "/v1/teams/2/backfills").header("X-RateLimit-Remaining")).isEqualTo("48");
    assertThat(get(api, "/v1/teams/1/backfills/424242").header("X-RateLimit-Remaining")).isEqualTo("47");
  }

  // ---------------------------------------------------------------------------------------------------
  // List limit, lost answers, faults before acting

  @Test
  void theIncompleteListHoldsTheHundredNewest() {
    FakeApi api = api();
    for (int i = 0; i < 120; i++) {
      api.store().add(1, days(1, 2).runDuration(Duration.ofHours(1)).createdAt(clock.instant().minusSeconds(i))
          .build());
    }

    JsonNode list = data(get(api, "/v1/teams/1/backfills"));

    assertThat(list).hasSize(BackfillStore.LIST_LIMIT);
    assertThat(list.get(0).get("created_time").asText()).isEqualTo("2024-02-01T10:00:00Z");
    assertThat(list.get(99).get("created_time").asText()).isEqualTo("2024-02-01T09:58:21Z");
  }

  @Test
  void aLostServerErrorAnswerIsAJson500AfterTheBackfillWasCreated() {
    FakeApi api = api();
    api.faults().loseNext(1, LostAnswer.SERVER_ERROR);

    ApiAnswer lost = create(api, JANUARY);

    assertThat(lost.status()).isEqualTo(500);
    assertThat(json(lost).at("/error/code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
    assertThat(lost.outcome()).isEqualTo("500 (lost answer: 200)");
    assertThat(api.store().createdCount()).isEqualTo(1);
    assertThat(data(get(api, CREATE + "/latest")).get("status").asText()).isEqualTo("CREATED");
  }

  @Test
  void aLostBadGatewayAnswerIsAProxysHtmlPageWithoutApiHeaders() {
    FakeApi api = api();
    long id = api.store().add(1, days(1, 2).runDuration(Duration.ofHours(1)).build()).transferBackfillId();
    api.faults().loseNext(1, LostAnswer.BAD_GATEWAY_HTML);

    ApiAnswer lost = cancel(api, id);

    assertThat(lost.status()).isEqualTo(502);
    assertThat(lost.header("Content-Type")).startsWith("text/html");
    assertThat(new String(lost.body(), StandardCharsets.UTF_8)).contains("<h1>502 Bad Gateway</h1>");
    assertThat(lost.headers()).doesNotContainKeys("X-RateLimit-Limit", "Access-Control-Allow-Origin");
    assertThat(api.store().get(1, id, clock.instant()).map(Backfill::status)).contains(BackfillStatus.CANCELLED);
  }

  @Test
  void aDroppedAnswerSendsNothingAndKeepsTheWrite() {
    FakeApi api = api();
    api.faults().loseNext(1, LostAnswer.DROP_CONNECTION);

    ApiAnswer lost = create(api, JANUARY);

    assertThat(lost.dropped()).isTrue();
    assertThat(lost.outcome()).isEqualTo("dropped (lost answer: 200)");
    assertThat(api.store().createdCount()).isEqualTo(1);
  }

  @Test
  void lostAnswersSkipReadsAndLoseEvenARefusal() {
    FakeApi api = api();
    data(create(api, JANUARY));
    api.faults().loseNext(1, LostAnswer.SERVER_ERROR);

    ApiAnswer read = get(api, "/v1/teams/1/backfills");
    ApiAnswer refused = create(api, JANUARY);
    ApiAnswer next = create(api, range(1, 1));

    assertThat(read.status()).isEqualTo(200);
    assertThat(refused.outcome()).isEqualTo("500 (lost answer: 422)");
    assertThat(next.status()).isEqualTo(422);
  }

  @Test
  void failNextFailsAWriteBeforeItActsAndLeavesLostAnswersForLater() {
    FakeApi api = api();
    api.faults().failNext(1, 503, 1);
    api.faults().loseNext(1, LostAnswer.SERVER_ERROR);

    ApiAnswer failed = create(api, JANUARY);
    assertThat(api.store().createdCount()).isZero();
    ApiAnswer lost = create(api, JANUARY);

    assertThat(failed.outcome()).isEqualTo("503");
    assertThat(lost.outcome()).isEqualTo("500 (lost answer: 200)");
    assertThat(api.store().createdCount()).isEqualTo(1);
  }
}
