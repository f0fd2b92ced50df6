package dev.backfills;

/** The example bodies of the vendor documentation (shared/seeds), verbatim. */
final class Bodies {
  private Bodies() {}

  static final String DOC_REQUEST_ID = "01892A4D-7586-7000-8000-000000000000";
  static final String LIST_ERROR_REQUEST_ID = "BXaEFVtjc7TXaJxgZhmFgSUD9edqq_CN";

  /** get-backfill-by-id.txt, 200. */
  static final String GET_200 = """
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
      }
      """;

  /** list-incomplete-backfills.txt, "Multiple incomplete backfills". */
  static final String LIST_200 = """
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

  /** list-incomplete-backfills.txt, "No incomplete backfills". */
  static final String LIST_EMPTY = """
      {
      "meta": {
      "request_id": "01892A4D-7586-7000-8000-000000000000"
      },
      "data": []
      }""";

  /** get-backfill-by-id.txt, 403 (the shape with a description). */
  static final String GET_403 = """
      {
        "meta": {
          "request_id": "01892A4D-7586-7000-8000-000000000000"
        },
        "error": {
          "code": "ACCESS_DENIED",
          "message": "Access Denied",
          "description": "You do not have permission to perform this operation."
        }
      }
      """;

  /** get-backfill-by-id.txt, 404 (the shape with a description). */
  static final String GET_404 = """
      {
        "meta": {
          "request_id": "01892A4D-7586-7000-8000-000000000000"
        },
        "error": {
          "code": "NOT_FOUND",
          "message": "Not Found",
          "description": "The requested backfill could not be found or you do not have access to it."
        }
      }
      """;

  /**
   * get-backfill-by-id.txt documents 401, 429 and 500 by schema only, with the field examples
   * ACCESS_TOKEN_INVALID / Invalid Access Token / Provided access token is ...; this is that shape.
   */
  static String withDescription(String code, String message, String description) {
    return """
        {
          "meta": {
            "request_id": "01892A4D-7586-7000-8000-000000000000"
          },
          "error": {
            "code": "%s",
            "message": "%s",
            "description": "%s"
          }
        }
        """.formatted(code, message, description);
  }

  /** list-incomplete-backfills.txt error examples: no description. */
  static String withoutDescription(String code, String message) {
    return """
        {
        "meta": {
        "request_id": "BXaEFVtjc7TXaJxgZhmFgSUD9edqq_CN"
        },
        "error": {
        "code": "%s",
        "message": "%s"
        }
        }""".formatted(code, message);
  }

  static final String LIST_401 = withoutDescription("UNAUTHORIZED", "Authentication is required.");
  static final String LIST_403 = withoutDescription("FORBIDDEN", "You do not have access to this resource.");
  static final String LIST_429 = withoutDescription("TOO_MANY_REQUESTS", "Rate limit exceeded. Retry later.");
  static final String LIST_500 = withoutDescription("INTERNAL_SERVER_ERROR", "An unexpected error occurred.");

  /** One backfill object with the given fields spliced into a minimal valid one. */
  static String backfill(String extraFields) {
    return "{\"transfer_backfill_id\":1,\"transfer_id\":2,\"status\":\"RUNNING\""
        + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
  }

  /** A get-by-id envelope around {@code data} (raw JSON). */
  static String one(String data) {
    return "{\"meta\":{\"request_id\":\"req-1\"},\"data\":" + data + "}";
  }
}
