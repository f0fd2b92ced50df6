package dev.backfills.internal;

import org.jspecify.annotations.Nullable;

/**
 * What one JSON body held: the request id from {@code meta}, the decoded {@code data}, and the first
 * thing that was wrong with the body, if anything was.
 *
 * <p>Decoding reports problems here instead of throwing so that the request id, which may come after the
 * broken part, is still read and can be put on the exception.
 *
 * @param requestId {@code meta.request_id}, or null
 * @param data the decoded {@code data}, or null when absent, null or broken
 * @param problem what was wrong, naming the field, or null when the body was fine
 */
public record Envelope<T>(@Nullable String requestId, @Nullable T data, @Nullable String problem) {}
