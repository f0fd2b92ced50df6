package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.backfills.exception.MalformedResponseException;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the decoder makes of 2xx bodies: malformed ones fail precisely, unknown additions are tolerated. */
class DecodingTest extends ServerTest {

  /** Calls get-by-id on {@code body} and returns the MalformedResponseException, checking it was not retried. */
  private MalformedResponseException malformedOne(String body) {
    enqueue(200, body);
    Throwable t = catchThrowable(() -> client().getBackfill(1, 2));
    assertThat(t).isInstanceOf(MalformedResponseException.class);
    assertThat(server.getRequestCount()).as("a malformed 2xx is not retried").isEqualTo(1);
    return (MalformedResponseException) t;
  }

  private MalformedResponseException malformedList(String body) {
    enqueue(200, body);
    Throwable t = catchThrowable(() -> client().listIncompleteBackfills(1));
    assertThat(t).isInstanceOf(MalformedResponseException.class);
    assertThat(server.getRequestCount()).as("a malformed 2xx is not retried").isEqualTo(1);
    return (MalformedResponseException) t;
  }

  @Nested
  class MalformedBodies {
    @Test
    void badJsonIsMalformedAndNotRetried() {
      MalformedResponseException e = malformedOne("{\"meta\": {\"request_id\": \"r1\"}, \"data\": {nope}");

      assertThat(e.statusCode()).isEqualTo(200);
      assertThat(e.getMessage()).containsIgnoringCase("JSON");
    }

    @Test
    void badJsonAfterMetaStillCarriesTheRequestId() {
      MalformedResponseException e = malformedOne("{\"meta\": {\"request_id\": \"r1\"}, \"data\": {nope}");

      assertThat(e.requestId()).isEqualTo("r1");
    }

    @Test
    void emptyBodyIsMalformed() {
      MalformedResponseException e = malformedOne("");

      assertThat(e.getMessage()).contains("empty");
      assertThat(e.requestId()).isNull();
    }

    @Test
    void plainTextBodyIsMalformed() {
      MalformedResponseException e = malformedOne("OK");

      assertThat(e.getCause()).isNotNull();
      assertThat(e.getMessage()).containsIgnoringCase("not JSON");
    }

    @Test
    void jsonNullBodyIsMalformedNotANullPointer() {
      MalformedResponseException e = malformedOne("null");

      assertThat(e.getMessage()).contains("null");
    }

    @Test
    void jsonArrayBodyIsMalformed() {
      MalformedResponseException e = malformedOne("[]");

      assertThat(e.getMessage()).contains("not a JSON object");
    }

    @Test
    void trailingGarbageAfterTheEnvelopeIsMalformed() {
      MalformedResponseException e = malformedOne(Bodies.GET_200 + " {}");

      assertThat(e.getMessage()).contains("goes on after");
      assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    }

    @Test
    void missingDataIsMalformedAndNamesData() {
      MalformedResponseException e = malformedOne("{\"meta\":{\"request_id\":\"r2\"}}");

      assertThat(e.getMessage()).contains("'data'");
      assertThat(e.requestId()).isEqualTo("r2");
    }

    @Test
    void nullDataIsMalformedAndNamesData() {
      MalformedResponseException e = malformedOne("{\"meta\":{\"request_id\":\"r3\"},\"data\":null}");

      assertThat(e.getMessage()).contains("'data' is null");
      assertThat(e.requestId()).isEqualTo("r3");
    }

    @Test
    void missingDataInAListIsMalformed() {
      MalformedResponseException e = malformedList("{\"meta\":{\"request_id\":\"r4\"}}");

      assertThat(e.getMessage()).contains("'data'");
      assertThat(e.requestId()).isEqualTo("r4");
    }

    @Test
    void nullDataInAListIsMalformed() {
      MalformedResponseException e = malformedList("{\"meta\":{\"request_id\":\"r4\"},\"data\":null}");

      assertThat(e.getMessage()).contains("'data' is null");
    }

    @Test
    void objectWhereTheListExpectsAnArrayIsMalformed() {
      MalformedResponseException e = malformedList(Bodies.GET_200);

      assertThat(e.getMessage()).contains("'data'", "array");
      assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    }

    @Test
    void arrayWhereGetExpectsAnObjectIsMalformed() {
      MalformedResponseException e = malformedOne(Bodies.LIST_200);

      assertThat(e.getMessage()).contains("'data'");
      assertThat(e.requestId()).isEqualTo(Bodies.DOC_REQUEST_ID);
    }

    @Test
    void nullItemInTheListIsMalformedAndNamesItsIndex() {
      MalformedResponseException e =
          malformedList("{\"data\":[" + Bodies.backfill("") + ",null],\"meta\":{\"request_id\":\"r5\"}}");

      assertThat(e.getMessage()).contains("data[1]");
      assertThat(e.requestId()).isEqualTo("r5");
    }

