package dev.backfills.exception;

import dev.backfills.model.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a status outside 2xx.
 *
 * <p>Thrown as is for statuses without a subclass of their own (400, 409, 422, …); 401, 403, 404, 429
 * and 5xx have subclasses. {@link #requestId()} is the id to quote to the vendor's support.
 *
 * <pre>{@code
 * catch (ApiException e) {
 *   log.error("status {} ({}), request id {}", e.statusCode(),
 *       e.error() == null ? "no error body" : e.error().code(), e.requestId());
 * }
 * }</pre>
 */
public class ApiException extends BackfillsException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the answer. */
  private final int statusCode;
  private final transient @Nullable ApiError error;
  /** The answer's {@code meta.request_id}, or {@code null}. */
  private final @Nullable String requestId;

  /**
   * Creates an exception for an error answer.
   *
   * @param message what went wrong, for people
   * @param statusCode the HTTP status of the answer
   * @param error the parsed {@code error} object, or {@code null} when the body was not an error envelope
   * @param requestId the answer's {@code meta.request_id}, or {@code null} when it had none
   */
  public ApiException(String message, int statusCode, @Nullable ApiError error, @Nullable String requestId) {
    super(message);
    this.statusCode = statusCode;
    this.error = error;
    this.requestId = requestId;
  }

  /**
   * The HTTP status of the answer.
   *
   * @return the status code, for example 400
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The {@code error} object of the body.
   *
   * @return the parsed error, or {@code null} when the body was not the documented error envelope (for
   *     example an HTML page from a proxy)
   */
  public @Nullable ApiError error() {
    return error;
  }

  /**
   * The request id the server gave this answer ({@code meta.request_id}), to quote to support.
   *
   * @return the request id, or {@code null} when the body had none
   */
  public @Nullable String requestId() {
    return requestId;
  }
}
