package dev.backfills.model;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Why one transfer run of a backfill failed.
 *
 * <pre>{@code
 * for (TransferRunError e : backfill.errorReport()) {
 *   System.out.println(e.transferRunDate() + ": " + e.error());
 * }
 * }</pre>
 *
 * @param transferRunDate the day whose run failed, or {@code null} when not reported
 * @param error the server's description of the failure, or {@code null} when not reported
 */
public record TransferRunError(@Nullable LocalDate transferRunDate, @Nullable String error) {}
