package dev.backfills.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One backfill: the re-processing of a transfer's history over a date range, as the API reports it.
 *
 * <p>Instances are immutable and safe to share between threads. Timestamps the API leaves out or sends
 * as {@code null} are {@code null} here (a backfill that has not started has no {@link #startTime()});
 * counters the API leaves out are 0; {@link #errorReport()} is never {@code null}.
 *
 * <pre>{@code
 * Backfill b = client.getBackfill(teamId, backfillId);
 * System.out.printf("%s %d/%d runs (%.0f%%)%n",
 *     b.status(), b.transferRunsCompleted(), b.transferRunsTotal(), 100 * b.progress());
 * }</pre>
 *
 * @param transferBackfillId the backfill's id, always at least 1
 * @param transferId the transfer this backfill re-processes
 * @param rangeStartDate first day of the re-processed range, or {@code null} when not reported
 * @param rangeEndDate last day of the re-processed range, or {@code null} when not reported
 * @param createdTime when the backfill was created, or {@code null} when not reported
 * @param createdUserId the user who created it, or {@code null} when not reported
 * @param removedTime when it was cancelled or removed, or {@code null}
 * @param removedUserId the user who cancelled or removed it, or {@code null}
 * @param startTime when processing started, or {@code null} before that
 * @param endTime when processing ended, or {@code null} before that
 * @param status the current status; {@link BackfillStatus#UNKNOWN} for a value this version does not know
 * @param transferRunsTotal how many transfer runs the backfill consists of
 * @param transferRunsCreated how many of them have been created
 * @param transferRunsCompleted how many completed successfully
 * @param transferRunsFailed how many failed
 * @param errorReport one entry per failed run; empty, never {@code null}, and unmodifiable
 */
public record Backfill(
    long transferBackfillId,
    long transferId,
    @Nullable LocalDate rangeStartDate,
    @Nullable LocalDate rangeEndDate,
    @Nullable Instant createdTime,
    @Nullable Long createdUserId,
    @Nullable Instant removedTime,
    @Nullable Long removedUserId,
    @Nullable Instant startTime,
    @Nullable Instant endTime,
    BackfillStatus status,
    int transferRunsTotal,
    int transferRunsCreated,
    int transferRunsCompleted,
    int transferRunsFailed,
    List<TransferRunError> errorReport) {

  /**
   * Makes the error report an unmodifiable copy, and an empty list when {@code null}, so a record can
   * never be changed through a list its creator still holds.
   *
   * @param transferBackfillId the backfill's id
   * @param transferId the transfer this backfill re-processes
   * @param rangeStartDate first day of the range, or {@code null}
   * @param rangeEndDate last day of the range, or {@code null}
   * @param createdTime when the backfill was created, or {@code null}
   * @param createdUserId the user who created it, or {@code null}
   * @param removedTime when it was cancelled or removed, or {@code null}
   * @param removedUserId the user who cancelled or removed it, or {@code null}
   * @param startTime when processing started, or {@code null}
   * @param endTime when processing ended, or {@code null}
   * @param status the current status
   * @param transferRunsTotal how many transfer runs the backfill consists of
   * @param transferRunsCreated how many of them have been created
   * @param transferRunsCompleted how many completed successfully
   * @param transferRunsFailed how many failed
   * @param errorReport one entry per failed run; {@code null} is taken as empty
   */
  public Backfill {
    errorReport = errorReport == null ? List.of() : List.copyOf(errorReport);
  }

  /**
   * The share of runs that are finished, successfully or not: {@code (completed + failed) / total}, always
   * between 0 and 1 inclusive and never NaN.
   *
   * <p>It is 0 when the total is 0 (or negative), and 1 once the finished runs reach the total, also when
   * the server's counters add up to more than the total (counters are updated separately, so a reading
   * can be briefly inconsistent). A negative counter counts as 0. The sum is taken in {@code long}, so
   * counters near {@link Integer#MAX_VALUE} do not overflow.
   *
   * @return the finished fraction of this backfill's runs, from 0 to 1
   */
  public double progress() {
    if (transferRunsTotal <= 0) {
      return 0;
    }
    long finished = (long) Math.max(0, transferRunsCompleted) + Math.max(0, transferRunsFailed);
    return finished >= transferRunsTotal ? 1 : (double) finished / transferRunsTotal;
  }
}
