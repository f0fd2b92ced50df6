package dev.backfills.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bodies of the two writes, as the API describes them, and says exactly what is wrong with one
 * that does not fit: a JSON object (unknown fields ignored, a repeated field's last value wins) sent as
 * {@code Content-Type: application/json}.
 */
final class RequestBodies {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private RequestBodies() {}

  /** Why a body cannot be used; the message is the error's description. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String description) {
      super(description, null, false, false);
    }
  }

  /** The range of a create: both ends inclusive; not yet checked for start after end. */
  record Range(LocalDate start, LocalDate end) {}

  /** {@code {"range_start":"YYYY-MM-DD","range_end":"YYYY-MM-DD"}}. */
  static Range createBody(@Nullable String contentType, byte[] body) throws Invalid {
    Map<String, Value> fields = fields(contentType, body);
    return new Range(date(fields, "range_start"), date(fields, "range_end"));
  }

  /** {@code {"status":"CANCELLED"}}, the only change the API supports. */
  static void cancelBody(@Nullable String contentType, byte[] body) throws Invalid {
    Value status = fields(contentType, body).get("status");
    if (status == null) {
      throw new Invalid("The body must have 'status': \"CANCELLED\".");
    }
    if (!"CANCELLED".equals(status.text())) {
      throw new Invalid("'status' can only be \"CANCELLED\", the one change supported.");
    }
  }

  /** A top-level field's value: its text when it is a string, null for any other JSON value. */
  private record Value(@Nullable String text) {}

  /** The top-level fields of the JSON object that is the body. */
  private static Map<String, Value> fields(@Nullable String contentType, byte[] body) throws Invalid {
    if (contentType == null || !mediaType(contentType).equals("application/json")) {
      throw new Invalid("The body must be sent as Content-Type: application/json.");
    }
    Map<String, Value> fields = new HashMap<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Invalid("The body must be a JSON object.");
      }
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_STRING) {
          fields.put(name, new Value(p.getText()));
        } else {
          p.skipChildren();
          fields.put(name, new Value(null));
        }
      }
      if (p.nextToken() != null) {
        throw new Invalid("The body must be one JSON object, with nothing after it.");
      }
    } catch (JsonProcessingException e) {
      throw new Invalid("The body is not valid JSON.");
    } catch (IOException e) {
      throw new Invalid("The body cannot be read.");
    }
    return fields;
  }

  private static LocalDate date(Map<String, Value> fields, String name) throws Invalid {
    Value field = fields.get(name);
    if (field == null) {
      throw new Invalid("'" + name + "' is required.");
    }
    String value = field.text();
    if (value == null || !DATE.matcher(value).matches()) {
      throw new Invalid("'" + name + "' must be a date written YYYY-MM-DD.");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeException e) {
      throw new Invalid("'" + name + "' is not a date of the calendar: " + value + ".");
    }
  }

  /** {@code application/json} of {@code Application/JSON; charset=utf-8}. */
  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
