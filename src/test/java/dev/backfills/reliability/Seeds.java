package dev.backfills.reliability;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The vendor's own example answers (shared/seeds), byte for byte in content, and what they decode to. */
final class Seeds {
  private Seeds() {}

  /** "Get backfill by ID", 200. */
  static final String ONE = """
      {
        "meta": {
          "request_id": "01892A4D-7586-7000-8000-000000000000"
        },
        "data": {
          "transfer_backfill_id": 12345,
          "transfer_id": 456789,
          "range_start_date": "2024-01-01",
          "range_end_date": "2024-01-31",
          "created_time": "2024-02-01T09:00:00Z",
          "created_user_id": 789,
          "start_time": "2024-02-01T10:00:00Z",
          "end_time": null,
          "status": "RUNNING",
          "transfer_runs_total": 31,
          "transfer_runs_created": 31,
          "transfer_runs_completed": 25,
          "transfer_runs_failed": 2,
          "error_report": []
        }
      }""";

  /** "List incomplete backfills", 200, three backfills newest first. */
  static final String LIST = """
      {
        "meta": {
          "request_id": "01892A4D-7586-7000-8000-000000000000"
        },
        "data": [
          {
            "transfer_backfill_id": 12347,
            "transfer_id": 456790,
            "range_start_date": "2024-02-01",
            "range_end_date": "2024-02-28",
            "created_time": "2024-03-01T14:00:00Z",
            "created_user_id": 789,
            "start_time": "2024-03-01T14:30:00Z",
            "end_time": null,
            "status": "RUNNING",
            "transfer_runs_total": 28,
            "transfer_runs_created": 28,
            "transfer_runs_completed": 15,
            "transfer_runs_failed": 0,
            "error_report": []
          },
          {
            "transfer_backfill_id": 12346,
            "transfer_id": 456789,
            "range_start_date": "2024-01-15",
            "range_end_date": "2024-01-31",
            "created_time": "2024-02-15T09:30:00Z",
            "created_user_id": 790,
            "start_time": "2024-02-15T10:00:00Z",
            "end_time": null,
            "status": "RUNNING",
            "transfer_runs_total": 17,
            "transfer_runs_created": 17,
            "transfer_runs_completed": 10,
            "transfer_runs_failed": 0,
            "error_report": []
          },
          {
            "transfer_backfill_id": 12345,
            "transfer_id": 456788,
            "range_start_date": "2024-01-01",
            "range_end_date": "2024-01-14",
            "created_time": "2024-02-01T08:00:00Z",
            "created_user_id": 789,
            "start_time": null,
            "end_time": null,
            "status": "SCHEDULED",
            "transfer_runs_total": 14,
            "transfer_runs_created": 14,
            "transfer_runs_completed": 0,
            "transfer_runs_failed": 0,
            "error_report": []
          }
        ]
      }""";

  static final String REQUEST_ID = "01892A4D-7586-7000-8000-000000000000";

  static final Backfill ONE_DECODED = new Backfill(
      12345, 456789, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"),
      Instant.parse("2024-02-01T09:00:00Z"), 789L, null, null, Instant.parse("2024-02-01T10:00:00Z"), null,
      BackfillStatus.RUNNING, 31, 31, 25, 2, List.of());

  static final List<Backfill> LIST_DECODED = List.of(
      new Backfill(
          12347, 456790, LocalDate.parse("2024-02-01"), LocalDate.parse("2024-02-28"),
          Instant.parse("2024-03-01T14:00:00Z"), 789L, null, null, Instant.parse("2024-03-01T14:30:00Z"), null,
          BackfillStatus.RUNNING, 28, 28, 15, 0, List.of()),
      new Backfill(
          12346, 456789, LocalDate.parse("2024-01-15"), LocalDate.parse("2024-01-31"),
          Instant.parse("2024-02-15T09:30:00Z"), 790L, null, null, Instant.parse("2024-02-15T10:00:00Z"), null,
          BackfillStatus.RUNNING, 17, 17, 10, 0, List.of()),
      new Backfill(
          12345, 456788, LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-14"),
          Instant.parse("2024-02-01T08:00:00Z"), 789L, null, null, null, null,
          BackfillStatus.SCHEDULED, 14, 14, 0, 0, List.of()));
}
