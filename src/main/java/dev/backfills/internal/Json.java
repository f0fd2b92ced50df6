package dev.backfills.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.backfills.model.ApiError;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns the API's {@code meta}/{@code data}/{@code error} envelopes into records, and writes the request
 * bodies of the writes.
 *
 * <p>One instance per client; it is immutable and thread-safe. Bodies are streamed from the socket into
 * Jackson's tokenizer and decoded field by field by hand: the decoder names the exact field that is
 * missing or of the wrong type, tolerates unknown fields and statuses, and builds nothing but the
 * records. No databind machinery runs per call (no {@code ObjectReader}, no {@code DeserializationContext},
 * no per-item path strings, no String for a date, timestamp or status); field names in the API's usual
 * order are matched by their bytes, without a symbol-table lookup; dates and timestamps in the API's
 * own fixed forms are read straight from the tokenizer's buffer ({@link Timestamps}), and only other
 * ISO-8601 forms go to JSR-310 through jackson-datatype-jsr310, whose mapper is built the first time one
 * is seen. Problems are reported in the {@link Envelope}, not thrown, so that the request id is still read
 * when it comes after the broken part; paths like {@code data[7].error_report[1]} are only spelled out
 * then.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Builds the decoder. Cheap: the JSR-310 fallback is set up only when a body first needs it. */
  public Json() {}

  /**
   * Decodes the envelope of one backfill.
   *
   * @throws JsonProcessingException when the body is not JSON from its first character
   * @throws IOException when reading the stream fails
   */
  public Envelope<Backfill> readBackfill(InputStream body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      return readEnvelope(p, false);
    }
  }

  /**
   * Decodes the envelope of a list of backfills. The list in the result is unmodifiable.
   *
   * @throws JsonProcessingException when the body is not JSON from its first character
   * @throws IOException when reading the stream fails
   */
  public Envelope<List<Backfill>> readBackfillList(InputStream body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      return readEnvelope(p, true);
    }
  }

  /**
   * Reads what it can of an error answer's body; never throws for content, only returns less.
   *
   * @param body the first bytes of the body
   * @return the error and request id found, each null when absent or unreadable
   */
  public ErrorBody readError(byte[] body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      return readErrorBody(p);
    } catch (IOException | RuntimeException notAnEnvelope) {
      return new ErrorBody(null, null);
    }
  }

  /**
   * Writes a request body: one JSON object whose members are all strings, given as name, value, name,
   * value, and so on, in that order.
   */
  public byte[] writeStringMembers(String... namesAndValues) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
        g.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // cannot happen
    }
    return out.toByteArray();
  }

  /**
   * Unwinds the decoding of one field up to the envelope, which records the message and goes on to read
   * the request id. Never escapes this class.
   */
  private static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Problem(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads {@code {"meta":{…},"data":…}} for one backfill or a list of them. */
  @SuppressWarnings("unchecked")
  private static <T> Envelope<T> readEnvelope(JsonParser p, boolean list) throws IOException {
    JsonToken first = p.nextToken();
    if (first == null) {
      return new Envelope<>(null, null, "the body is empty");
    }
    if (first != JsonToken.START_OBJECT) {
      return new Envelope<>(null, null, "the body is " + describe(first) + ", not a JSON object");
    }
    String requestId = null;
    Object data = null;
    boolean sawData = false;
    String problem = null;
    try {
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonStreamContext envelope = p.getParsingContext();
        p.nextToken();
        switch (name) {
          case "meta" -> requestId = readMeta(p);
          case "data" -> {
            sawData = true;
            try {
              data = list ? readList(p) : readOne(p);
            } catch (Problem e) {
              if (problem == null) {
                problem = e.getMessage();
              }
              data = null;
              while (p.getParsingContext() != envelope && p.nextToken() != null) {
                // skip the rest of the broken value, up to the envelope's next field
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null && problem == null) {
        problem = "the body goes on after the JSON object (" + describe(trailing) + ")";
      }
    } catch (JsonProcessingException syntax) {
      // Not JSON from here on; keep the request id read so far for the exception.
      return new Envelope<>(requestId, null, "the body is not valid JSON: " + syntaxMessage(syntax));
    }
    if (problem == null && data == null) {
      problem = sawData ? "'data' is null" : "the body has no 'data' field";
    }
    return new Envelope<>(requestId, problem == null ? (T) data : null, problem);
  }

  private static @Nullable Backfill readOne(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    return readBackfill(p, ONE);
  }

  private static @Nullable List<Backfill> readList(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw new Problem("'data': expected an array of backfills, got " + describe(t));
    }
    List<Backfill> out = new ArrayList<>();
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        throw new Problem("'" + path(i, NONE) + "': expected a backfill object, got null");
      }
      out.add(readBackfill(p, i));
      i++;
    }
    return Collections.unmodifiableList(out);
  }

  /** Reads {@code {"meta":{…},"error":{…}}} leniently: anything unusable is left null. */
  private static ErrorBody readErrorBody(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return new ErrorBody(null, null);
    }
    String requestId = null;
    ApiError error = null;
    try {
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        p.nextToken();
        if (name.equals("meta")) {
          requestId = readMeta(p);
        } else if (name.equals("error") && p.currentToken() == JsonToken.START_OBJECT) {
          String code = null;
          String message = null;
          String description = null;
          for (String f = p.nextFieldName(); f != null; f = p.nextFieldName()) {
            p.nextToken();
            switch (f) {
              case "code" -> code = textOrNull(p);
              case "message" -> message = textOrNull(p);
              case "description" -> description = textOrNull(p);
              default -> p.skipChildren();
            }
          }
          error = new ApiError(code, message, description);
        } else {
          p.skipChildren();
        }
      }
    } catch (JsonProcessingException cutShort) {
      // Keep whatever was read before the body stopped being JSON.
    }
    return new ErrorBody(error, requestId);
  }

  /** Reads {@code meta.request_id} leniently: a meta of another shape yields null, never a failure. */
  private static @Nullable String readMeta(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String requestId = null;
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      p.nextToken();
      if (name.equals("request_id")) {
        requestId = textOrNull(p);
      } else {
        p.skipChildren();
      }
    }
    return requestId;
  }

  private static @Nullable String textOrNull(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /*
   * Where a value is, for messages: the backfill is `data` (item ONE) or `data[item]`, and a value inside
   * its error report is at `.error_report[entry]` (entry NONE for the backfill's own fields). Kept as two
   * ints and spelled out only when a problem is reported, so that a good body costs no strings for it.
   */
  private static final int ONE = -1;
  private static final int NONE = -1;

  private static String path(int item, int entry) {
    String backfill = item == ONE ? "data" : "data[" + item + "]";
    return entry == NONE ? backfill : backfill + ".error_report[" + entry + "]";
  }

  /*
   * Field names. The API writes a backfill's fields in one order; the decoder asks the tokenizer whether
   * the next name is the one that usually follows the last (JsonParser.nextFieldName(SerializableString)
   * compares the raw bytes in its buffer, with no hashing and no symbol-table lookup), and only when it
   * is not does it read the name and look it up. Any order, unknown fields and escaped names still work.
   * The names, their indexes and their order come from BackfillFields, which the embedded fake's writer
   * uses too; they are turned into SerializedStrings once, here.
   */
  private static final int END = -2;
  private static final int UNKNOWN = -1;
  private static final int TRANSFER_BACKFILL_ID = BackfillFields.TRANSFER_BACKFILL_ID;
  private static final int TRANSFER_ID = BackfillFields.TRANSFER_ID;
  private static final int RANGE_START_DATE = BackfillFields.RANGE_START_DATE;
  private static final int RANGE_END_DATE = BackfillFields.RANGE_END_DATE;
  private static final int CREATED_TIME = BackfillFields.CREATED_TIME;
  private static final int CREATED_USER_ID = BackfillFields.CREATED_USER_ID;
  private static final int REMOVED_TIME = BackfillFields.REMOVED_TIME;
  private static final int REMOVED_USER_ID = BackfillFields.REMOVED_USER_ID;
  private static final int START_TIME = BackfillFields.START_TIME;
  private static final int END_TIME = BackfillFields.END_TIME;
  private static final int STATUS = BackfillFields.STATUS;
  private static final int TRANSFER_RUNS_TOTAL = BackfillFields.TRANSFER_RUNS_TOTAL;
  private static final int TRANSFER_RUNS_CREATED = BackfillFields.TRANSFER_RUNS_CREATED;
  private static final int TRANSFER_RUNS_COMPLETED = BackfillFields.TRANSFER_RUNS_COMPLETED;
  private static final int TRANSFER_RUNS_FAILED = BackfillFields.TRANSFER_RUNS_FAILED;
  private static final int ERROR_REPORT = BackfillFields.ERROR_REPORT;
  private static final SerializedString[] BACKFILL_FIELDS = names(BackfillFields.backfill().toArray(new String[0]));

  private static final int TRANSFER_RUN_DATE = BackfillFields.TRANSFER_RUN_DATE;
  private static final int ERROR = BackfillFields.ERROR;
  private static final SerializedString[] RUN_ERROR_FIELDS = names(BackfillFields.runError().toArray(new String[0]));

  private static SerializedString[] names(String... names) {
    SerializedString[] out = new SerializedString[names.length];
    for (int i = 0; i < names.length; i++) {
      out[i] = new SerializedString(names[i]);
      out[i].asQuotedUTF8(); // computed once here, not on the first body
    }
    return out;
  }

  /**
   * Moves to the next field of the object and says which of {@code fields} it is: its index,
   * {@link #UNKNOWN}, or {@link #END} at the end of the object. {@code expected} is the index of the
   * field that usually comes next.
   */
  private static int nextField(JsonParser p, SerializedString[] fields, int expected) throws IOException {
    String name;
    if (expected < fields.length) {
      if (p.nextFieldName(fields[expected])) {
        return expected;
      }
      name = p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
    } else {
      name = p.nextFieldName();
    }
    if (name == null) {
      return END;
    }
    for (int i = 0; i < fields.length; i++) {
      if (fields[i].getValue().equals(name)) {
        return i;
      }
    }
    return UNKNOWN;
  }

  /** Reads one backfill object; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
  static Backfill readBackfill(JsonParser p, int item) throws IOException {
    JsonToken start = p.currentToken();
    if (start != JsonToken.START_OBJECT) {
      throw new Problem("'" + path(item, NONE) + "': expected a backfill object, got " + describe(start));
    }
    long id = 0;
    long transferId = 0;
    boolean hasId = false;
    boolean hasTransferId = false;
    LocalDate rangeStart = null;
    LocalDate rangeEnd = null;
    Instant created = null;
    Long createdUser = null;
    Instant removed = null;
    Long removedUser = null;
    Instant started = null;
    Instant ended = null;
    BackfillStatus status = null;
    int total = 0;
    int createdRuns = 0;
    int completed = 0;
    int failed = 0;
    List<TransferRunError> errors = List.of();
    int expected = 0;
    for (int field = nextField(p, BACKFILL_FIELDS, expected); field != END; field = nextField(p, BACKFILL_FIELDS, expected)) {
      JsonToken t = p.nextToken();
      switch (field) {
        case TRANSFER_BACKFILL_ID -> {
          hasId = t != JsonToken.VALUE_NULL;
          id = hasId ? readLong(p, item, "transfer_backfill_id") : 0;
        }
        case TRANSFER_ID -> {
          hasTransferId = t != JsonToken.VALUE_NULL;
          transferId = hasTransferId ? readLong(p, item, "transfer_id") : 0;
        }
        case RANGE_START_DATE -> rangeStart = readDate(p, item, NONE, "range_start_date");
        case RANGE_END_DATE -> rangeEnd = readDate(p, item, NONE, "range_end_date");
        case CREATED_TIME -> created = readInstant(p, item, "created_time");
        case CREATED_USER_ID -> createdUser = t == JsonToken.VALUE_NULL ? null : readLong(p, item, "created_user_id");
        case REMOVED_TIME -> removed = readInstant(p, item, "removed_time");
        case REMOVED_USER_ID -> removedUser = t == JsonToken.VALUE_NULL ? null : readLong(p, item, "removed_user_id");
        case START_TIME -> started = readInstant(p, item, "start_time");
        case END_TIME -> ended = readInstant(p, item, "end_time");
        case STATUS -> status = readStatus(p, item);
        case TRANSFER_RUNS_TOTAL -> total = readCount(p, item, "transfer_runs_total");
        case TRANSFER_RUNS_CREATED -> createdRuns = readCount(p, item, "transfer_runs_created");
        case TRANSFER_RUNS_COMPLETED -> completed = readCount(p, item, "transfer_runs_completed");
        case TRANSFER_RUNS_FAILED -> failed = readCount(p, item, "transfer_runs_failed");
        case ERROR_REPORT -> errors = readErrorReport(p, item);
        default -> p.skipChildren();
      }
      expected = field == UNKNOWN ? expected : field + 1;
    }
    if (!hasId) {
      throw missing(item, "transfer_backfill_id");
    }
    if (!hasTransferId) {
      throw missing(item, "transfer_id");
    }
    if (id < 1 || transferId < 1) {
      throw new Problem("'" + path(item, NONE) + "." + (id < 1 ? "transfer_backfill_id" : "transfer_id")
          + "' must be at least 1, was " + (id < 1 ? id : transferId));
    }
    if (status == null) {
      throw missing(item, "status");
    }
    return new Backfill(
        id, transferId, rangeStart, rangeEnd, created, createdUser, removed, removedUser, started, ended,
        status, total, createdRuns, completed, failed, errors);
  }

  private static Problem missing(int item, String field) {
    return new Problem("'" + path(item, NONE) + "." + field + "' is required but missing or null");
  }

  private static Problem wrongType(int item, int entry, String field, String expected, JsonToken got) {
    return new Problem("'" + path(item, entry) + "." + field + "': expected " + expected + ", got " + describe(got));
  }

  private static long readLong(JsonParser p, int item, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(item, NONE, field, "an integer", p.currentToken());
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new Problem("'" + path(item, NONE) + "." + field + "': " + Texts.cap(p.getText())
          + " does not fit in a 64-bit integer");
    }
    return p.getLongValue();
  }

  /** Counters: absent or null is 0, as the contract says. */
  private static int readCount(JsonParser p, int item, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(item, NONE, field, "an integer", t);
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new Problem("'" + path(item, NONE) + "." + field + "': " + Texts.cap(p.getText())
          + " does not fit in a 32-bit integer");
    }
    int count = p.getIntValue();
    if (count < 0) {
      throw new Problem("'" + path(item, NONE) + "." + field + "': a run count cannot be negative, was " + count);
    }
    return count;
  }

  /** Matched on the tokenizer's characters: no String per status. */
  private static @Nullable BackfillStatus readStatus(JsonParser p, int item) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(item, NONE, "status", "a string", t);
    }
    char[] text = p.getTextCharacters();
    int at = p.getTextOffset();
    int length = p.getTextLength();
    for (BackfillStatus known : KNOWN_STATUSES) {
      if (equals(text, at, length, known.name())) {
        return known;
      }
    }
    return BackfillStatus.UNKNOWN;
  }

  /** The statuses the API documents, most frequent in a team's list first. */
  private static final BackfillStatus[] KNOWN_STATUSES = {
    BackfillStatus.RUNNING, BackfillStatus.SCHEDULED, BackfillStatus.CREATED, BackfillStatus.FAILED,
    BackfillStatus.COMPLETED, BackfillStatus.CANCELLED,
  };

  private static boolean equals(char[] text, int at, int length, String s) {
    if (length != s.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (text[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable LocalDate readDate(JsonParser p, int item, int entry, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(item, entry, field, "a date string", t);
    }
    LocalDate fast = Timestamps.parseDate(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (fast != null) {
      return fast;
    }
    try {
      return Jsr310.DATE.readValue(p);
    } catch (JsonProcessingException | DateTimeException e) {
      throw new Problem("'" + path(item, entry) + "." + field + "': not an ISO-8601 date: " + quote(p.getText()));
    }
  }

  private static @Nullable Instant readInstant(JsonParser p, int item, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(item, NONE, field, "a timestamp string", t);
    }
    Instant fast = Timestamps.parseInstant(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (fast != null) {
      return fast;
    }
    try {
      return Jsr310.INSTANT.readValue(p);
    } catch (JsonProcessingException | DateTimeException e) {
      // jackson-datatype-jsr310 lets DateTimeException out unwrapped on some paths (decimal epoch strings).
      throw new Problem("'" + path(item, NONE) + "." + field + "': not an ISO-8601 timestamp: " + quote(p.getText()));
    }
  }

  /**
   * JSR-310 through jackson-datatype-jsr310, for every date or timestamp outside the API's fixed forms:
   * the answer (or the error) the plain module gives. Built on first use, so that a client whose server
   * keeps to those forms never loads databind's mapper.
   */
  private static final class Jsr310 {
    private static final ObjectReader INSTANT;
    private static final ObjectReader DATE;

    static {
      ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
      INSTANT = mapper.readerFor(Instant.class);
      DATE = mapper.readerFor(LocalDate.class);
    }

    private Jsr310() {}
  }

  /**
   * The error report, made unmodifiable here (so that the record's defensive copy is free): no list for
   * none, and no ArrayList for the one or two entries most backfills have.
   */
  private static List<TransferRunError> readErrorReport(JsonParser p, int item) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw wrongType(item, NONE, "error_report", "an array", t);
    }
    TransferRunError first = null;
    TransferRunError second = null;
    List<TransferRunError> more = null;
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      TransferRunError entry = readRunError(p, t, item, i);
      if (i == 0) {
        first = entry;
      } else if (i == 1) {
        second = entry;
      } else {
        if (more == null) {
          more = new ArrayList<>();
          more.add(first);
          more.add(second);
        }
        more.add(entry);
      }
      i++;
    }
    return switch (i) {
      case 0 -> List.of();
      case 1 -> List.of(first);
      case 2 -> List.of(first, second);
      default -> List.copyOf(more);
    };
  }

  private static TransferRunError readRunError(JsonParser p, JsonToken start, int item, int entry) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      throw new Problem("'" + path(item, entry) + "': expected an object, got " + describe(start));
    }
    LocalDate date = null;
    String error = null;
    int expected = 0;
    for (int field = nextField(p, RUN_ERROR_FIELDS, expected); field != END; field = nextField(p, RUN_ERROR_FIELDS, expected)) {
      JsonToken v = p.nextToken();
      if (field == TRANSFER_RUN_DATE) {
        date = readDate(p, item, entry, "transfer_run_date");
      } else if (field == ERROR) {
        if (v == JsonToken.VALUE_STRING) {
          error = p.getText();
        } else if (v != JsonToken.VALUE_NULL) {
          throw wrongType(item, entry, "error", "a string", v);
        }
      } else {
        p.skipChildren();
      }
      expected = field == UNKNOWN ? expected : field + 1;
    }
    return new TransferRunError(date, error);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /** Jackson's description of a syntax error with its position, without the echoed source. */
  static String syntaxMessage(JsonProcessingException e) {
    String what = Texts.cap(String.valueOf(e.getOriginalMessage()));
    com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
    return at == null ? what : what + " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  /**
   * The offending value, for the message. Not shortened to a readable length here: the transport first
   * scrubs the token from the whole message, then shortens it, so no token prefix can survive a cut.
   */
  private static String quote(String value) {
    return '"' + Texts.cap(value) + '"';
  }
}
