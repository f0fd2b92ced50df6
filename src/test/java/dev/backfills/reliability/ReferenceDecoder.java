package dev.backfills.reliability;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's decoding rules, written a second time and independently of the client: a plain Jackson
 * tree, then the rules of CONTRACT.md field by field. The hostile-input properties compare the client
 * with it: the client must throw MalformedResponseException exactly when this says "malformed", and
 * otherwise return exactly the records this builds.
 *
 * <p>Only the parsing of date and timestamp strings is delegated to jackson-datatype-jsr310, as the
 * client does for every form other than the API's own, so both accept the same ISO-8601 spellings.
 */
final class ReferenceDecoder {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** What a body must decode to: either malformed, or this data and request id. */
  record Expected(boolean malformed, Object data, String requestId) {
    static Expected malformedBody() {
      return new Expected(true, null, null);
    }

    @Override
    public String toString() {
      return malformed ? "MalformedResponseException" : "data=" + data + ", requestId=" + abbreviate(requestId);
    }
  }

  private ReferenceDecoder() {}

  /** The expected outcome of a 2xx answer with {@code body}, for one backfill or a list of them. */
  static Expected decode(byte[] body, boolean list) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (Exception notJson) {
      return Expected.malformedBody();
    }
    if (root == null || !root.isObject()) {
      return Expected.malformedBody();
    }
    JsonNode meta = root.get("meta");
    String requestId = meta != null && meta.isObject() && meta.has("request_id") && meta.get("request_id").isTextual()
        ? meta.get("request_id").textValue()
        : null;
    JsonNode data = root.get("data");
    try {
      if (data == null || data.isNull()) {
        throw new Bad();
      }
      if (list) {
        if (!data.isArray()) {
          throw new Bad();
        }
        List<Backfill> out = new ArrayList<>();
        for (JsonNode item : data) {
          out.add(backfill(item));
        }
        return new Expected(false, List.copyOf(out), requestId);
      }
      return new Expected(false, backfill(data), requestId);
    } catch (Bad e) {
      return new Expected(true, null, requestId);
    }
  }

  /** A rule of the contract is broken: the answer is malformed. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad() {
      super(null, null, false, false);
    }
  }

  private static Backfill backfill(JsonNode b) throws Bad {
    if (b == null || !b.isObject()) {
      throw new Bad();
    }
    return new Backfill(
        id(b.get("transfer_backfill_id")),
        id(b.get("transfer_id")),
        date(b.get("range_start_date")),
        date(b.get("range_end_date")),
        instant(b.get("created_time")),
        optionalLong(b.get("created_user_id")),
        instant(b.get("removed_time")),
        optionalLong(b.get("removed_user_id")),
        instant(b.get("start_time")),
        instant(b.get("end_time")),
        status(b.get("status")),
        count(b.get("transfer_runs_total")),
        count(b.get("transfer_runs_created")),
        count(b.get("transfer_runs_completed")),
        count(b.get("transfer_runs_failed")),
        errorReport(b.get("error_report")));
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  private static long requiredLong(JsonNode n) throws Bad {
    if (absent(n) || !n.isIntegralNumber() || !(n.isInt() || n.isLong())) {
      throw new Bad();
    }
    return n.longValue();
  }

  /** The two ids: documented as at least 1. */
  private static long id(JsonNode n) throws Bad {
    long id = requiredLong(n);
    if (id < 1) {
      throw new Bad();
    }
    return id;
  }

  private static Long optionalLong(JsonNode n) throws Bad {
    return absent(n) ? null : requiredLong(n);
  }

  /** Counters: absent or null is 0; otherwise a JSON integer that fits in 32 bits and is not negative. */
  private static int count(JsonNode n) throws Bad {
    if (absent(n)) {
      return 0;
    }
    if (!n.isInt() || n.intValue() < 0) {
      throw new Bad();
    }
    return n.intValue();
  }

  private static BackfillStatus status(JsonNode n) throws Bad {
    if (absent(n) || !n.isTextual()) {
      throw new Bad();
    }
    for (BackfillStatus s : BackfillStatus.values()) {
      if (s != BackfillStatus.UNKNOWN && s.name().equals(n.textValue())) {
        return s;
      }
    }
    return BackfillStatus.UNKNOWN;
  }

  private static LocalDate date(JsonNode n) throws Bad {
    if (absent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      throw new Bad();
    }
    try {
      return MAPPER.treeToValue(n, LocalDate.class);
    } catch (Exception e) {
      throw new Bad();
    }
  }

  private static Instant instant(JsonNode n) throws Bad {
    if (absent(n)) {
      return null;
    }
    if (!n.isTextual()) {
      throw new Bad();
    }
    try {
      return MAPPER.treeToValue(n, Instant.class);
    } catch (Exception e) {
      throw new Bad();
    }
  }

  private static List<TransferRunError> errorReport(JsonNode n) throws Bad {
    if (absent(n)) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new Bad();
    }
    List<TransferRunError> out = new ArrayList<>();
    for (JsonNode item : n) {
      if (item == null || !item.isObject()) {
        throw new Bad();
      }
      JsonNode error = item.get("error");
      if (!absent(error) && !error.isTextual()) {
        throw new Bad();
      }
      out.add(new TransferRunError(date(item.get("transfer_run_date")), absent(error) ? null : error.textValue()));
    }
    return out;
  }

  static String abbreviate(String s) {
    return s == null || s.length() <= 80 ? s : s.substring(0, 80) + "…(" + s.length() + " chars)";
  }
}
