package dev.backfills.internal;

import java.util.concurrent.CompletableFuture;

/**
 * What a client or a view of it calls through: the shared transport and endpoints, this view's settings,
 * and this view's lifecycle. Waits and watches run on it, never on the public facade, so that they pass
 * their own deadline into every call and see what each call cost.
 *
 * @param transport runs the operations
 * @param endpoints makes them
 * @param settings timeout and retries of each call
 * @param lifecycle closes with the client or the view
 */
public record Pipeline(Transport transport, Endpoints endpoints, CallSettings settings, Lifecycle lifecycle) {
  /** Runs {@code op} on this thread within {@code deadline} (and the call timeout). */
  public <T> Result<T> run(Operation<T> op, Deadline deadline) {
    return transport.execute(op, settings, deadline, lifecycle);
  }

  /**
   * Runs {@code op} on OkHttp's dispatcher within the call timeout; the future always completes normally,
   * with the result, and cancelling it cancels the call.
   */
  public <T> CompletableFuture<Result<T>> runAsync(Operation<T> op) {
    return transport.executeAsync(op, settings, lifecycle);
  }

  /** A pipeline over the same transport with {@code settings}, closing with this one or on its own. */
  public Pipeline child(CallSettings settings) {
    return new Pipeline(transport, endpoints, settings, lifecycle.child());
  }

  /** The client's time. */
  public TimeSource time() {
    return transport.time();
  }
}
