package dev.backfills;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link BackfillsClient#awaitBackfill} and {@link BackfillsClient#watchTeam} pace their requests.
 *
 * <p>Polling never goes faster than the request budget allows: once an answer has carried
 * {@code X-RateLimit-Limit}, a poller spends at most {@code budgetShare} of that hourly limit, leaving the
 * rest to the application's own calls. With the vendor's example limit of 100 an hour and the default
 * share of one half, that is one request every 72 seconds.
 *
 * <pre>{@code
 * PollingOptions fast = PollingOptions.defaults().withInterval(Duration.ofSeconds(1)).withBudgetShare(0.8);
 * client.watchTeam(teamId, listener, fast);
 * }</pre>
 *
 * @param interval the shortest time between polls; a watch polls this often when the budget allows, and
 *     a wait starts at this interval
 * @param maxInterval the longest a wait lets its interval grow while nothing changes
 * @param budgetShare the share of the hourly request limit the poller may spend, in (0, 1]
 */
public record PollingOptions(Duration interval, Duration maxInterval, double budgetShare) {
  private static final PollingOptions DEFAULTS =
      new PollingOptions(Duration.ofSeconds(2), Duration.ofMinutes(5), 0.5);

  /**
   * Checks the options.
   *
   * @param interval the shortest time between polls
   * @param maxInterval the longest a wait lets its interval grow, at least {@code interval}
   * @param budgetShare the share of the hourly request limit the poller may spend, in (0, 1]
   * @throws IllegalArgumentException when an interval is not positive, {@code maxInterval} is shorter
   *     than {@code interval}, or the share is outside (0, 1]
   */
  public PollingOptions {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    if (maxInterval.compareTo(interval) < 0) {
      throw new IllegalArgumentException("maxInterval must not be shorter than interval");
    }
    if (!(budgetShare > 0 && budgetShare <= 1)) {
      throw new IllegalArgumentException("budgetShare must be in (0, 1], was " + budgetShare);
    }
  }

  /**
   * The defaults: 2 s interval, 5 min longest interval for waits, half the hourly budget.
   *
   * @return the default options
   */
  public static PollingOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another shortest interval (the longest interval grows to match if needed).
   *
   * @param interval the new shortest interval
   * @return the new options
   */
  public PollingOptions withInterval(Duration interval) {
    Duration max = maxInterval.compareTo(interval) < 0 ? interval : maxInterval;
    return new PollingOptions(interval, max, budgetShare);
  }

  /**
   * A copy with another longest interval.
   *
   * @param maxInterval the new longest interval
   * @return the new options
   */
  public PollingOptions withMaxInterval(Duration maxInterval) {
    return new PollingOptions(interval, maxInterval, budgetShare);
  }

  /**
   * A copy with another budget share.
   *
   * @param budgetShare the new share, in (0, 1]
   * @return the new options
   */
  public PollingOptions withBudgetShare(double budgetShare) {
    return new PollingOptions(interval, maxInterval, budgetShare);
  }
}
