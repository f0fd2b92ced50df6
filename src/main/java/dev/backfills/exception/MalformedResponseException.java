package dev.backfills.exception;

import org.jspecify.annotations.Nullable;

/**
 * The server answered 2xx, but the body is not the documented envelope: not JSON, no {@code data}, a
 * field of the wrong type, or a required field ({@code transfer_backfill_id}, {@code transfer_id},
 * {@code status}) missing. The message names what was wrong. Never retried: the same request would most
 * likely get the same answer.
 *
 * <pre>{@code
 * catch (MalformedResponseException e) {
 *   log.error("unexpected answer (request id {}): {}", e.requestId(), e.getMessage());
 * }
 * }</pre>
 */
public class MalformedResponseException extends BackfillsException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer. */
  private final int statusCode;
  /** The answer's {@code meta.request_id}, or {@code null}. */
  private final @Nullable String requestId;

  /**
   * Creates the exception.
   *
   * @param message what was wrong with the body
   * @param statusCode the HTTP status of the answer
   * @param requestId the answer's request id when it could be read, or {@code null}
   * @param cause the parse failure, or {@code null}
   */
  public MalformedResponseException(
      String message, int statusCode, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.requestId = requestId;
  }

  /**
   * The HTTP status of the answer.
   *
   * @return the status code, a 2xx
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The answer's {@code meta.request_id}, when it could be read before the body went wrong.
   *
   * @return the request id, or {@code null}
   */
  public @Nullable String requestId() {
    return requestId;
  }
}
