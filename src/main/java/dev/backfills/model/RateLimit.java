package dev.backfills.model;

/**
 * The request budget the server reported in its {@code X-RateLimit-Limit} and
 * {@code X-RateLimit-Remaining} headers.
 *
 * <pre>{@code
 * client.lastRateLimit().ifPresent(r -> log.info("{} of {} requests left this hour", r.remaining(), r.limit()));
 * }</pre>
 *
 * @param limit requests allowed per hour
 * @param remaining requests left in the current window
 */
public record RateLimit(int limit, int remaining) {}
