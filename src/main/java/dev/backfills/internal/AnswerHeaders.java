package dev.backfills.internal;

import dev.backfills.model.RateLimit;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one answer's headers said about the request budget, parsed once, by {@link RateLimitInterceptor}.
 *
 * @param rateLimit {@code X-RateLimit-Limit} and {@code -Remaining}, or null when either was absent or
 *     garbled
 * @param retryAfter a 429's {@code Retry-After} (clamped to {@link RetryAfter#MAX}), or null
 */
public record AnswerHeaders(@Nullable RateLimit rateLimit, @Nullable Duration retryAfter) {
  /** An answer that said nothing about the budget. */
  public static final AnswerHeaders NONE = new AnswerHeaders(null, null);
}
