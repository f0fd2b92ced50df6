package dev.backfills.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/**
 * The bodies every contender reads, built once, byte for byte the same for all of them.
 *
 * <p>The single backfill is the vendor's example (shared/seeds/get-backfill-by-id.txt) with two
 * {@code error_report} entries instead of none. The lists are {@code n} varied backfills of a team's
 * incomplete list, newest first, from a fixed seed: every status the list can hold, timestamps present or
 * null as the status implies, 0 to 3 error-report entries, messages with and without escapes. All dates
 * and timestamps are in the API's own forms ({@code 2024-01-15}, {@code 2024-02-01T09:00:00Z}).
 */
public final class Payloads {
  private Payloads() {}

  public static final long TEAM = 1;
  public static final long BACKFILL_ID = 12345;
  public static final String REQUEST_ID = "01892A4D-7586-7000-8000-000000000000";

  /** The seed's single backfill, with two error-report entries. */
  public static byte[] single() {
    String json = "{\"meta\":{\"request_id\":\"" + REQUEST_ID + "\"},\"data\":"
        + "{\"transfer_backfill_id\":12345,\"transfer_id\":456789,"
        + "\"range_start_date\":\"2024-01-01\",\"range_end_date\":\"2024-01-31\","
        + "\"created_time\":\"2024-02-01T09:00:00Z\",\"created_user_id\":789,"
        + "\"start_time\":\"2024-02-01T10:00:00Z\",\"end_time\":null,\"status\":\"RUNNING\","
        + "\"transfer_runs_total\":31,\"transfer_runs_created\":31,"
        + "\"transfer_runs_completed\":25,\"transfer_runs_failed\":2,"
        + "\"error_report\":["
        + "{\"transfer_run_date\":\"2024-01-15\",\"error\":\"Connection timeout to data source\"},"
        + "{\"transfer_run_date\":\"2024-01-16\",\"error\":\"Rate limit exceeded at the data source\"}]}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static final String[] STATUSES = {"CREATED", "SCHEDULED", "RUNNING", "RUNNING", "RUNNING", "FAILED"};
  private static final String[] ERRORS = {
    "Connection timeout to data source",
    "Rate limit exceeded at the data source",
    "Invalid credentials for data source \\\"Google Ads\\\"; reconnect the account",
    "Source API returned HTTP 500: internal error (request 7f3a9c)",
    "Quota exhausted for account 123-456-7890 \\u2013 retry tomorrow",
  };

  /** A list envelope of {@code n} varied backfills. */
  public static byte[] list(int n) {
    SplittableRandom random = new SplittableRandom(20260304L + n);
    StringBuilder out = new StringBuilder(n * 560 + 64);
    out.append("{\"meta\":{\"request_id\":\"").append(REQUEST_ID).append("\"},\"data\":[");
    LocalDate epoch = LocalDate.of(2020, 1, 1);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(',');
      }
      String status = STATUSES[random.nextInt(STATUSES.length)];
      LocalDate start = epoch.plusDays(random.nextInt(1800));
      int days = 1 + random.nextInt(365);
      LocalDate end = start.plusDays(days - 1);
      Instant created = end.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
          .plusSeconds(random.nextInt(86_400));
      boolean started = !status.equals("CREATED") && !status.equals("SCHEDULED");
      Instant startTime = started ? created.plusSeconds(60 + random.nextInt(7_200)) : null;
      Instant endTime = status.equals("FAILED") ? startTime.plusSeconds(600 + random.nextInt(86_400)) : null;
      int total = days;
      int createdRuns = status.equals("CREATED") ? random.nextInt(total + 1) : total;
      int completed = started ? random.nextInt(total + 1) : 0;
      int failed = started && completed < total ? random.nextInt(Math.min(5, total - completed) + 1) : 0;
      out.append("{\"transfer_backfill_id\":").append(9_000_000 - i)
          .append(",\"transfer_id\":").append(100_000 + random.nextInt(900_000))
          .append(",\"range_start_date\":\"").append(start).append('"')
          .append(",\"range_end_date\":\"").append(end).append('"')
          .append(",\"created_time\":").append(timestamp(created))
          .append(",\"created_user_id\":").append(700 + random.nextInt(300))
          .append(",\"removed_time\":null,\"removed_user_id\":null")
          .append(",\"start_time\":").append(timestamp(startTime))
          .append(",\"end_time\":").append(timestamp(endTime))
          .append(",\"status\":\"").append(status).append('"')
          .append(",\"transfer_runs_total\":").append(total)
          .append(",\"transfer_runs_created\":").append(createdRuns)
          .append(",\"transfer_runs_completed\":").append(completed)
          .append(",\"transfer_runs_failed\":").append(failed)
          .append(",\"error_report\":[");
      for (int e = 0; e < Math.min(failed, 3); e++) {
        if (e > 0) {
          out.append(',');
        }
        out.append("{\"transfer_run_date\":\"").append(start.plusDays(random.nextInt(days))).append('"')
            .append(",\"error\":\"").append(ERRORS[random.nextInt(ERRORS.length)]).append("\"}");
      }
      out.append("]}");
    }
    out.append("]}");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String timestamp(Instant t) {
    return t == null ? "null" : '"' + DateTimeFormatter.ISO_INSTANT.format(t) + '"';
  }
}
