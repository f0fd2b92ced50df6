package dev.backfills.internal;

import dev.backfills.ApiResponse;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one call through the pipeline ended: its answer or its failure, and the requests it sent on the
 * wire, which pollers count against the budget whether the call succeeded or not.
 *
 * @param response the answer, or null when the call failed
 * @param failure the exception to throw, or null when it succeeded
 * @param requests requests sent on the wire, retries, redirects and checks included
 * @param expired the deadline that ended the call (the call timeout or the caller's), or null
 */
public record Result<T>(
    @Nullable ApiResponse<T> response, @Nullable RuntimeException failure, int requests, @Nullable Deadline expired) {

  /** Whether the call ended because a deadline came. */
  public boolean deadlineReached() {
    return expired != null;
  }

  /** The answer, or throws the failure. */
  public ApiResponse<T> responseOrThrow() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    return Objects.requireNonNull(response, "a result without a failure has a response");
  }
}
