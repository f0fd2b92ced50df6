package dev.backfills.exception;

import dev.backfills.model.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The token was missing, invalid or expired (HTTP 401). Not retried: a new token is needed.
 *
 * <pre>{@code
 * catch (UnauthorizedException e) {
 *   // worth refreshing the token; quote e.requestId() to support
 * }
 * }</pre>
 */
public class UnauthorizedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for people
   * @param statusCode the HTTP status of the answer
   * @param error the parsed {@code error} object, or {@code null}
   * @param requestId the answer's request id, or {@code null}
   */
  public UnauthorizedException(String message, int statusCode, @Nullable ApiError error, @Nullable String requestId) {
    super(message, statusCode, error, requestId);
  }
}
