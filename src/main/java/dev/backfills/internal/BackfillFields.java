package dev.backfills.internal;

import java.util.List;

/**
 * The JSON field names of a backfill and of an error-report entry, in the order the API writes them: the
 * one table that the client's decoder ({@link Json}) matches and the embedded fake's writer
 * ({@code dev.backfills.testing}) writes, so the two cannot drift apart.
 *
 * <p>Each field's index is a compile-time constant (usable in a {@code switch}), and its name is filed
 * under that index, so order and name are stated together once.
 */
public final class BackfillFields {
  /** {@code transfer_backfill_id}, required. */
  public static final int TRANSFER_BACKFILL_ID = 0;
  /** {@code transfer_id}, required. */
  public static final int TRANSFER_ID = 1;
  /** {@code range_start_date}. */
  public static final int RANGE_START_DATE = 2;
  /** {@code range_end_date}. */
  public static final int RANGE_END_DATE = 3;
  /** {@code created_time}. */
  public static final int CREATED_TIME = 4;
  /** {@code created_user_id}. */
  public static final int CREATED_USER_ID = 5;
  /** {@code removed_time}. */
  public static final int REMOVED_TIME = 6;
  /** {@code removed_user_id}. */
  public static final int REMOVED_USER_ID = 7;
  /** {@code start_time}. */
  public static final int START_TIME = 8;
  /** {@code end_time}. */
  public static final int END_TIME = 9;
  /** {@code status}, required. */
  public static final int STATUS = 10;
  /** {@code transfer_runs_total}. */
  public static final int TRANSFER_RUNS_TOTAL = 11;
  /** {@code transfer_runs_created}. */
  public static final int TRANSFER_RUNS_CREATED = 12;
  /** {@code transfer_runs_completed}. */
  public static final int TRANSFER_RUNS_COMPLETED = 13;
  /** {@code transfer_runs_failed}. */
  public static final int TRANSFER_RUNS_FAILED = 14;
  /** {@code error_report}. */
  public static final int ERROR_REPORT = 15;

  /** {@code transfer_run_date} of an error-report entry. */
  public static final int TRANSFER_RUN_DATE = 0;
  /** {@code error} of an error-report entry. */
  public static final int ERROR = 1;

  private static final List<String> BACKFILL;
  private static final List<String> RUN_ERROR;

  static {
    String[] names = new String[16];
    names[TRANSFER_BACKFILL_ID] = "transfer_backfill_id";
    names[TRANSFER_ID] = "transfer_id";
    names[RANGE_START_DATE] = "range_start_date";
    names[RANGE_END_DATE] = "range_end_date";
    names[CREATED_TIME] = "created_time";
    names[CREATED_USER_ID] = "created_user_id";
    names[REMOVED_TIME] = "removed_time";
    names[REMOVED_USER_ID] = "removed_user_id";
    names[START_TIME] = "start_time";
    names[END_TIME] = "end_time";
    names[STATUS] = "status";
    names[TRANSFER_RUNS_TOTAL] = "transfer_runs_total";
    names[TRANSFER_RUNS_CREATED] = "transfer_runs_created";
    names[TRANSFER_RUNS_COMPLETED] = "transfer_runs_completed";
    names[TRANSFER_RUNS_FAILED] = "transfer_runs_failed";
    names[ERROR_REPORT] = "error_report";
    // List.of refuses nulls: an index left out (or used twice, leaving another out) fails here.
    BACKFILL = List.of(names);

    String[] entry = new String[2];
    entry[TRANSFER_RUN_DATE] = "transfer_run_date";
    entry[ERROR] = "error";
    RUN_ERROR = List.of(entry);
  }

  private BackfillFields() {}

  /**
   * A backfill's field names, indexed by the constants above, in the API's order.
   *
   * @return an unmodifiable list of 16 names
   */
  public static List<String> backfill() {
    return BACKFILL;
  }

  /**
   * An error-report entry's field names, indexed by {@link #TRANSFER_RUN_DATE} and {@link #ERROR}.
   *
   * @return an unmodifiable list of 2 names
   */
  public static List<String> runError() {
    return RUN_ERROR;
  }
}
