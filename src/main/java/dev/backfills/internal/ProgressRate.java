package dev.backfills.internal;

import dev.backfills.model.Backfill;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * Estimates when a backfill will finish from how fast its runs have been finishing recently.
 *
 * <p>Keeps the last few observations of finished runs (completed plus failed) and extrapolates the rate
 * between the oldest and newest of them. A short window follows a backfill that speeds up or slows
 * down; observations that saw no progress still count, so a stall lengthens the estimate. Not
 * thread-safe: one per poller thread.
 */
public final class ProgressRate {
  private static final int WINDOW = 8;

  private final ArrayDeque<long[]> samples = new ArrayDeque<>(WINDOW + 1);

  /** Records the state of the backfill as read at {@code at}. */
  public void record(Instant at, Backfill backfill) {
    long finished = (long) backfill.transferRunsCompleted() + backfill.transferRunsFailed();
    long[] last = samples.peekLast();
    if (last != null && finished < last[1]) {
      samples.clear(); // runs were reset (retried): old observations no longer describe this work
    }
    samples.addLast(new long[] {at.toEpochMilli(), finished});
    if (samples.size() > WINDOW) {
      samples.removeFirst();
    }
  }

  /**
   * The estimated moment the last run finishes.
   *
   * @param latest the newest state
   * @return the estimate, or null when no progress has been seen in the window
   */
  public Instant estimatedCompletion(Backfill latest) {
    if (samples.size() < 2) {
      return null;
    }
    long[] first = samples.peekFirst();
    long[] last = samples.peekLast();
    long runs = last[1] - first[1];
    long millis = last[0] - first[0];
    if (runs <= 0 || millis <= 0) {
      return null;
    }
    long left = Math.max(0, latest.transferRunsTotal() - last[1]);
    double millisLeft = (double) left * millis / runs;
    return Instant.ofEpochMilli(last[0]).plus(Duration.ofMillis((long) Math.ceil(millisLeft)));
  }
}
