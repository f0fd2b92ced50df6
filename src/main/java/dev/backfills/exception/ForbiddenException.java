package dev.backfills.exception;

import dev.backfills.model.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The token is valid but may not see this team or backfill (HTTP 403). Not retried.
 *
 * <pre>{@code
 * catch (ForbiddenException e) {
 *   // worth checking the token's scopes and permissions; quote e.requestId() to support
 * }
 * }</pre>
 */
public class ForbiddenException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for people
   * @param statusCode the HTTP status of the answer
   * @param error the parsed {@code error} object, or {@code null}
   * @param requestId the answer's request id, or {@code null}
   */
  public ForbiddenException(String message, int statusCode, @Nullable ApiError error, @Nullable String requestId) {
    super(message, statusCode, error, requestId);
  }
}
