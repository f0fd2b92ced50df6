package dev.backfills.internal;

import dev.backfills.model.RateLimit;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Reads the budget headers of every answer, success or error, exactly once: into the client's
 * {@link RateLimitState}, and into the attempt's {@link AttemptTag} for the transport. A 429's
 * {@code Retry-After} becomes a pause shared by all of the client's threads, so that a burst of
 * concurrent calls does not keep hammering a server that already said stop.
 */
public final class RateLimitInterceptor implements Interceptor {
  private final RateLimitState state;
  private final TimeSource time;

  /** Creates the interceptor feeding {@code state}. */
  public RateLimitInterceptor(RateLimitState state, TimeSource time) {
    this.state = state;
    this.time = time;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    int limit = parseHeaderInt(response.header("X-RateLimit-Limit"));
    int remaining = parseHeaderInt(response.header("X-RateLimit-Remaining"));
    RateLimit rateLimit = limit >= 0 && remaining >= 0 ? state.update(limit, remaining, time.nanoTime()) : null;
    Duration retryAfter = null;
    if (response.code() == 429) {
      retryAfter = RetryAfter.parse(response.headers(), time.now());
      if (retryAfter != null && !retryAfter.isZero()) {
        state.pause(time.nanoTime(), retryAfter);
      }
    }
    AttemptTag tag = chain.request().tag(AttemptTag.class);
    if (tag != null) {
      tag.status = response.code();
      if (rateLimit != null || retryAfter != null) {
        tag.headers = new AnswerHeaders(rateLimit, retryAfter);
      }
    }
    return response;
  }

  /** A non-negative decimal int, or -1 for absent or garbled values (which are then ignored). */
  static int parseHeaderInt(@Nullable String value) {
    if (value == null) {
      return -1;
    }
    int length = value.length();
    if (length == 0 || length > 9) {
      return -1;
    }
    int result = 0;
    for (int i = 0; i < length; i++) {
      int digit = value.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      result = result * 10 + digit;
    }
    return result;
  }
}
