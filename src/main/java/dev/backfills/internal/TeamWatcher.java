package dev.backfills.internal;

import dev.backfills.BackfillListener;
import dev.backfills.BackfillsClient;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Watches all incomplete backfills of a team with one list request per poll, plus one read by id for
 * each backfill that leaves the list, whatever the number of backfills.
 *
 * <p>Runs on its own daemon thread, which also delivers every listener call, so calls arrive in order
 * and never overlap. Between polls it waits at least the interval and at least the budget floor for
 * what the poll cost, so it spends no more than its share of the hourly limit.
 */
public final class TeamWatcher implements TeamWatch {
  private static final System.Logger LOG = System.getLogger("dev.backfills.TeamWatch");

  private final BackfillsClient client;
  private final long teamId;
  private final BackfillListener listener;
  private final PollingOptions options;
  private final TimeSource time;
  private final Thread thread;
  private final Consumer<TeamWatch> onClose;
  private final Object delivering = new Object();
  private final Map<Long, Instant> completions = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean closed;

  /** Creates the watch; {@link #start()} begins polling. */
  public TeamWatcher(
      BackfillsClient client,
      long teamId,
      BackfillListener listener,
      PollingOptions options,
      TimeSource time,
      Consumer<TeamWatch> onClose) {
    this.onClose = onClose;
    this.client = client;
    this.teamId = teamId;
    this.listener = listener;
    this.options = options;
    this.time = time;
    this.thread = new Thread(this::run, "backfills-watch-team-" + teamId);
    this.thread.setDaemon(true);
  }

  /** Starts the polling thread. */
  public TeamWatcher start() {
    thread.start();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    onClose.accept(this);
    if (Thread.currentThread() == thread) {
      return; // called from a listener: that call is the last, and the loop ends after it
    }
    synchronized (delivering) {
      thread.interrupt(); // cut a wait short; never lands inside a listener call, which holds the lock
    }
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
    int failures = 0;
    while (!closed) {
      int cost = 0;
      Duration serverWait = Duration.ZERO;
      try {
        cost++;
        List<Backfill> incomplete = client.listIncompleteBackfills(teamId);
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
            deliver(() -> listener.onNew(current));
          } else if (!previous.equals(current)) {
            deliver(() -> listener.onProgress(previous, current));
          }
        }
        for (Iterator<Map.Entry<Long, Backfill>> it = known.entrySet().iterator(); it.hasNext() && !closed; ) {
          Map.Entry<Long, Backfill> entry = it.next();
          long id = entry.getKey();
          if (listed.contains(id)) {
            continue;
          }
          cost++;
          try {
            Backfill last = client.getBackfill(teamId, id);
            if (last.status().isIncomplete()) {
              // The list and the read disagree for a moment; look again next poll.
              Backfill previous = entry.setValue(last);
              if (!previous.equals(last)) {
                deliver(() -> listener.onProgress(previous, last));
              }
              continue;
            }
            it.remove();
            rates.remove(id);
            completions.remove(id);
            deliver(() -> listener.onFinished(last));
          } catch (NotFoundException gone) {
            it.remove(); // deleted: there is no final state to report
            rates.remove(id);
            completions.remove(id);
            deliver(() -> listener.onError(gone));
          }
        }
        failures = 0;
      } catch (UnauthorizedException | ForbiddenException e) {
        requests.addAndGet(cost);
        deliver(() -> listener.onError(e));
        close(); // the same token will not start working by itself
        return;
      } catch (RateLimitException e) {
        failures++;
        serverWait = e.retryAfter().orElse(Duration.ZERO);
        deliver(() -> listener.onError(e));
      } catch (BackfillsException e) {
        failures++;
        if (closed) {
          break;
        }
        deliver(() -> listener.onError(e));
      } catch (RuntimeException e) {
        failures++;
        BackfillsException wrapped = new BackfillsException("poll of team " + teamId + " failed: " + e, e);
        deliver(() -> listener.onError(wrapped));
      }
      requests.addAndGet(cost);
      Duration wait = Pacing.max(
          options.interval(),
          Pacing.budgetFloor(client.lastRateLimit().orElse(null), options.budgetShare(), cost),
          serverWait,
          Pacing.failureBackoff(failures, options.interval(), options.maxInterval()));
      try {
        time.sleep(wait);
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      }
    }
  }

  /** Runs one listener call unless the watch is closed; a listener's exception never ends the watch. */
  private void deliver(Runnable call) {
    synchronized (delivering) {
      if (closed) {
        return;
      }
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a BackfillListener of team " + teamId + " threw; the watch goes on", e);
      }
    }
  }
}
