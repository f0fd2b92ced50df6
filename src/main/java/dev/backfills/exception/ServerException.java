package dev.backfills.exception;

import dev.backfills.model.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The server failed (HTTP 500 or any other 5xx). Thrown once the retries are spent.
 *
 * <pre>{@code
 * catch (ServerException e) {
 *   // worth retrying later; quote e.requestId() to support
 * }
 * }</pre>
 */
public class ServerException extends ApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for people
   * @param statusCode the HTTP status of the answer
   * @param error the parsed {@code error} object, or {@code null}
   * @param requestId the answer's request id, or {@code null}
   */
  public ServerException(String message, int statusCode, @Nullable ApiError error, @Nullable String requestId) {
    super(message, statusCode, error, requestId);
  }
}
