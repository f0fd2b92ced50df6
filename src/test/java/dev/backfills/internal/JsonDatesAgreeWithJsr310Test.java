package dev.backfills.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.backfills.model.Backfill;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The decoder's dates and timestamps, fast path and fallback together, against plain jackson-datatype-jsr310
 * ({@code ObjectMapper} + {@code JavaTimeModule}, {@code readValue("\"…\"", Instant.class)}): over many
 * generated strings, valid and invalid, the SDK's {@link Json} decodes a body holding the string to the
 * value the plain mapper gives, or both fail. Seeded, so a failure reproduces.
 */
class JsonDatesAgreeWithJsr310Test {
  private static final ObjectMapper PLAIN = new ObjectMapper().registerModule(new JavaTimeModule());
  private final Json json = new Json();

  @Test
  void timestampsDecodeLikeJsr310() throws IOException {
    SplittableRandom random = new SplittableRandom(20260304);
    List<String> candidates = new ArrayList<>(fixedTimestamps());
    for (int i = 0; i < 30_000; i++) {
      candidates.add(mutateSometimes(random, timestamp(random)));
    }
    int fast = 0;
    int agreedFailures = 0;
    for (String s : candidates) {
      Outcome<Instant> sdk = sdk(s, "created_time", Backfill::createdTime);
      Outcome<Instant> plain = plain(s, Instant.class);
      assertThat(sdk).as("created_time %s", PLAIN.writeValueAsString(s)).isEqualTo(plain);
      fast += Timestamps.parseInstant(s) != null ? 1 : 0;
      agreedFailures += plain.failed ? 1 : 0;
    }
    // The sweep must exercise all three: the fast path, the fallback's successes and its failures.
    assertThat(fast).isGreaterThan(3_000);
    assertThat(agreedFailures).isGreaterThan(3_000);
    assertThat(candidates.size() - fast - agreedFailures).isGreaterThan(3_000);
  }

  @Test
  void datesDecodeLikeJsr310() throws IOException {
    SplittableRandom random = new SplittableRandom(20260305);
    List<String> candidates = new ArrayList<>(fixedDates());
    for (int i = 0; i < 30_000; i++) {
      candidates.add(mutateSometimes(random, date(random)));
    }
    int fast = 0;
    int agreedFailures = 0;
    for (String s : candidates) {
      Outcome<LocalDate> plain = plain(s, LocalDate.class);
      assertThat(sdk(s, "range_start_date", Backfill::rangeStartDate)).as("range_start_date %s", s).isEqualTo(plain);
      assertThat(sdkRunDate(s)).as("transfer_run_date %s", s).isEqualTo(plain);
      fast += Timestamps.parseDate(s) != null ? 1 : 0;
      agreedFailures += plain.failed ? 1 : 0;
    }
    assertThat(fast).isGreaterThan(3_000);
    assertThat(agreedFailures).isGreaterThan(3_000);
    assertThat(candidates.size() - fast - agreedFailures).isGreaterThan(1_000);
  }

  /** A value, or a failure: what decoding one string gave. */
  record Outcome<T>(T value, boolean failed) {}

  private <T> Outcome<T> sdk(String text, String field, Function<Backfill, T> read) throws IOException {
    String body = "{\"meta\":{\"request_id\":\"r\"},\"data\":{\"transfer_backfill_id\":1,\"transfer_id\":2,"
        + "\"status\":\"RUNNING\",\"" + field + "\":" + PLAIN.writeValueAsString(text) + "}}";
    Envelope<Backfill> e = json.readBackfill(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.requestId()).isEqualTo("r");
    if (e.problem() != null) {
      assertThat(e.problem()).startsWith("'data." + field + "': not an ISO-8601");
      return new Outcome<>(null, true);
    }
    return new Outcome<>(read.apply(e.data()), false);
  }

