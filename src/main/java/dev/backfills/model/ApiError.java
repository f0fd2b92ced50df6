package dev.backfills.model;

import org.jspecify.annotations.Nullable;

/**
 * The {@code error} object of an error answer.
 *
 * <p>Branch on {@link #code()}, which is stable (for example {@code NOT_FOUND},
 * {@code TOO_MANY_REQUESTS}, {@code ACCESS_TOKEN_INVALID}); the message is for people and may change.
 *
 * <pre>{@code
 * catch (ApiException e) {
 *   if (e.error() != null && "ACCESS_TOKEN_INVALID".equals(e.error().code())) { refreshToken(); }
 * }
 * }</pre>
 *
 * @param code the stable, screaming-snake-case error code, or {@code null} when the server sent none
 * @param message a short human-readable summary, or {@code null} when the server sent none
 * @param description an optional longer explanation, often {@code null}
 */
public record ApiError(@Nullable String code, @Nullable String message, @Nullable String description) {}
