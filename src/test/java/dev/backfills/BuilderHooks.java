package dev.backfills;

import dev.backfills.internal.TimeSource;

/**
 * Opens the builder's package-private test hooks to test suites in other packages (the reliability
 * suites in {@code dev.backfills.reliability}). Test code only; not part of the library.
 */
public final class BuilderHooks {
  private BuilderHooks() {}

  /** {@link BackfillsClient.Builder#timeSource(TimeSource)}: a clock whose sleeps can be skipped. */
  public static BackfillsClient.Builder timeSource(BackfillsClient.Builder builder, TimeSource time) {
    return builder.timeSource(time);
  }
}
