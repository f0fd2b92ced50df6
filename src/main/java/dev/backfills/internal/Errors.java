package dev.backfills.internal;

import dev.backfills.exception.ApiException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.ServerException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.ApiError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Builds the typed exception for an error answer, with a message a person can act on. */
public final class Errors {
  /** How much of an error body is read; error envelopes are a few hundred bytes. */
  public static final int MAX_ERROR_BODY = 64 * 1024;

  private static final int SNIPPET_LENGTH = 160;

  private Errors() {}

  /**
   * The exception for a non-2xx answer.
   *
   * @param what the request, as "GET /path", for the message
   * @param status the HTTP status
   * @param bodyBytes the first bytes of the body (possibly empty)
   * @param parsed what could be parsed of the body
   * @param retryAfter the answer's Retry-After, or null
   * @param token the token sent, scrubbed from any text taken from the body; may be null
   */
  public static ApiException forStatus(
      String what,
      int status,
      byte[] bodyBytes,
      ErrorBody parsed,
      @Nullable Duration retryAfter,
      @Nullable String token) {
    // The parsed error and request id are handed to the caller (and show in their toString()s): a body
    // echoing the token must not pass it on.
    ApiError parsedError = parsed.error();
    ApiError error = parsedError == null ? null : new ApiError(
        Texts.redactOrNull(parsedError.code(), token),
        Texts.redactOrNull(parsedError.message(), token),
        Texts.redactOrNull(parsedError.description(), token));
    String requestId = Texts.redactOrNull(parsed.requestId(), token);
    StringBuilder message = new StringBuilder(what).append(": HTTP ").append(status);
    if (error != null) {
      appendPart(message, " ", error.code(), token);
      appendPart(message, ": ", error.message(), token);
      appendPart(message, " - ", error.description(), token);
    } else {
      // Redact before cutting: a token straddling the cut would otherwise leave its first part behind.
      String text = Texts.snippet(Texts.redact(new String(bodyBytes, StandardCharsets.UTF_8), token), SNIPPET_LENGTH);
      message.append(text.isEmpty() ? " with an empty body" : " with a body that is not a JSON error: \"" + text + '"');
    }
    if (status == 429 && retryAfter != null) {
      message.append(" (Retry-After ").append(retryAfter.toSeconds()).append(" s)");
    }
    if (requestId != null) {
      message.append(" [request id ").append(Texts.snippet(Texts.redact(requestId, token), 64)).append(']');
    }
    String text = Texts.redact(message.toString(), token);
    if (status == 401) {
      return new UnauthorizedException(text, status, error, requestId);
    }
    if (status == 403) {
      return new ForbiddenException(text, status, error, requestId);
    }
    if (status == 404) {
      return new NotFoundException(text, status, error, requestId);
    }
    if (status == 429) {
      return new RateLimitException(text, status, error, requestId, retryAfter);
    }
    if (status >= 500 && status <= 599) {
      return new ServerException(text, status, error, requestId);
    }
    return new ApiException(text, status, error, requestId);
  }

  private static void appendPart(
      StringBuilder message, String separator, @Nullable String part, @Nullable String token) {
    if (part != null && !part.isBlank()) {
      message.append(separator).append(Texts.snippet(Texts.redact(part, token), 300));
    }
  }
}
