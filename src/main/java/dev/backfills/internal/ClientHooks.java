package dev.backfills.internal;

import dev.backfills.BackfillsClient;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Lets the test kit ({@code dev.backfills.testing}) reach the one builder setting that is not public:
 * the client's {@link TimeSource}. A fake clock is a test concern, so it stays off the public builder;
 * {@link BackfillsClient} installs the setter when its class initializes.
 */
public final class ClientHooks {
  private static volatile @Nullable BiFunction<BackfillsClient.Builder, TimeSource, BackfillsClient.Builder>
      timeSetter;

  private ClientHooks() {}

  /** Called once by {@link BackfillsClient}'s static initializer. */
  public static void install(BiFunction<BackfillsClient.Builder, TimeSource, BackfillsClient.Builder> setter) {
    timeSetter = Objects.requireNonNull(setter, "setter");
  }

  /** Puts {@code builder} on {@code time}: every wait of the client it builds goes through it. */
  public static BackfillsClient.Builder withTime(BackfillsClient.Builder builder, TimeSource time) {
    // The builder exists, so BackfillsClient is initialized and the setter installed.
    return Objects.requireNonNull(timeSetter, "BackfillsClient is not initialized").apply(builder, time);
  }
}
