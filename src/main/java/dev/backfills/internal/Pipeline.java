package dev.backfills.internal;

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

  /** The client's time. */
  public TimeSource time() {
    return transport.time();
  }
}
