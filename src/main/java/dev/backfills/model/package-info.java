/**
 * The immutable records and enums the API answers with: {@link dev.backfills.model.Backfill} and what it
 * is made of, {@link dev.backfills.model.ApiError} for error answers and {@link dev.backfills.model.RateLimit}
 * for the request budget.
 */
@NullMarked
package dev.backfills.model;

import org.jspecify.annotations.NullMarked;
