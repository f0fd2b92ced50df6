package dev.backfills.exception;

import dev.backfills.model.ApiError;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The request budget is spent (HTTP 429), and the client did not wait it out: either the retries were
 * used up, or the server asked for a wait longer than {@code maxRetryWait}, or an earlier answer's
 * {@code Retry-After} has not passed yet and the client refused to send the request at all.
 *
 * <pre>{@code
 * catch (RateLimitException e) {
 *   Duration wait = e.retryAfter().orElse(Duration.ofMinutes(1));
 *   scheduler.schedule(this::poll, wait.toMillis(), TimeUnit.MILLISECONDS);
 * }
 * }</pre>
 */
public class RateLimitException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** The wait the server asked for, or {@code null} when it named none. */
  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message what went wrong, for people
   * @param statusCode the HTTP status, 429
   * @param error the parsed {@code error} object, or {@code null}
   * @param requestId the answer's request id, or {@code null}
   * @param retryAfter how long the server asked to wait, or {@code null} when it did not say
   */
  public RateLimitException(
      String message,
      int statusCode,
      @Nullable ApiError error,
      @Nullable String requestId,
      @Nullable Duration retryAfter) {
    super(message, statusCode, error, requestId);
    this.retryAfter = retryAfter;
  }

  /**
   * How long, from when this exception was thrown, the server asked callers to wait before the next
   * request.
   *
   * @return the wait, or empty when the server sent no usable {@code Retry-After}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