    @Test
    void brokenSecondItemNamesItsIndexAndFieldAndKeepsTheRequestIdThatFollows() {
      MalformedResponseException e = malformedList("{\"data\":[" + Bodies.backfill("")
          + ",{\"transfer_backfill_id\":3,\"status\":\"RUNNING\",\"error_report\":[{\"a\":[1,{\"b\":2}]}]}],"
          + "\"meta\":{\"request_id\":\"r6\"}}");

      assertThat(e.getMessage()).contains("data[1].transfer_id");
      assertThat(e.requestId()).isEqualTo("r6");
    }

    @Test
    void cutOffEnvelopeKeepsTheRequestIdReadBeforeTheCut() {
      MalformedResponseException e = malformedOne("{\"meta\":{\"request_id\":\"r7\"},\"data\":{\"transfer_backfill_id\":1,");

      assertThat(e.requestId()).isEqualTo("r7");
    }
  }

  @Nested
  class RequiredFields {
    @ParameterizedTest(name = "{0} absent")
    @CsvSource({
        "transfer_backfill_id, '\"transfer_id\":2,\"status\":\"RUNNING\"'",
        "transfer_id, '\"transfer_backfill_id\":1,\"status\":\"RUNNING\"'",
        "status, '\"transfer_backfill_id\":1,\"transfer_id\":2'",
    })
    void absentRequiredFieldIsMalformedAndNamed(String field, String fields) {
      MalformedResponseException e = malformedOne(Bodies.one("{" + fields + "}"));

      assertThat(e.getMessage()).contains("data." + field);
      assertThat(e.requestId()).isEqualTo("req-1");
    }

    @ParameterizedTest(name = "{0} null")
    @CsvSource({
        "transfer_backfill_id, '\"transfer_backfill_id\":null,\"transfer_id\":2,\"status\":\"RUNNING\"'",
        "transfer_id, '\"transfer_backfill_id\":1,\"transfer_id\":null,\"status\":\"RUNNING\"'",
        "status, '\"transfer_backfill_id\":1,\"transfer_id\":2,\"status\":null'",
    })
    void nullRequiredFieldIsMalformedAndNamed(String field, String fields) {
      MalformedResponseException e = malformedOne(Bodies.one("{" + fields + "}"));

      assertThat(e.getMessage()).contains("data." + field);
      assertThat(e.requestId()).isEqualTo("req-1");
    }

    @Test
    void missingRequiredFieldWithMetaAfterDataStillCarriesTheRequestId() {
      MalformedResponseException e =
          malformedOne("{\"data\":{\"transfer_id\":2,\"status\":\"RUNNING\"},\"meta\":{\"request_id\":\"late\"}}");

      assertThat(e.getMessage()).contains("data.transfer_backfill_id");
      assertThat(e.requestId()).isEqualTo("late");
    }
  }

