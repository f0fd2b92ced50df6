package dev.backfills.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.backfills.model.ApiError;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns the API's {@code meta}/{@code data}/{@code error} envelopes into records.
 *
 * <p>One instance per client, configured once; it is immutable and thread-safe. Bodies are streamed from
 * the socket into Jackson's tokenizer and decoded field by field by hand-written deserializers: they
 * name the exact field that is missing or of the wrong type, tolerate unknown fields and statuses, and
 * avoid the reflection and intermediate trees of bean binding. Dates and timestamps in the API's own
 * fixed formats take a fast path ({@link Timestamps}); every other ISO-8601 form goes to JSR-310.
 */
public final class Json {
  private static final TypeReference<Envelope<Backfill>> ONE = new TypeReference<>() {};
  private static final TypeReference<Envelope<List<Backfill>>> MANY = new TypeReference<>() {};

  private final ObjectReader oneReader;
  private final ObjectReader manyReader;
  private final ObjectReader errorReader;

  /** Builds the mapper and its three readers. */
  public Json() {
    SimpleModule envelopes = new SimpleModule("backfills-envelopes");
    envelopes.addDeserializer(Envelope.class, new EnvelopeDeserializer(false));
    envelopes.addDeserializer(ErrorBody.class, new ErrorBodyDeserializer());
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(envelopes);
    this.oneReader = mapper.readerFor(ONE);
    this.manyReader = mapper.readerFor(MANY);
    this.errorReader = mapper.readerFor(ErrorBody.class);
  }

  /**
   * Decodes the envelope of one backfill.
   *
   * @throws JsonProcessingException when the body is not JSON at all
   * @throws IOException when reading the stream fails
   */
  public Envelope<Backfill> readBackfill(InputStream body) throws IOException {
    return orNullBody(oneReader.readValue(body));
  }

  /**
   * Decodes the envelope of a list of backfills. The list in the result is unmodifiable.
   *
   * @throws JsonProcessingException when the body is not JSON at all
   * @throws IOException when reading the stream fails
   */
  public Envelope<List<Backfill>> readBackfillList(InputStream body) throws IOException {
    return orNullBody(manyReader.readValue(body));
  }

  /** Jackson answers a body of just {@code null} with no value at all, without asking the deserializer. */
  private static <T> Envelope<T> orNullBody(Envelope<T> read) {
    return read != null ? read : new Envelope<>(null, null, "the body is null, not a JSON object");
  }

  /**
   * Reads what it can of an error answer's body; never throws for content, only returns less.
   *
   * @param body the first bytes of the body
   * @return the error and request id found, each null when absent or unreadable
   */
  public ErrorBody readError(byte[] body) {
    try {
      ErrorBody read = errorReader.readValue(body);
      return read == null ? new ErrorBody(null, null) : read;
    } catch (IOException | RuntimeException notAnEnvelope) {
      return new ErrorBody(null, null);
    }
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
  private static final class EnvelopeDeserializer extends StdDeserializer<Envelope<?>>
      implements ContextualDeserializer {
    private static final long serialVersionUID = 1L;
    private final boolean list;

    EnvelopeDeserializer(boolean list) {
      super(Envelope.class);
      this.list = list;
    }

    /** Picks the list or single shape once per reader, from the envelope's type argument. */
    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
      JavaType type = ctxt.getContextualType();
      boolean wantsList = type != null && type.containedTypeCount() == 1 && type.containedType(0).isCollectionLikeType();
      return wantsList == list ? this : new EnvelopeDeserializer(wantsList);
    }

    @Override
    public Envelope<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) {
        p.skipChildren();
        return new Envelope<>(null, null, "the body is " + describe(p.currentToken()) + ", not a JSON object");
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
          case "meta":
            requestId = readMeta(p);
            break;
          case "data":
            sawData = true;
            try {
              data = list ? readList(p, ctxt) : readOne(p, ctxt, "data");
            } catch (Problem e) {
              if (problem == null) {
                problem = e.getMessage();
              }
              data = null;
              while (p.getParsingContext() != envelope && p.nextToken() != null) {
                // skip the rest of the broken value, up to the envelope's next field
              }
            }
            break;
          default:
            p.skipChildren();
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
      return new Envelope<>(requestId, problem == null ? data : null, problem);
    }

