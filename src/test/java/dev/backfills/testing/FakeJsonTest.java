package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backfills.internal.BackfillFields;
import dev.backfills.internal.Envelope;
import dev.backfills.internal.Json;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake's writer and the client's decoder share one field table, so one reads what the other writes. */
class FakeJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Backfill FULL = new Backfill(12345, 456789, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31),
      Instant.parse("2024-02-01T09:00:00Z"), 789L, Instant.parse("2024-02-01T15:30:00Z"), 790L,
      Instant.parse("2024-02-01T10:00:00Z"), Instant.parse("2024-02-01T15:30:00Z"), BackfillStatus.CANCELLED,
      31, 31, 25, 2, List.of(new TransferRunError(LocalDate.of(2024, 1, 15), "Connection timeout to data source"),
          new TransferRunError(null, null)));
  private static final Backfill SPARSE = new Backfill(1, 2, null, null, null, null, null, null, null, null,
      BackfillStatus.CREATED, 0, 0, 0, 0, List.of());

  @Test
  void writesEveryFieldOfTheSharedTableInItsOrder() throws IOException {
    JsonNode data = MAPPER.readTree(FakeJson.one("r", FULL)).get("data");

    List<String> names = new ArrayList<>();
    data.fieldNames().forEachRemaining(names::add);
    assertThat(names).isEqualTo(BackfillFields.backfill());
    List<String> entry = new ArrayList<>();
    data.get("error_report").get(0).fieldNames().forEachRemaining(entry::add);
    assertThat(entry).isEqualTo(BackfillFields.runError());
  }

  @Test
  void theClientsDecoderReadsBackWhatTheFakeWrote() throws IOException {
    for (Backfill b : List.of(FULL, SPARSE)) {
      Envelope<Backfill> read = new Json().readBackfill(new ByteArrayInputStream(FakeJson.one("req-1", b)));

      assertThat(read.problem()).isNull();
      assertThat(read.data()).isEqualTo(b);
      assertThat(read.requestId()).isEqualTo("req-1");
    }
  }

  @Test
  void aListAndAnErrorAreTheDocumentedEnvelopes() throws IOException {
    Envelope<List<Backfill>> list = new Json().readBackfillList(
        new ByteArrayInputStream(FakeJson.list("req-2", List.of(FULL, SPARSE))));
    JsonNode error = MAPPER.readTree(FakeJson.error("req-3", "NOT_FOUND", "Not Found", null));

    assertThat(list.data()).containsExactly(FULL, SPARSE);
    assertThat(error.toString()).isEqualTo(
        "{\"meta\":{\"request_id\":\"req-3\"},\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Not Found\"}}");
  }
}
