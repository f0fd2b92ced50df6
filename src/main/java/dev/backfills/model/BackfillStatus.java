package dev.backfills.model;

/**
 * The lifecycle state of a {@link Backfill}.
 *
 * <p>A backfill is created, scheduled, runs, and ends {@link #COMPLETED} or {@link #CANCELLED};
 * {@link #FAILED} is not final: the API keeps a failed backfill in the list of incomplete ones, because
 * its failed runs can be retried. Servers may add states; this version reads any state it does not know
 * as {@link #UNKNOWN} instead of failing, so branch with a {@code default} case.
 *
 * <pre>{@code
 * if (backfill.status().isFinished()) {
 *   report(backfill);
 * }
 * }</pre>
 */
public enum BackfillStatus {
  /** Created, not yet scheduled. */
  CREATED,
  /** Waiting for its runs to start. */
  SCHEDULED,
  /** Runs are being processed. */
  RUNNING,
  /** Some runs failed; the backfill still counts as incomplete. */
  FAILED,
  /** Every run finished. Final. */
  COMPLETED,
  /** Cancelled or removed by a user. Final. */
  CANCELLED,
  /** A status this version of the library does not know, sent by a newer server. */
  UNKNOWN;

  /**
   * Whether the API counts this backfill as incomplete: {@link #CREATED}, {@link #SCHEDULED},
   * {@link #RUNNING} or {@link #FAILED}. These are the backfills the list operation returns.
   *
   * @return true for the four incomplete states
   */
  public boolean isIncomplete() {
    return this == CREATED || this == SCHEDULED || this == RUNNING || this == FAILED;
  }

  /**
   * Whether the backfill has reached a state it never leaves: {@link #COMPLETED} or {@link #CANCELLED}.
   *
   * @return true for the two final states
   */
  public boolean isFinished() {
    return this == COMPLETED || this == CANCELLED;
  }
}
