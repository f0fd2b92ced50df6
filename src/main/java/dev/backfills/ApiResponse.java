package dev.backfills;

import dev.backfills.model.RateLimit;
import org.jspecify.annotations.Nullable;

/**
 * A successful answer together with what the server said about it: the request id to quote to support,
 * and the request budget left after it.
 *
 * <pre>{@code
 * ApiResponse<Backfill> answer = client.getBackfillWithResponse(teamId, id);
 * log.info("read backfill {} (request id {})", answer.data().transferBackfillId(), answer.requestId());
 * }</pre>
 *
 * @param data the decoded {@code data} of the answer
 * @param statusCode the HTTP status, a 2xx
 * @param requestId {@code meta.request_id}, or {@code null} when the body had none
 * @param rateLimit this answer's {@code X-RateLimit-*} headers, or {@code null} when it had none
 * @param attempts how many attempts the call took, 1 when the first one succeeded
 * @param <T> the type of the data
 */
public record ApiResponse<T>(
    T data, int statusCode, @Nullable String requestId, @Nullable RateLimit rateLimit, int attempts) {}