  private Outcome<LocalDate> sdkRunDate(String text) throws IOException {
    String body = "{\"data\":{\"transfer_backfill_id\":1,\"transfer_id\":2,\"status\":\"RUNNING\","
        + "\"error_report\":[{\"error\":\"x\"},{\"transfer_run_date\":" + PLAIN.writeValueAsString(text) + "}]}}";
    Envelope<Backfill> e = json.readBackfill(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    if (e.problem() != null) {
      assertThat(e.problem()).startsWith("'data.error_report[1].transfer_run_date': not an ISO-8601 date");
      return new Outcome<>(null, true);
    }
    return new Outcome<>(e.data().errorReport().get(1).transferRunDate(), false);
  }

  private static <T> Outcome<T> plain(String text, Class<T> type) throws IOException {
    try {
      return new Outcome<>(PLAIN.readValue(PLAIN.writeValueAsString(text), type), false);
    } catch (JsonProcessingException | DateTimeException e) {
      return new Outcome<>(null, true);
    }
  }

  private static List<String> fixedTimestamps() {
    return List.of(
        "2024-02-01T09:00:00Z", "2024-02-29T23:59:59Z", "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
        "2000-02-29T12:00:00Z", "0000-01-01T00:00:00Z", "0000-02-29T00:00:00Z", "9999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "+2024-02-01T09:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z", "2024-01-32T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T24:00:00Z",
        "2024-01-01T23:60:00Z", "2024-12-31T23:59:60Z", "2024-01-01t00:00:00Z", "2024-01-01T00:00:00z",
        "2024-01-01T00:00:00+02:00", "2024-01-01T00:00:00-05:30", "2024-01-01T00:00:00-0530",
        "2024-01-01T00:00:00+0000", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00+18:00",
        "2024-01-01T00:00:00+19:00", "2024-01-01T00:00:00.5Z", "2024-01-01T00:00:00.123456789Z",
        "2024-01-01T00:00:00.1234567891Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00", "2024-01-01",
        "", " ", "  2024-02-01T09:00:00Z", "2024-02-01T09:00:00Z ", "\t2024-02-01T09:00:00Z\n",
        "2024-02-01 09:00:00Z", "1700000000", "1700000000.5", "-1", "0", "null", "2024-02-01T09:00:00ZZ",
        "２０２４-02-01T09:00:00Z", "2024-02-01T09:00:00.Z", "2024-W05-4T09:00:00Z", "2024-032T09:00:00Z");
  }

  private static List<String> fixedDates() {
    return List.of(
        "2024-01-15", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2100-02-29", "0000-02-29",
        "0000-01-01", "9999-12-31", "+10000-01-01", "-0001-01-01", "+2024-01-15", "2024-13-01", "2024-00-10",
        "2024-01-00", "2024-01-32", "2024-04-31", "2024-1-15", "2024-01-5", "24-01-15", "2024/01/15", "",
        " ", " 2024-01-15", "2024-01-15 ", "2024-01-15T00:00:00Z", "2024-01-15T00:00:00", "20240115",
        "2024-01-15Z", "2024-01-15+02:00", "２０２４-01-15", "19000", "2024-W03-1", "2024-015");
  }

  private static final int[] INTERESTING_YEARS = {0, 1, 4, 100, 400, 1582, 1900, 1970, 2000, 2023, 2024, 2100, 9999};

  private static int year(SplittableRandom r) {
    return r.nextInt(4) == 0 ? INTERESTING_YEARS[r.nextInt(INTERESTING_YEARS.length)] : r.nextInt(10_000);
  }

  /** Mostly valid fields, sometimes just out of range (month 13, day 31 of a 30-day month, Feb 29). */
  private static String datePart(SplittableRandom r) {
    int month = r.nextInt(20) == 0 ? r.nextInt(15) : 1 + r.nextInt(12);
    int day = r.nextInt(4) == 0 ? 28 + r.nextInt(4) : r.nextInt(20) == 0 ? r.nextInt(33) : 1 + r.nextInt(28);
    int year = year(r);
    String y = r.nextInt(50) == 0 ? (r.nextBoolean() ? "+" : "-") + (r.nextBoolean() ? "10000" : String.format("%04d", year))
        : String.format("%04d", year);
    return y + "-" + two(month) + "-" + two(day);
  }

  private static String date(SplittableRandom r) {
    return datePart(r);
  }

  private static String timestamp(SplittableRandom r) {
    int hour = r.nextInt(20) == 0 ? 24 : r.nextInt(24);
    int minute = r.nextInt(30) == 0 ? 60 : r.nextInt(60);
    int second = r.nextInt(30) == 0 ? 60 : r.nextInt(60);
    StringBuilder s = new StringBuilder(datePart(r))
        .append(r.nextInt(25) == 0 ? 't' : 'T').append(two(hour)).append(':').append(two(minute));
    if (r.nextInt(25) != 0) {
      s.append(':').append(two(second));
    }
    if (r.nextInt(6) == 0) {
      s.append('.');
      int digits = 1 + r.nextInt(10);
      for (int i = 0; i < digits; i++) {
        s.append((char) ('0' + r.nextInt(10)));
      }
    }
    switch (r.nextInt(12)) {
      case 0 -> s.append('z');
      case 1 -> s.append(r.nextBoolean() ? '+' : '-').append(two(r.nextInt(20))).append(':').append(two(r.nextInt(60)));
      case 2 -> s.append(r.nextBoolean() ? '+' : '-').append(two(r.nextInt(20))).append(two(r.nextInt(60)));
      case 3 -> s.append("+00:00");
      case 4 -> { } // no offset at all
      default -> s.append('Z');
    }
    return s.toString();
  }

  /** One time in five: a character replaced, deleted or inserted, or white space around it. */
  private static String mutateSometimes(SplittableRandom r, String s) {
    if (r.nextInt(5) != 0 || s.isEmpty()) {
      return s;
    }
    String alphabet = "0123456789-:.+TZtz /W";
    int at = r.nextInt(s.length());
    char c = alphabet.charAt(r.nextInt(alphabet.length()));
    return switch (r.nextInt(4)) {
      case 0 -> s.substring(0, at) + c + s.substring(at + 1);
      case 1 -> s.substring(0, at) + s.substring(at + 1);
      case 2 -> s.substring(0, at) + c + s.substring(at);
      default -> r.nextBoolean() ? " " + s : s + "\t";
    };
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
