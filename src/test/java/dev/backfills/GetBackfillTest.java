package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.RateLimit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class GetBackfillTest extends ServerTest {

  @Test
  void documentedExampleIsMappedFieldByField() {
    enqueue(200, Bodies.GET_200);

    Backfill b = client().getBackfill(12345, 12345);

    assertThat(b).isEqualTo(new Backfill(
        12345L, 456789L,
        LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
        Instant.parse("2024-02-01T09:00:00Z"), 789L,
        null, null,
        Instant.parse("2024-02-01T10:00:00Z"), null,
        BackfillStatus.RUNNING,
        31, 31, 25, 2,
        List.of()));
  }

  @Test
  void sendsGetToTeamsTeamIdBackfillsBackfillIdUnderTheBasePath() throws Exception {
    enqueue(200, Bodies.GET_200);

    client().getBackfill(7, 12345);

    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo("/v1/teams/7/backfills/12345");
  }

  @Test
  void basePathWithTrailingSlashGivesTheSamePath() throws Exception {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().baseUrl(baseUrl("/api/v2/")).build());

    client.getBackfill(7, 12345);

    assertThat(take().getTarget()).isEqualTo("/api/v2/teams/7/backfills/12345");
  }

  @Test
  void basePathWithoutTrailingSlashIsKept() throws Exception {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().baseUrl(baseUrl("/api/v2")).build());

    client.getBackfill(7, 12345);

    assertThat(take().getTarget()).isEqualTo("/api/v2/teams/7/backfills/12345");
  }

  @Test
  void baseUrlWithoutPathPutsTeamsAtTheRoot() throws Exception {
    enqueue(200, Bodies.GET_200);
    BackfillsClient client = track(builder().baseUrl(baseUrl("")).build());

    client.getBackfill(1, 2);

    assertThat(take().getTarget()).isEqualTo("/teams/1/backfills/2");
  }

  @Test
  void largestInt64IdsAreSentInFull() throws Exception {
    enqueue(200, Bodies.GET_200);

    client().getBackfill(Long.MAX_VALUE, Long.MAX_VALUE);

    assertThat(take().getTarget())
        .isEqualTo("/v1/teams/9223372036854775807/backfills/9223372036854775807");
  }

  @Test
  void withResponseCarriesRequestIdStatusRateLimitAndOneAttempt() {
    server.enqueue(json(200, Bodies.GET_200)
        .addHeader("X-RateLimit-Limit", "100")
        .addHeader("X-RateLimit-Remaining", "49")
        .build());

    ApiResponse<Backfill> response = client().getBackfillWithResponse(12345, 12345);

    assertThat(response.data().transferBackfillId()).isEqualTo(12345L);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    assertThat(response.rateLimit()).isEqualTo(new RateLimit(100, 49));
    assertThat(response.attempts()).isEqualTo(1);
  }

  @Test
  void withResponseHasNullRateLimitAndRequestIdWhenTheAnswerHasNone() {
    enqueue(200, "{\"data\":" + Bodies.backfill("") + "}");

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 1);

    assertThat(response.rateLimit()).isNull();
    assertThat(response.requestId()).isNull();
  }

  @Test
  void fullyPopulatedBackfillMapsEveryOptionalField() {
    enqueue(200, Bodies.one("""
        {"transfer_backfill_id":5,"transfer_id":6,
         "range_start_date":"2024-01-01","range_end_date":"2024-01-31",
         "created_time":"2024-02-01T09:00:00Z","created_user_id":789,
         "removed_time":"2024-02-01T15:00:00Z","removed_user_id":790,
         "start_time":"2024-02-01T10:00:00Z","end_time":"2024-02-01T12:30:00Z",
         "status":"CANCELLED",
         "transfer_runs_total":31,"transfer_runs_created":30,"transfer_runs_completed":20,"transfer_runs_failed":3,
         "error_report":[{"transfer_run_date":"2024-01-15","error":"Connection timeout to data source"},
                         {"transfer_run_date":null,"error":null}]}
        """));

    Backfill b = client().getBackfill(1, 5);

    assertThat(b.removedTime()).isEqualTo(Instant.parse("2024-02-01T15:00:00Z"));
    assertThat(b.removedUserId()).isEqualTo(790L);
    assertThat(b.endTime()).isEqualTo(Instant.parse("2024-02-01T12:30:00Z"));
    assertThat(b.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(b.transferRunsCreated()).isEqualTo(30);
    assertThat(b.transferRunsFailed()).isEqualTo(3);
    assertThat(b.errorReport()).containsExactly(
        new dev.backfills.model.TransferRunError(LocalDate.of(2024, 1, 15), "Connection timeout to data source"),
        new dev.backfills.model.TransferRunError(null, null));
  }

  @Test
  void everyDocumentedStatusIsRecognised() {
    for (BackfillStatus status : BackfillStatus.values()) {
      if (status == BackfillStatus.UNKNOWN) {
        continue;
      }
      enqueue(200, Bodies.one("{\"transfer_backfill_id\":1,\"transfer_id\":2,\"status\":\"" + status + "\"}"));
    }
    BackfillsClient client = client();
    for (BackfillStatus status : BackfillStatus.values()) {
      if (status != BackfillStatus.UNKNOWN) {
        assertThat(client.getBackfill(1, 1).status()).isEqualTo(status);
      }
    }
  }

  @Test
  void metaAfterDataStillGivesTheRequestId() {
    enqueue(200, "{\"data\":" + Bodies.backfill("") + ",\"meta\":{\"request_id\":\"after-data\"}}");

    assertThat(client().getBackfillWithResponse(1, 2).requestId()).isEqualTo("after-data");
  }

  @Test
  void datesBeyondYear9999AreReadThroughJsr310() {
    enqueue(200, Bodies.one(Bodies.backfill("\"range_end_date\":\"+10000-01-01\",\"end_time\":\"+10000-01-01T00:00:00Z\"")));

    Backfill b = client().getBackfill(1, 2);

    assertThat(b.rangeEndDate()).isEqualTo(LocalDate.of(10000, 1, 1));
    assertThat(b.endTime()).isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
  }

  @Test
  void anyOtherTwoHundredStatusIsASuccessToo() {
    enqueue(203, Bodies.GET_200);

    ApiResponse<Backfill> response = client().getBackfillWithResponse(1, 1);

    assertThat(response.statusCode()).isEqualTo(203);
    assertThat(response.data().transferId()).isEqualTo(456789L);
  }
}
