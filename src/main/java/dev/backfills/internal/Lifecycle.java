package dev.backfills.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Whether a client (or a view of it) is still open, and what must stop when it closes: calls in flight,
 * scheduled retries, watches, waits.
 *
 * <p>Closing runs every registered hook once, on the closing thread, and wakes every wait at once. A
 * child lifecycle closes with its parent, or on its own. Thread-safe.
 */
public final class Lifecycle {
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Set<Runnable> hooks = ConcurrentHashMap.newKeySet();

  /** Whether {@link #close()} has been called here or on an ancestor. */
  public boolean isClosed() {
    return closed.getCount() == 0;
  }

  /**
   * Waits up to {@code nanos} for the lifecycle to close.
   *
   * @return true when it is closed
   */
  public boolean awaitClosed(long nanos) throws InterruptedException {
    return nanos <= 0 ? isClosed() : closed.await(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs {@code hook} when the lifecycle closes, or at once (on this thread) when it is closed already.
   *
   * @return a handle that drops the hook, for work that ended before the close
   */
  public Registration onClose(Runnable hook) {
    hooks.add(hook);
    if (isClosed() && hooks.remove(hook)) {
      hook.run();
    }
    return () -> hooks.remove(hook);
  }

  /** A lifecycle that closes when this one does, and can be closed alone. */
  public Lifecycle child() {
    Lifecycle child = new Lifecycle();
    Registration link = onClose(child::close);
    child.onClose(link::cancel);
    return child;
  }

  /** Closes: wakes every wait, then runs the hooks. Idempotent. */
  public void close() {
    if (isClosed()) {
      return;
    }
    closed.countDown();
    // Each hook is claimed by removing it, so concurrent closes run it once between them.
    for (Runnable hook : List.copyOf(hooks)) {
      if (hooks.remove(hook)) {
        hook.run();
      }
    }
  }

  /** A hook's registration. */
  @FunctionalInterface
  public interface Registration {
    /** Drops the hook; it will not run. */
    void cancel();
  }
}
