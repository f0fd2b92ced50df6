package dev.backfills.internal;

import dev.backfills.ApiResponse;
import dev.backfills.model.RateLimit;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * What one attempt came to, classified by what the server may have done, which is all a retry decision
 * needs: a read may be retried after any failure a later try can fix, a write only where the server
 * certainly did not act, or once a check showed it did not.
 */
final class Answer<T> {
  /** The classes of outcome. */
  enum Kind {
    /** A 2xx with a usable body. */
    SUCCESS,
    /** A same-origin redirect of a read, to follow. */
    REDIRECT,
    /** A 429: the server refused without acting. */
    RATE_LIMITED,
    /** No answer, and the request never reached a connection: the server cannot have seen it. */
    NOT_SENT,
    /** The request reached the server and its answer was lost: a 5xx, or a connection dropped or timed out. */
    LOST,
    /** A 2xx whose body is not the documented envelope: the server acted, the answer is unusable. */
    MALFORMED,
    /** Any other error answer (400, 401, 403, 404, 409, 422, a redirect not followed): the server refused. */
    REFUSED,
    /** A failure no retry can change: the call's deadline passed, the client closed, a bad token. */
    FINAL
  }

  final Kind kind;
  final int status;
  final @Nullable ApiResponse<T> value;
  final @Nullable RuntimeException error;
  final @Nullable Duration retryAfter;
  final @Nullable HttpUrl redirect;
  final @Nullable String requestId;
  final @Nullable RateLimit rateLimit;
  final boolean deadlineReached;

  private Answer(
      Kind kind,
      int status,
      @Nullable ApiResponse<T> value,
      @Nullable RuntimeException error,
      @Nullable Duration retryAfter,
      @Nullable HttpUrl redirect,
      @Nullable String requestId,
      @Nullable RateLimit rateLimit,
      boolean deadlineReached) {
    this.kind = kind;
    this.status = status;
    this.value = value;
    this.error = error;
    this.retryAfter = retryAfter;
    this.redirect = redirect;
    this.requestId = requestId;
    this.rateLimit = rateLimit;
    this.deadlineReached = deadlineReached;
  }

  static <T> Answer<T> success(ApiResponse<T> value) {
    return new Answer<>(Kind.SUCCESS, value.statusCode(), value, null, null, null, value.requestId(),
        value.rateLimit(), false);
  }

  static <T> Answer<T> redirect(int status, HttpUrl target, @Nullable RateLimit rateLimit) {
    return new Answer<>(Kind.REDIRECT, status, null, null, null, target, null, rateLimit, false);
  }

  static <T> Answer<T> failed(
      Kind kind,
      int status,
      RuntimeException error,
      @Nullable Duration retryAfter,
      @Nullable String requestId,
      @Nullable RateLimit rateLimit) {
    return new Answer<>(kind, status, null, error, retryAfter, null, requestId, rateLimit, false);
  }

  /** A failure without an answer. */
  static <T> Answer<T> noAnswer(Kind kind, RuntimeException error, boolean deadlineReached) {
    return new Answer<>(kind, 0, null, error, null, null, null, null, deadlineReached);
  }

  /** The failure of an answer that is not a success. */
  RuntimeException failure() {
    return Objects.requireNonNull(error, "a failed answer has its error");
  }
}
