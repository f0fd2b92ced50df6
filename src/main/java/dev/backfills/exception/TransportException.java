package dev.backfills.exception;

import org.jspecify.annotations.Nullable;

/**
 * The exchange with the server failed below HTTP: connection refused or reset, a timeout, or a body cut
 * off mid-transfer. Thrown once the retries are spent; {@link #getCause()} is the last I/O failure.
 *
 * <pre>{@code
 * catch (TransportException e) {
 *   log.warn("backfills API unreachable", e.getCause());
 * }
 * }</pre>
 */
public class TransportException extends BackfillsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param cause the I/O failure
   */
  public TransportException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
