package dev.backfills.internal;

import dev.backfills.BackfillListener;
import dev.backfills.PollingOptions;
import dev.backfills.TeamWatch;
import dev.backfills.exception.BackfillsException;
import dev.backfills.exception.ForbiddenException;
import dev.backfills.exception.NotFoundException;
import dev.backfills.exception.RateLimitException;
import dev.backfills.exception.UnauthorizedException;
import dev.backfills.model.Backfill;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Watches all incomplete backfills of a team with one list request per poll, plus one read by id for
 * each backfill that is no longer listed, whatever the number of backfills.
 *
 * <p>Runs on its own daemon thread, which also delivers every listener call, so calls arrive in order
 * and never overlap. No lock is held while a listener runs. A backfill is reported finished only once a
 * read by id shows it COMPLETED or CANCELLED: one that dropped off a full list (the API lists at most
 * 100) while still incomplete, or whose status this version does not know, is followed by id. Between
 * polls the watch waits at least the interval and the budget floor for what the poll cost on the wire.
 */
public final class TeamWatcher implements TeamWatch {
  private static final System.Logger LOG = System.getLogger("dev.backfills.TeamWatch");
  private static final AtomicInteger WATCH_NUMBERS = new AtomicInteger();

  private final Pipeline pipeline;
  private final Lifecycle life;
  private final long teamId;
  private final BackfillListener listener;
  private final PollingOptions options;
  private final TimeSource time;
  private final WatchThread thread;
  private final Map<Long, Instant> completions = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final Set<String> reportedListenerFailures = new HashSet<>();

  /** Creates the watch; {@link #start()} begins polling. Closing {@code pipeline}'s lifecycle closes it. */
  public TeamWatcher(Pipeline pipeline, long teamId, BackfillListener listener, PollingOptions options) {
    this.pipeline = pipeline.child(pipeline.settings());
    this.life = this.pipeline.lifecycle();
    this.teamId = teamId;
    this.listener = listener;
    this.options = options;
    this.time = pipeline.time();
    this.thread = new WatchThread(this::run, "backfills-watch-team-" + teamId + "-" + WATCH_NUMBERS.incrementAndGet());
  }

  /** Starts the polling thread. */
  public TeamWatcher start() {
    thread.start();
    return this;
  }

  /**
   * Stops polling: the poll in flight is cancelled and the wait between polls ends at once. From any
   * thread but a watch's own, then waits for the watch's thread to end, so that no callback runs after
   * this returns. From inside a callback (of this watch or another) it does not wait, which is what
   * keeps two watches that close each other from deadlocking; no new callback starts.
   */
  @Override
  public void close() {
    life.close();
    if (!(Thread.currentThread() instanceof WatchThread)) {
      awaitEnd();
    }
  }

  /** Waits for the watch's thread to end; restores the interrupt flag when interrupted. */
  public void awaitEnd() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the watch was closed, by itself, its client or a view's close. */
  public boolean isClosed() {
    return life.isClosed();
  }

  /** Whether the watch's thread is still running; for tests. */
  public boolean isRunning() {
    return thread.isAlive();
  }

