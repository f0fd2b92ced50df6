package dev.backfills.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The hourly request budgets: one window per token, starting at the token's first request and lasting
 * an hour; every client that sends the same token shares its window. Requests with a token the fake does
 * not accept get windows of their own, keyed by what they sent, so a wrong token never uses up a real
 * one's budget. Thread-safe.
 */
final class RateBudgets {
  static final Duration WINDOW = Duration.ofHours(1);
  /** The default budget: the largest limit the vendor documents, so a test is not rate-limited by surprise. */
  static final int DEFAULT_LIMIT = 10_000;

  /** What one request did to its window: whether it may go on, what is left, and when the window ends. */
  record Spent(boolean allowed, int limit, int remaining, long retryAfterSeconds) {}

  private final int limit;
  private final Map<String, Window> accepted = new HashMap<>();
  private final Map<String, Window> rejected = new HashMap<>();

  RateBudgets(int limit) {
    this.limit = limit;
  }

  /** {@code limit}, if it is a usable hourly budget. */
  static int checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("rateLimitPerHour must be >= 1, got " + limit);
    }
    return limit;
  }

  /**
   * Spends one unit of {@code token}'s budget, unless it is spent already: then the request is refused
   * (429) and spends nothing.
   */
  synchronized Spent spend(String token, Instant now) {
    Window w = window(accepted, token, now);
    if (w.used >= limit) {
      return new Spent(false, limit, 0, secondsUntil(now, w.start.plus(WINDOW)));
    }
    w.used++;
    return new Spent(true, limit, limit - w.used, 0);
  }

  /** Counts a request that failed authentication against the window of what it sent. */
  synchronized Spent spendRejected(String credential, Instant now) {
    Window w = window(rejected, credential, now);
    if (w.used < limit) {
      w.used++;
    }
    return new Spent(true, limit, limit - w.used, 0);
  }

  /** The current window of {@code key}: a fresh one when there is none or its hour has passed. */
  private static Window window(Map<String, Window> windows, String key, Instant now) {
    Window w = windows.get(key);
    if (w == null || !now.isBefore(w.start.plus(WINDOW))) {
      w = new Window(now);
      windows.put(key, w);
    }
    return w;
  }

  /** Whole seconds from {@code now} to {@code end}, rounded up so that waiting that long is enough; at least 1. */
  private static long secondsUntil(Instant now, Instant end) {
    Duration d = Duration.between(now, end);
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  /** One window: when it began and how much of the budget it has used. Guarded by the budgets' lock. */
  private static final class Window {
    final Instant start;
    int used;

    Window(Instant start) {
      this.start = start;
    }
  }
}