  @Nested
  class WrongTypes {
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "transfer_backfill_id | '\"12345\"'",
        "transfer_backfill_id | 1.5",
        "transfer_backfill_id | true",
        "transfer_id          | '{\"id\":1}'",
        "transfer_id          | '[1]'",
        "transfer_id          | 9223372036854775808",
        "transfer_backfill_id | 123456789012345678901234567890",
        "status               | '{\"name\":\"RUNNING\"}'",
        "status               | 3",
        "range_start_date     | 20240101",
        "range_end_date       | '\"2024-02-30\"'",
        "created_time         | 1706778000",
        "start_time           | '\"yesterday\"'",
        "end_time             | '[]'",
        "removed_time         | false",
        "created_user_id      | '\"789\"'",
        "removed_user_id      | 7.0",
        "transfer_runs_total  | 2147483648",
        "transfer_runs_created| -2147483649",
        "transfer_runs_completed | '\"25\"'",
        "transfer_runs_failed | 2.0",
        "error_report         | '{}'",
        "error_report         | '\"none\"'",
    })
    void wrongTypeOrRangeIsMalformedAndNamesTheField(String field, String json) {
      String rest = "\"transfer_backfill_id\":1,\"transfer_id\":2,\"status\":\"RUNNING\"";
      MalformedResponseException e =
          malformedOne("{\"data\":{" + rest + ",\"" + field + "\":" + json + ",\"x\":1},\"meta\":{\"request_id\":\"after\"}}");

      assertThat(e.getMessage()).contains("data." + field);
      assertThat(e.requestId()).as("meta after the broken data").isEqualTo("after");
      assertThat(e.getCause()).isNull();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "created_time     | 9999999999999999999.5",
        "start_time       | -1000000001-01-01T00:00:00Z",
        "end_time         | 2024-01-01T10:00:00+25:00",
        "removed_time     | 2024-01-01T10:00:00",
        "range_start_date | +1000000000-01-01",
        "range_end_date   | 2024-02-30",
    })
    void unparseableTimestampStringIsMalformedAndNamesTheFieldNeverADateTimeException(String field, String text) {
      MalformedResponseException e = malformedOne(Bodies.one(Bodies.backfill("\"" + field + "\":\"" + text + "\"")));

      assertThat(e.getMessage()).contains("data." + field);
      assertThat(e.requestId()).isEqualTo("req-1");
    }

    @Test
    void deeplyNestedUnknownFieldIsMalformedNotAStackOverflow() {
      String deep = "[".repeat(5000) + "]".repeat(5000);

      MalformedResponseException e = malformedOne(Bodies.one(Bodies.backfill("\"x\":" + deep)));

      assertThat(e.requestId()).isEqualTo("req-1");
    }

    @Test
    void wrongTypeWithMetaFirstCarriesTheRequestId() {
      MalformedResponseException e = malformedOne(Bodies.one(Bodies.backfill("\"transfer_runs_total\":\"31\"")));

      assertThat(e.getMessage()).contains("data.transfer_runs_total");
      assertThat(e.requestId()).isEqualTo("req-1");
    }

    @Test
    void errorReportItemThatIsNotAnObjectIsMalformedAndNamed() {
      MalformedResponseException e = malformedOne(Bodies.one(Bodies.backfill("\"error_report\":[\"boom\"]")));

      assertThat(e.getMessage()).contains("data.error_report[0]");
    }

    @Test
    void errorReportErrorOfTheWrongTypeIsMalformedAndNamed() {
      MalformedResponseException e =
          malformedOne(Bodies.one(Bodies.backfill("\"error_report\":[{\"transfer_run_date\":\"2024-01-15\",\"error\":5}]")));

      assertThat(e.getMessage()).contains("data.error_report[0].error");
    }

    @Test
    void errorReportDateThatIsNotADateIsMalformedAndNamed() {
      MalformedResponseException e =
          malformedOne(Bodies.one(Bodies.backfill("\"error_report\":[{\"transfer_run_date\":\"15/01/2024\"}]")));

      assertThat(e.getMessage()).contains("data.error_report[0].transfer_run_date", "15/01/2024");
    }

    @Test
    void nonObjectMetaIsIgnoredAndTheRequestIdIsNull() {
      enqueue(200, "{\"meta\":\"x\",\"data\":" + Bodies.backfill("") + "}");

      ApiResponse<Backfill> r = client().getBackfillWithResponse(1, 2);

      assertThat(r.requestId()).isNull();
      assertThat(r.data().transferBackfillId()).isEqualTo(1);
    }

    @Test
    void wrongTypeEchoingTheTokenDoesNotLeakItIntoTheMessage() {
      MalformedResponseException e = malformedOne(Bodies.one(Bodies.backfill("\"created_time\":\"" + TOKEN + "\"")));

      assertThat(e.getMessage()).contains("data.created_time").doesNotContain(TOKEN);
    }

    @Test
    void bodyOverMaxResponseBodySizeIsMalformedWithoutBeingRead() {
      enqueue(200, Bodies.GET_200);
      BackfillsClient client = track(builder().maxResponseBodySize(100).build());

      assertThatThrownBy(() -> client.getBackfill(1, 2))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("maxResponseBodySize");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void chunkedBodyOverMaxResponseBodySizeIsMalformed() {
      server.enqueue(new MockResponse.Builder().code(200).chunkedBody(Bodies.GET_200, 16).build());
      BackfillsClient client = track(builder().maxResponseBodySize(100).build());

      assertThatThrownBy(() -> client.getBackfill(1, 2))
          .isInstanceOf(MalformedResponseException.class)
          .hasMessageContaining("maxResponseBodySize");
    }

    @Test
    void chunkedBodyUnderTheLimitIsRead() {
      server.enqueue(new MockResponse.Builder().code(200).chunkedBody(Bodies.GET_200, 16).build());

      assertThat(client().getBackfill(1, 2).transferBackfillId()).isEqualTo(12345L);
    }
  }

  @Nested
  class ForwardCompatibility {
    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
      enqueue(200, """
          {"meta":{"request_id":"r","region":"eu","trace":{"spans":[1,2,{"x":null}]}},
           "links":{"self":"/x"}, "warnings":[{"a":1},[2,3]],
           "data":{"transfer_backfill_id":1,"new_object":{"nested":{"deep":[1,{"k":"v"}]}},
                   "transfer_id":2,"new_array":[[],{},null,true],"status":"RUNNING","new_number":1.5e300,
                   "error_report":[{"transfer_run_date":"2024-01-15","error":"e","attempts":[1,2],"meta":{}}]},
           "pagination":null}
          """);

      Backfill b = client().getBackfill(1, 1);

      assertThat(b.transferBackfillId()).isEqualTo(1);
      assertThat(b.transferId()).isEqualTo(2);
      assertThat(b.status()).isEqualTo(BackfillStatus.RUNNING);
      assertThat(b.errorReport()).containsExactly(new TransferRunError(LocalDate.of(2024, 1, 15), "e"));
    }

    @Test
    void unknownStatusBecomesUnknown() {
      enqueue(200, Bodies.one(Bodies.backfill("").replace("RUNNING", "PAUSED")));

      assertThat(client().getBackfill(1, 1).status()).isEqualTo(BackfillStatus.UNKNOWN);
    }

    @Test
    void lowercaseStatusIsNotGuessedAndBecomesUnknown() {
      enqueue(200, Bodies.one(Bodies.backfill("").replace("RUNNING", "running")));

      assertThat(client().getBackfill(1, 1).status()).isEqualTo(BackfillStatus.UNKNOWN);
    }

    @Test
    void absentErrorReportIsAnEmptyList() {
      enqueue(200, Bodies.one(Bodies.backfill("")));

      assertThat(client().getBackfill(1, 1).errorReport()).isNotNull().isEmpty();
    }

    @Test
    void nullErrorReportIsAnEmptyList() {
      enqueue(200, Bodies.one(Bodies.backfill("\"error_report\":null")));

      assertThat(client().getBackfill(1, 1).errorReport()).isNotNull().isEmpty();
    }

    @Test
    void absentCountersAreZeroAndAbsentOptionalsNull() {
      enqueue(200, Bodies.one(Bodies.backfill("")));

      Backfill b = client().getBackfill(1, 1);

      assertThat(List.of(b.transferRunsTotal(), b.transferRunsCreated(), b.transferRunsCompleted(),
          b.transferRunsFailed())).containsOnly(0);
      assertThat(b.rangeStartDate()).isNull();
      assertThat(b.rangeEndDate()).isNull();
      assertThat(b.createdTime()).isNull();
      assertThat(b.createdUserId()).isNull();
      assertThat(b.removedTime()).isNull();
      assertThat(b.removedUserId()).isNull();
      assertThat(b.startTime()).isNull();
      assertThat(b.endTime()).isNull();
    }

    @Test
    void nullCountersAreZero() {
      enqueue(200, Bodies.one(Bodies.backfill("\"transfer_runs_total\":null,\"transfer_runs_failed\":null")));

      Backfill b = client().getBackfill(1, 1);

      assertThat(b.transferRunsTotal()).isZero();
      assertThat(b.transferRunsFailed()).isZero();
    }

    @Test
    void errorReportIsUnmodifiable() {
      enqueue(200, Bodies.one(Bodies.backfill("\"error_report\":[{\"transfer_run_date\":\"2024-01-15\",\"error\":\"x\"}]")));

      List<TransferRunError> report = client().getBackfill(1, 1).errorReport();

      assertThat(report).hasSize(1);
      assertThatThrownBy(() -> report.add(new TransferRunError(null, "y")))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(report::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyErrorReportIsUnmodifiable() {
      enqueue(200, Bodies.GET_200);

      List<TransferRunError> report = client().getBackfill(1, 1).errorReport();

      assertThatThrownBy(() -> report.add(new TransferRunError(null, "y")))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void timestampsWithOffsetsAndFractionsAreAcceptedViaJsr310() {
      enqueue(200, Bodies.one(Bodies.backfill(
          "\"created_time\":\"2024-02-01T11:00:00+02:00\",\"start_time\":\"2024-02-01T10:00:00.250Z\"")));

      Backfill b = client().getBackfill(1, 1);

      assertThat(b.createdTime()).isEqualTo(Instant.parse("2024-02-01T09:00:00Z"));
      assertThat(b.startTime()).isEqualTo(Instant.parse("2024-02-01T10:00:00.250Z"));
    }

    @Test
    void largestInt64IdsAndInt32CountersAreRead() {
      enqueue(200, Bodies.one("{\"transfer_backfill_id\":9223372036854775807,\"transfer_id\":9223372036854775807,"
          + "\"status\":\"RUNNING\",\"transfer_runs_total\":2147483647}"));

      Backfill b = client().getBackfill(1, 1);

      assertThat(b.transferBackfillId()).isEqualTo(Long.MAX_VALUE);
      assertThat(b.transferId()).isEqualTo(Long.MAX_VALUE);
      assertThat(b.transferRunsTotal()).isEqualTo(Integer.MAX_VALUE);
    }
  }
}