    private static Backfill readOne(JsonParser p, DeserializationContext ctxt, String path) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      return readBackfill(p, ctxt, path);
    }

    private static List<Backfill> readList(JsonParser p, DeserializationContext ctxt) throws IOException {
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
          throw new Problem("'data[" + i + "]': expected a backfill object, got null");
        }
        out.add(readBackfill(p, ctxt, "data[" + i + "]"));
        i++;
      }
      return Collections.unmodifiableList(out);
    }
  }

  /** Reads {@code {"meta":{…},"error":{…}}} leniently: anything unusable is left null. */
  private static final class ErrorBodyDeserializer extends StdDeserializer<ErrorBody> {
    private static final long serialVersionUID = 1L;

    ErrorBodyDeserializer() {
      super(ErrorBody.class);
    }

    @Override
    public ErrorBody deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartObjectToken()) {
        p.skipChildren();
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
  }

  /** Reads {@code meta.request_id} leniently: a meta of another shape yields null, never a failure. */
  private static String readMeta(JsonParser p) throws IOException {
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

  private static String textOrNull(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** Reads one backfill object; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
  static Backfill readBackfill(JsonParser p, DeserializationContext ctxt, String path) throws IOException {
    JsonToken start = p.currentToken();
    if (start != JsonToken.START_OBJECT) {
      throw new Problem("'" + path + "': expected a backfill object, got " + describe(start));
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
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "transfer_backfill_id" -> {
          hasId = t != JsonToken.VALUE_NULL;
          id = hasId ? readLong(p, path, name) : 0;
        }
        case "transfer_id" -> {
          hasTransferId = t != JsonToken.VALUE_NULL;
          transferId = hasTransferId ? readLong(p, path, name) : 0;
        }
        case "range_start_date" -> rangeStart = readDate(p, ctxt, path, name);
        case "range_end_date" -> rangeEnd = readDate(p, ctxt, path, name);
        case "created_time" -> created = readInstant(p, ctxt, path, name);
        case "created_user_id" -> createdUser = t == JsonToken.VALUE_NULL ? null : readLong(p, path, name);
        case "removed_time" -> removed = readInstant(p, ctxt, path, name);
        case "removed_user_id" -> removedUser = t == JsonToken.VALUE_NULL ? null : readLong(p, path, name);
        case "start_time" -> started = readInstant(p, ctxt, path, name);
        case "end_time" -> ended = readInstant(p, ctxt, path, name);
        case "status" -> status = readStatus(p, path);
        case "transfer_runs_total" -> total = readCount(p, path, name);
        case "transfer_runs_created" -> createdRuns = readCount(p, path, name);
        case "transfer_runs_completed" -> completed = readCount(p, path, name);
        case "transfer_runs_failed" -> failed = readCount(p, path, name);
        case "error_report" -> errors = readErrorReport(p, ctxt, path);
        default -> p.skipChildren();
      }
    }
    if (!hasId) {
      throw missing(path, "transfer_backfill_id");
    }
    if (!hasTransferId) {
      throw missing(path, "transfer_id");
    }
    if (id < 1 || transferId < 1) {
      throw new Problem("'" + path + "." + (id < 1 ? "transfer_backfill_id" : "transfer_id")
          + "' must be at least 1, was " + (id < 1 ? id : transferId));
    }
    if (status == null) {
      throw missing(path, "status");
    }
    return new Backfill(
        id, transferId, rangeStart, rangeEnd, created, createdUser, removed, removedUser, started, ended,
        status, total, createdRuns, completed, failed, errors);
  }

  private static Problem missing(String path, String field) {
    return new Problem("'" + path + "." + field + "' is required but missing or null");
  }

  private static Problem wrongType(String path, String field, String expected, JsonToken got) {
    return new Problem("'" + path + "." + field + "': expected " + expected + ", got " + describe(got));
  }

  private static long readLong(JsonParser p, String path, String field) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(path, field, "an integer", p.currentToken());
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new Problem("'" + path + "." + field + "': " + Texts.cap(p.getText()) + " does not fit in a 64-bit integer");
    }
    return p.getLongValue();
  }

  /** Counters: absent or null is 0, as the contract says. */
  private static int readCount(JsonParser p, String path, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(path, field, "an integer", t);
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw new Problem("'" + path + "." + field + "': " + Texts.cap(p.getText()) + " does not fit in a 32-bit integer");
    }
    int count = p.getIntValue();
    if (count < 0) {
      throw new Problem("'" + path + "." + field + "': a run count cannot be negative, was " + count);
    }
    return count;
  }

  private static BackfillStatus readStatus(JsonParser p, String path) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, "status", "a string", t);
    }
    return switch (p.getText()) {
      case "CREATED" -> BackfillStatus.CREATED;
      case "SCHEDULED" -> BackfillStatus.SCHEDULED;
      case "RUNNING" -> BackfillStatus.RUNNING;
      case "FAILED" -> BackfillStatus.FAILED;
      case "COMPLETED" -> BackfillStatus.COMPLETED;
      case "CANCELLED" -> BackfillStatus.CANCELLED;
      default -> BackfillStatus.UNKNOWN;
    };
  }

  private static LocalDate readDate(JsonParser p, DeserializationContext ctxt, String path, String field)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, field, "a date string", t);
    }
    LocalDate fast = Timestamps.parseDate(p.getText());
    if (fast != null) {
      return fast;
    }
    try {
      return ctxt.readValue(p, LocalDate.class);
    } catch (JsonProcessingException | DateTimeException e) {
      throw new Problem("'" + path + "." + field + "': not an ISO-8601 date: " + quote(p.getText()));
    }
  }

  private static Instant readInstant(JsonParser p, DeserializationContext ctxt, String path, String field)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, field, "a timestamp string", t);
    }
    Instant fast = Timestamps.parseInstant(p.getText());
    if (fast != null) {
      return fast;
    }
    try {
      return ctxt.readValue(p, Instant.class);
    } catch (JsonProcessingException | DateTimeException e) {
      // jackson-datatype-jsr310 lets DateTimeException out unwrapped on some paths (decimal epoch strings).
      throw new Problem("'" + path + "." + field + "': not an ISO-8601 timestamp: " + quote(p.getText()));
    }
  }

  private static List<TransferRunError> readErrorReport(JsonParser p, DeserializationContext ctxt, String path)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw wrongType(path, "error_report", "an array", t);
    }
    List<TransferRunError> out = null;
    int i = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String item = path + ".error_report[" + i + "]";
      if (t != JsonToken.START_OBJECT) {
        throw new Problem("'" + item + "': expected an object, got " + describe(t));
      }
      LocalDate date = null;
      String error = null;
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken v = p.nextToken();
        if (name.equals("transfer_run_date")) {
          date = readDate(p, ctxt, item, name);
        } else if (name.equals("error")) {
          if (v == JsonToken.VALUE_STRING) {
            error = p.getText();
          } else if (v != JsonToken.VALUE_NULL) {
            throw wrongType(item, name, "a string", v);
          }
        } else {
          p.skipChildren();
        }
      }
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(new TransferRunError(date, error));
      i++;
    }
    return out == null ? List.of() : out;
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
