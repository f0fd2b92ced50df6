package dev.backfills.exception;

import dev.backfills.model.Backfill;
import org.jspecify.annotations.Nullable;

/**
 * {@code awaitBackfill} gave up: its timeout passed before the backfill reached COMPLETED, CANCELLED or
 * FAILED. Nothing is wrong with the backfill; it is still going. {@link #lastSeen()} is its newest state.
 *
 * <pre>{@code
 * try {
 *   return client.awaitBackfill(teamId, id, Duration.ofMinutes(30));
 * } catch (WaitTimeoutException e) {
 *   log.info("still {} at {}%", e.lastSeen().status(), 100 * e.lastSeen().progress());
 *   throw e;
 * }
 * }</pre>
 */
public class WaitTimeoutException extends BackfillsException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Backfill lastSeen;

  /**
   * Creates the exception.
   *
   * @param message what was waited for and how long
   * @param lastSeen the newest state read, or {@code null} when no poll succeeded
   * @param cause the last failed poll when polls were failing at the end, or {@code null}
   */
  public WaitTimeoutException(String message, @Nullable Backfill lastSeen, @Nullable Throwable cause) {
    super(message, cause);
    this.lastSeen = lastSeen;
  }

  /**
   * The newest state of the backfill read before the timeout.
   *
   * @return the last state seen, or {@code null} when no poll succeeded
   */
  public @Nullable Backfill lastSeen() {
    return lastSeen;
  }
}
