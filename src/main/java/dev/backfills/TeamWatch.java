package dev.backfills;

import java.time.Duration;
import java.util.Optional;

/**
 * A running watch over a team's backfills, from {@link BackfillsClient#watchTeam(long, BackfillListener)}.
 *
 * <p>Close it to stop polling. Use try-with-resources when the watch belongs to one block of code.
 *
 * <pre>{@code
 * try (TeamWatch watch = client.watchTeam(teamId, listener)) {
 *   allDone.await();
 * }
 * }</pre>
 */
public interface TeamWatch extends AutoCloseable {
  /**
   * Stops polling. When this returns, no listener method is running or will run again (a call from
   * inside a listener method returns at once; that method is the last). Idempotent.
   */
  @Override
  void close();

  /**
   * The estimated time until a watched backfill has finished all its runs, from the rate at which its
   * runs have been finishing between polls.
   *
   * @param backfillId a backfill of the watched team
   * @return the estimate, or empty when the backfill is not watched or has not progressed enough to tell
   */
  default Optional<Duration> estimatedTimeRemaining(long backfillId) {
    return Optional.empty();
  }

  /**
   * How many API requests this watch has sent so far: one list per poll plus one read per backfill that
   * left the list.
   *
   * @return the request count
   */
  default long requestsSent() {
    return 0;
  }
}
