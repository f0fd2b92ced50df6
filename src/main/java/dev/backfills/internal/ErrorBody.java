package dev.backfills.internal;

import dev.backfills.model.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * What an error answer's body held, as far as it could be read: the parsed {@code error} object (null
 * when the body was not an error envelope) and {@code meta.request_id}.
 *
 * @param error the error object, or null
 * @param requestId the request id, or null
 */
public record ErrorBody(@Nullable ApiError error, @Nullable String requestId) {}