  @Override
  public Optional<Duration> estimatedTimeRemaining(long backfillId) {
    Instant done = completions.get(backfillId);
    if (done == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(time.now(), done);
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  @Override
  public long requestsSent() {
    return requests.get();
  }

  private void run() {
    Map<Long, Backfill> known = new LinkedHashMap<>();
    Map<Long, ProgressRate> rates = new HashMap<>();
    Operation<List<Backfill>> list = pipeline.endpoints().listIncompleteBackfills(teamId);
    int failures = 0;
    while (!life.isClosed()) {
      Poll poll = new Poll();
      Result<List<Backfill>> listed = poll.run(list);
      RuntimeException failure = listed.failure();
      if (failure == null) {
        failure = followAll(listed.responseOrThrow().data(), known, rates, poll);
      }
      requests.addAndGet(poll.cost);
      Duration serverWait = Duration.ZERO;
      if (failure == null) {
        failures = 0;
      } else if (life.isClosed()) {
        break;
      } else {
        failures++;
        if (failure instanceof RateLimitException limited) {
          serverWait = limited.retryAfter().orElse(Duration.ZERO);
        }
        BackfillsException reported = failure instanceof BackfillsException be ? be
            : new BackfillsException("poll of team " + teamId + " failed: " + failure.getMessage(), failure);
        LOG.log(Level.DEBUG, () -> "poll of team " + teamId + " failed: " + reported.getMessage());
        deliver("onError", () -> listener.onError(reported));
        if (failure instanceof UnauthorizedException || failure instanceof ForbiddenException) {
          life.close(); // the same token will not start working by itself
          break;
        }
      }
      Duration wait = Pacing.max(
          options.interval(),
          Pacing.budgetFloor(pipeline.transport().limits(), time, options.budgetShare(), poll.cost),
          serverWait,
          Pacing.backoff(failures, options.interval(), options.maxInterval()));
      try {
        if (!time.sleep(wait, life)) {
          break;
        }
      } catch (InterruptedException e) {
        break; // only a close interrupts this thread
      }
    }
  }

  /**
   * Reports what the list shows, then reads by id every known backfill it no longer shows.
   *
   * @return the failure that cut the poll short, or null
   */
  private @Nullable RuntimeException followAll(
      List<Backfill> incomplete, Map<Long, Backfill> known, Map<Long, ProgressRate> rates, Poll poll) {
    Instant now = time.now();
    Set<Long> listed = new HashSet<>();
    for (Backfill current : incomplete) {
      long id = current.transferBackfillId();
      listed.add(id);
      Backfill previous = known.put(id, current);
      Instant done = rates.computeIfAbsent(id, k -> new ProgressRate()).record(now, current);
      if (done != null) {
        completions.put(id, done);
      }
      if (previous == null) {
        deliver("onNew", () -> listener.onNew(current));
      } else if (!previous.equals(current)) {
        deliver("onProgress", () -> listener.onProgress(previous, current));
      }
    }
    for (Iterator<Map.Entry<Long, Backfill>> it = known.entrySet().iterator(); it.hasNext() && !life.isClosed(); ) {
      Map.Entry<Long, Backfill> entry = it.next();
      long id = entry.getKey();
      if (listed.contains(id)) {
        continue;
      }
      Result<Backfill> read = poll.run(pipeline.endpoints().getBackfill(teamId, id));
      RuntimeException failure = read.failure();
      if (failure instanceof NotFoundException gone) {
        it.remove(); // deleted: there is no final state to report
        rates.remove(id);
        completions.remove(id);
        deliver("onError", () -> listener.onError(gone));
        continue;
      }
      if (failure != null) {
        return failure;
      }
      Backfill last = read.responseOrThrow().data();
      if (!last.status().isFinished()) {
        // Still incomplete (off a full list, or listed again next poll) or a status unknown to this version.
        Backfill previous = entry.setValue(last);
        if (!previous.equals(last)) {
          deliver("onProgress", () -> listener.onProgress(previous, last));
        }
        continue;
      }
      it.remove();
      rates.remove(id);
      completions.remove(id);
      deliver("onFinished", () -> listener.onFinished(last));
    }
    return null;
  }

  /**
   * Runs one listener call unless the watch is closed. A listener that throws (anything but a
   * {@link VirtualMachineError}) never ends the watch: the failure is logged, and reported once per
   * method through {@code onError}.
   */
  private void deliver(String method, Runnable call) {
    if (life.isClosed()) {
      return;
    }
    try {
      call.run();
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) { // an AssertionError from a test's listener must not kill the watch silently
      LOG.log(Level.WARNING, "BackfillListener." + method + " of the watch of team " + teamId
          + " threw; the watch goes on", t);
      if (!method.equals("onError") && reportedListenerFailures.add(method)) {
        BackfillsException report = new BackfillsException("BackfillListener." + method + " threw "
            + t.getClass().getName() + "; the watch goes on (reported once per method, logged every time)", t);
        deliver("onError", () -> listener.onError(report));
      }
    }
  }

  /** What one poll sent, counted on the wire (retries included). */
  private final class Poll {
    int cost;

    <T> Result<T> run(Operation<T> op) {
      Result<T> result = pipeline.run(op, Deadline.NONE);
      cost += result.requests();
      return result;
    }
  }

  /** Marks the threads that deliver watch callbacks, so that a close from inside one does not wait. */
  private static final class WatchThread extends Thread {
    WatchThread(Runnable body, String name) {
      super(body, name);
      setDaemon(true);
    }
  }
}
