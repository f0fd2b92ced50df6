package dev.backfills.exception;

import dev.backfills.model.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The backfill does not exist or does not belong to the team (HTTP 404). Not retried.
 *
 * <pre>{@code
 * catch (NotFoundException e) {
 *   // worth checking the ids; quote e.requestId() to support
 * }
 * }</pre>
 */
public class NotFoundException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for people
   * @param statusCode the HTTP status of the answer
   * @param error the parsed {@code error} object, or {@code null}
   * @param requestId the answer's request id, or {@code null}
   */
  public NotFoundException(String message, int statusCode, @Nullable ApiError error, @Nullable String requestId) {
    super(message, statusCode, error, requestId);
  }
}
