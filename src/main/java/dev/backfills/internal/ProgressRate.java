package dev.backfills.internal;

import dev.backfills.model.Backfill;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Estimates when a backfill will finish from how fast its runs have been finishing recently.
 *
 * <p>Polls only see counts, so a single observation is off by up to one poll interval. The rate is
 * therefore measured between the first sightings of new counts, whose errors are alike and cancel,
 * over the last few changes so that it follows a backfill that speeds up or slows down. When runs stop
 * finishing for longer than the rate predicts, the estimate moves out with the clock. Not thread-safe:
 * one per poller thread.
 */
public final class ProgressRate {
  private static final int WINDOW = 8;

  /** {epoch millis, finished runs} at the first sighting of each new count, oldest first. */
  private final ArrayDeque<long[]> changes = new ArrayDeque<>(WINDOW + 1);

  /**
   * Records the state of the backfill as read at {@code at}.
   *
   * @return the estimated moment its last run finishes, or null while the rate is unknown
   */
  public @Nullable Instant record(Instant at, Backfill backfill) {
    long now = at.toEpochMilli();
    long finished = (long) backfill.transferRunsCompleted() + backfill.transferRunsFailed();
    long[] last = changes.peekLast();
    if (last != null && finished < last[1]) {
      changes.clear(); // runs were reset (retried): old observations no longer describe this work
      last = null;
    }
    if (last == null || finished > last[1]) {
      changes.addLast(new long[] {now, finished});
      if (changes.size() > WINDOW) {
        changes.removeFirst();
      }
    }
    return estimate(now, Math.max(0, backfill.transferRunsTotal() - finished));
  }

  private @Nullable Instant estimate(long now, long runsLeft) {
    if (changes.size() < 2) {
      return null;
    }
    long[] first = changes.peekFirst();
    long[] last = changes.peekLast();
    double millisPerRun = (double) (last[0] - first[0]) / (last[1] - first[1]);
    if (millisPerRun <= 0) {
      return null;
    }
    double fromLastChange = last[0] + runsLeft * millisPerRun;
    double ifNextRunEndsNow = now + Math.max(0, runsLeft - 1) * millisPerRun;
    return Instant.ofEpochMilli(last[0]).plus(Duration.ofMillis(
        (long) Math.ceil(Math.max(fromLastChange, ifNextRunEndsNow) - last[0])));
  }
}
