package dev.backfills.exception;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception this library throws for a failed call. All are unchecked.
 *
 * <p>Catch the subclass you can act on and let the rest propagate:
 *
 * <pre>{@code
 * try {
 *   return client.getBackfill(teamId, id);
 * } catch (NotFoundException e) {
 *   return null;
 * } catch (BackfillsException e) {
 *   log.warn("backfill lookup failed: {}", e.getMessage());
 *   throw e;
 * }
 * }</pre>
 *
 * <p>Messages never contain the bearer token.
 */
public class BackfillsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public BackfillsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the failure that caused it.
   *
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public BackfillsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
