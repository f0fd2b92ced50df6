/**
 * The client: {@link dev.backfills.BackfillsClient} and its builder, the {@link dev.backfills.ApiResponse}
 * of a call with its metadata, and waiting and watching ({@link dev.backfills.TeamWatch},
 * {@link dev.backfills.BackfillListener}, {@link dev.backfills.PollingOptions}).
 *
 * <p>Types here are null-marked: nothing is null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.backfills;

import org.jspecify.annotations.NullMarked;
