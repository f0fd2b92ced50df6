package dev.backfills;

import dev.backfills.exception.BackfillsException;
import dev.backfills.model.Backfill;

/**
 * Receives what a {@link TeamWatch} sees. Every method has an empty default: implement the ones you need.
 *
 * <p>All calls for one watch come from one thread, in order, each change reported once. Keep them quick:
 * the next poll waits for them. An exception thrown by a listener method is caught and ignored, so one
 * bad callback does not end the watch.
 *
 * <pre>{@code
 * client.watchTeam(teamId, new BackfillListener() {
 *   public void onProgress(Backfill before, Backfill now) {
 *     System.out.printf("%d: %.0f%%%n", now.transferBackfillId(), 100 * now.progress());
 *   }
 *   public void onFinished(Backfill b) {
 *     System.out.println(b.transferBackfillId() + " ended " + b.status());
 *   }
 * });
 * }</pre>
 */
public interface BackfillListener {
  /**
   * A backfill appeared in the team's incomplete list: on the first poll, every backfill in progress;
   * later, newly created ones.
   *
   * @param backfill its state when first seen
   */
  default void onNew(Backfill backfill) {}

  /**
   * A watched backfill changed: its status, counters, error report or timestamps.
   *
   * @param previous the state at the previous poll
   * @param current the state now
   */
  default void onProgress(Backfill previous, Backfill current) {}

  /**
   * A backfill left the incomplete list; its final state (usually COMPLETED or CANCELLED) was read once
   * by id.
   *
   * @param finalState the state read after it left the list
   */
  default void onFinished(Backfill finalState) {}

  /**
   * A poll failed. The watch goes on, backing off, except after a 401 or 403: those end it, since the
   * same token will not start working by itself.
   *
   * @param error what went wrong
   */
  default void onError(BackfillsException error) {}
}
