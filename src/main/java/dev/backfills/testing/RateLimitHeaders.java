package dev.backfills.testing;

/**
 * Which answers carry {@code X-RateLimit-Limit} and {@code X-RateLimit-Remaining}, for
 * {@link FakeBackfillsServer.Builder#rateLimitHeaders(RateLimitHeaders)}. Either way every request of a
 * known token uses its budget, and a 429 always carries {@code Retry-After}.
 *
 * <pre>{@code
 * FakeBackfillsServer server = FakeBackfillsServer.builder()
 *     .rateLimitPerHour(100)
 *     .rateLimitHeaders(RateLimitHeaders.ON_EVERY_ANSWER)   // so a client learns the budget from 200s
 *     .build();
 * }</pre>
 */
public enum RateLimitHeaders {
  /**
   * Only the error answers that the vendor's API description declares them on: 400, 401, 422, 429 and
   * 500, and every other 5xx like 500. Not on 200, 403 or 404. The default: a client tested against
   * the fake then cannot come to rely on headers the real service does not promise.
   */
  AS_DOCUMENTED,

  /**
   * Every answer from the authentication check on: a 401, and every answer to a known token, 200s
   * included. Answers decided before the token is looked at (an unknown path, a method the path does not
   * allow, an id that is not a number) have no budget to report and carry none in either mode.
   */
  ON_EVERY_ANSWER
}
