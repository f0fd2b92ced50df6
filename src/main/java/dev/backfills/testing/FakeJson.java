package dev.backfills.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.backfills.internal.BackfillFields;
import dev.backfills.model.Backfill;
import dev.backfills.model.TransferRunError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the API's bodies: {@code {"meta":…,"data":…}} and {@code {"meta":…,"error":…}}. A backfill's
 * fields come from {@link BackfillFields}, the table the client's decoder reads by, in its order, every
 * field written, absent values as JSON null; so what the fake writes and what the client expects cannot
 * drift apart.
 */
final class FakeJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final SerializedString[] FIELDS = serialized(BackfillFields.backfill());
  private static final SerializedString[] RUN_FIELDS = serialized(BackfillFields.runError());

  private FakeJson() {}

  /** {@code {"meta":{"request_id":…},"data":{backfill}}}. */
  static byte[] one(String requestId, Backfill backfill) {
    return write(g -> {
      g.writeStartObject();
      writeMeta(g, requestId);
      g.writeFieldName("data");
      writeBackfill(g, backfill);
      g.writeEndObject();
    });
  }

  /** {@code {"meta":{"request_id":…},"data":[backfill, …]}}. */
  static byte[] list(String requestId, List<Backfill> backfills) {
    return write(g -> {
      g.writeStartObject();
      writeMeta(g, requestId);
      g.writeArrayFieldStart("data");
      for (Backfill b : backfills) {
        writeBackfill(g, b);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** {@code {"meta":{"request_id":…},"error":{"code":…,"message":…[,"description":…]}}}. */
  static byte[] error(String requestId, String code, String message, @Nullable String description) {
    return write(g -> {
      g.writeStartObject();
      writeMeta(g, requestId);
      g.writeObjectFieldStart("error");
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      if (description != null) {
        g.writeStringField("description", description);
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void writeMeta(JsonGenerator g, String requestId) throws IOException {
    g.writeObjectFieldStart("meta");
    g.writeStringField("request_id", requestId);
    g.writeEndObject();
  }

  /** Every field of the table, in the table's order. */
  private static void writeBackfill(JsonGenerator g, Backfill b) throws IOException {
    g.writeStartObject();
    for (int field = 0; field < FIELDS.length; field++) {
      g.writeFieldName(FIELDS[field]);
      writeValue(g, field, b);
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, int field, Backfill b) throws IOException {
    switch (field) {
      case BackfillFields.TRANSFER_BACKFILL_ID -> g.writeNumber(b.transferBackfillId());
      case BackfillFields.TRANSFER_ID -> g.writeNumber(b.transferId());
      case BackfillFields.RANGE_START_DATE -> writeText(g, b.rangeStartDate());
      case BackfillFields.RANGE_END_DATE -> writeText(g, b.rangeEndDate());
      case BackfillFields.CREATED_TIME -> writeText(g, b.createdTime());
      case BackfillFields.CREATED_USER_ID -> writeLong(g, b.createdUserId());
      case BackfillFields.REMOVED_TIME -> writeText(g, b.removedTime());
      case BackfillFields.REMOVED_USER_ID -> writeLong(g, b.removedUserId());
      case BackfillFields.START_TIME -> writeText(g, b.startTime());
      case BackfillFields.END_TIME -> writeText(g, b.endTime());
      case BackfillFields.STATUS -> g.writeString(b.status().name());
      case BackfillFields.TRANSFER_RUNS_TOTAL -> g.writeNumber(b.transferRunsTotal());
      case BackfillFields.TRANSFER_RUNS_CREATED -> g.writeNumber(b.transferRunsCreated());
      case BackfillFields.TRANSFER_RUNS_COMPLETED -> g.writeNumber(b.transferRunsCompleted());
      case BackfillFields.TRANSFER_RUNS_FAILED -> g.writeNumber(b.transferRunsFailed());
      case BackfillFields.ERROR_REPORT -> writeErrorReport(g, b.errorReport());
      default -> throw new IllegalStateException("no value for field " + FIELDS[field].getValue());
    }
  }

  private static void writeErrorReport(JsonGenerator g, List<TransferRunError> errors) throws IOException {
    g.writeStartArray();
    for (TransferRunError e : errors) {
      g.writeStartObject();
      for (int field = 0; field < RUN_FIELDS.length; field++) {
        g.writeFieldName(RUN_FIELDS[field]);
        switch (field) {
          case BackfillFields.TRANSFER_RUN_DATE -> writeText(g, e.transferRunDate());
          case BackfillFields.ERROR -> writeText(g, e.error());
          default -> throw new IllegalStateException("no value for field " + RUN_FIELDS[field].getValue());
        }
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * A string, or null: a date's {@code 2024-01-15} and an instant's {@code 2024-02-01T09:00:00Z} are
   * their {@code toString()}, as the states are already truncated to whole seconds.
   */
  private static void writeText(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(value.toString());
    }
  }

  private static void writeLong(JsonGenerator g, @Nullable Long value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value);
    }
  }

  /** One JSON document in memory, so its length is known before the headers go out. */
  private static byte[] write(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      // Writing to memory does not fail; this would be a bug in the fake.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static SerializedString[] serialized(List<String> names) {
    SerializedString[] out = new SerializedString[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new SerializedString(names.get(i));
    }
    return out;
  }

  @FunctionalInterface
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }
}
