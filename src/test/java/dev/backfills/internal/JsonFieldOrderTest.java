package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder matches field names in the API's usual order by their bytes; any other order, unknown
 * fields, escaped names and repeated fields must decode exactly as the usual order does.
 */
class JsonFieldOrderTest {
  private static final List<String> FIELDS = List.of(
      "\"transfer_backfill_id\":12345", "\"transfer_id\":456789", "\"range_start_date\":\"2024-01-01\"",
      "\"range_end_date\":\"2024-01-31\"", "\"created_time\":\"2024-02-01T09:00:00Z\"", "\"created_user_id\":789",
      "\"removed_time\":\"2024-02-02T10:00:00Z\"", "\"removed_user_id\":790", "\"start_time\":\"2024-02-01T10:00:00Z\"",
      "\"end_time\":null", "\"status\":\"FAILED\"", "\"transfer_runs_total\":31", "\"transfer_runs_created\":30",
      "\"transfer_runs_completed\":25", "\"transfer_runs_failed\":2",
      "\"error_report\":[{\"transfer_run_date\":\"2024-01-15\",\"error\":\"timeout\"},"
          + "{\"error\":\"quota\",\"transfer_run_date\":\"2024-01-16\"}]");

  private static final Backfill EXPECTED = new Backfill(12345, 456789, LocalDate.of(2024, 1, 1),
      LocalDate.of(2024, 1, 31), Instant.parse("2024-02-01T09:00:00Z"), 789L, Instant.parse("2024-02-02T10:00:00Z"),
      790L, Instant.parse("2024-02-01T10:00:00Z"), null, BackfillStatus.FAILED, 31, 30, 25, 2,
      List.of(new TransferRunError(LocalDate.of(2024, 1, 15), "timeout"),
          new TransferRunError(LocalDate.of(2024, 1, 16), "quota")));

  private static Backfill decode(List<String> fields) throws IOException {
    String body = "{\"meta\":{\"request_id\":\"r\"},\"data\":{" + String.join(",", fields) + "}}";
    Envelope<Backfill> e = new Json().readBackfill(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.problem()).as(body).isNull();
    return e.data();
  }

  @Test
  void theUsualOrderDecodes() throws IOException {
    assertThat(decode(FIELDS)).isEqualTo(EXPECTED);
  }

  @Test
  void anyOrderWithUnknownFieldsDecodesTheSame() throws IOException {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      List<String> shuffled = new ArrayList<>(FIELDS);
      Collections.shuffle(shuffled, random);
      shuffled.add(random.nextInt(shuffled.size() + 1), "\"transfer_backfill\":{\"status\":\"RUNNING\",\"x\":[1]}");
      shuffled.add(random.nextInt(shuffled.size() + 1), "\"statuses\":\"CANCELLED\"");
      assertThat(decode(shuffled)).as(String.join(",", shuffled)).isEqualTo(EXPECTED);
    }
  }

  @Test
  void escapedNamesAreTheSameNames() throws IOException {
    List<String> escaped = new ArrayList<>(FIELDS);
    escaped.set(1, "\"transfer\\u005fid\":456789");
    escaped.set(10, "\"st\\u0061tus\":\"FAILED\"");
    assertThat(decode(escaped)).isEqualTo(EXPECTED);
  }

  @Test
  void aRepeatedFieldKeepsItsLastValue() throws IOException {
    List<String> repeated = new ArrayList<>(FIELDS);
    repeated.add(0, "\"status\":\"RUNNING\"");
    repeated.add(1, "\"transfer_id\":1");
    assertThat(decode(repeated)).isEqualTo(EXPECTED);
    repeated.add("\"transfer_runs_failed\":3");
    assertThat(decode(repeated).transferRunsFailed()).isEqualTo(3);
  }
}
