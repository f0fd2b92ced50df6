package dev.backfills.testing;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The fake's backfills and the transfers they belong to, on the server's clock. A stored backfill is a
 * {@link FakeBackfill} plan pinned to an id, a team and a creation instant, plus the moment and user of a
 * cancellation through the API if there was one; its state is always computed for the instant asked
 * about, so moving the clock moves every backfill. Thread-safe: each method is atomic, so the overlap
 * check of a create and the final-state check of a cancel see no concurrent change.
 */
final class BackfillStore {
  /** The most backfills the incomplete list holds, the newest: the API's {@code maxItems}. */
  static final int LIST_LIMIT = 100;
  private static final long FIRST_ID = 1001;
  private static final Comparator<Backfill> NEWEST_FIRST =
      Comparator.comparing(Backfill::createdTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparingLong(Backfill::transferBackfillId)
          .reversed();

  /** What a create or cancel came to; {@code backfill} is the one concerned, when there is one. */
  record Change(Kind kind, @Nullable Backfill backfill) {}

  /** The possible outcomes of a create or a cancel. */
  enum Kind { DONE, NO_SUCH_TRANSFER, OVERLAPS_ACTIVE, NO_SUCH_BACKFILL, ALREADY_FINAL }

  private record TransferKey(long teamId, long transferId) {}

  private final Clock clock;
  private final UnaryOperator<FakeBackfill.Builder> createdPlan;
  private final Map<Long, Stored> byId = new HashMap<>();
  private final Set<TransferKey> transfers = new HashSet<>();
  private long nextId = FIRST_ID;
  private int createdThroughApi;

  /**
   * @param createdPlan shapes the plan of a backfill created through the API; it gets a builder over
   *     the requested range with {@link #createdDefaults(LocalDate, LocalDate)}
   */
  BackfillStore(Clock clock, UnaryOperator<FakeBackfill.Builder> createdPlan) {
    this.clock = clock;
    this.createdPlan = createdPlan;
  }

  /** The plan settings a created backfill starts from: it completes a month's range in under two minutes. */
  static FakeBackfill.Builder createdDefaults(LocalDate start, LocalDate end) {
    return FakeBackfill.builder(start, end)
        .scheduleAfter(Duration.ofSeconds(10))
        .startAfter(Duration.ofSeconds(30))
        .runDuration(Duration.ofSeconds(10))
        .parallelism(5);
  }

  Instant now() {
    return clock.instant();
  }

  /** Stores a test's backfill; its transfer becomes one of the team's. */
  synchronized Backfill add(long teamId, FakeBackfill plan) {
    positive(teamId, "teamId");
    Instant now = clock.instant();
    Long requested = plan.requestedId();
    if (requested != null && byId.containsKey(requested)) {
      throw new IllegalArgumentException("backfill id " + requested + " is already taken on this server");
    }
    long id = requested != null ? requested : freeId();
    Instant requestedAt = plan.requestedCreatedAt();
    Stored stored = new Stored(teamId, id, requestedAt != null ? requestedAt : now, plan);
    byId.put(id, stored);
    transfers.add(new TransferKey(teamId, plan.transferId()));
    return stored.stateAt(now);
  }

  synchronized void addTransfer(long teamId, long transferId) {
    transfers.add(new TransferKey(positive(teamId, "teamId"), positive(transferId, "transferId")));
  }

  synchronized boolean hasTransfer(long teamId, long transferId) {
    return transfers.contains(new TransferKey(teamId, transferId));
  }

  synchronized Optional<Backfill> get(long teamId, long backfillId, Instant now) {
    Stored s = byId.get(backfillId);
    return s == null || s.teamId != teamId ? Optional.empty() : Optional.of(s.stateAt(now));
  }

  /** Every backfill of the team, any status, newest first. */
  synchronized List<Backfill> all(long teamId, Instant now) {
    return states(teamId, null, now);
  }

  /** The team's CREATED, SCHEDULED, RUNNING and FAILED backfills, newest first, at most {@link #LIST_LIMIT}. */
  synchronized List<Backfill> incomplete(long teamId, Instant now) {
    List<Backfill> out = new ArrayList<>();
    for (Backfill b : states(teamId, null, now)) {
      if (b.status().isIncomplete() && out.size() < LIST_LIMIT) {
        out.add(b);
      }
    }
    return out;
  }

  /** The transfer's most recently created backfill, any status. */
  synchronized Optional<Backfill> latest(long teamId, long transferId, Instant now) {
    return states(teamId, transferId, now).stream().findFirst();
  }

  /**
   * Creates a backfill over {@code start..end} by {@code userId}, unless the team has no such transfer or
   * the range overlaps (both ends inclusive) an active backfill of the transfer: one that is CREATED,
   * SCHEDULED or RUNNING. A FAILED backfill has ended its processing and does not block a new range.
   */
  synchronized Change create(long teamId, long transferId, LocalDate start, LocalDate end, long userId,
      Instant now) {
    if (!transfers.contains(new TransferKey(teamId, transferId))) {
      return new Change(Kind.NO_SUCH_TRANSFER, null);
    }
    for (Backfill b : states(teamId, transferId, now)) {
      boolean active = b.status() == BackfillStatus.CREATED || b.status() == BackfillStatus.SCHEDULED
          || b.status() == BackfillStatus.RUNNING;
      LocalDate bStart = b.rangeStartDate();
      LocalDate bEnd = b.rangeEndDate();
      if (active && bStart != null && bEnd != null && !bStart.isAfter(end) && !start.isAfter(bEnd)) {
        return new Change(Kind.OVERLAPS_ACTIVE, b);
      }
    }
    FakeBackfill.Builder shaped = Objects.requireNonNull(createdPlan.apply(createdDefaults(start, end)),
        "the createdBackfillPlan function returned null");
    FakeBackfill plan = shaped.transferId(transferId).createdUserId(userId).build();
    Stored stored = new Stored(teamId, freeId(), now, plan);
    byId.put(stored.id, stored);
    createdThroughApi++;
    return new Change(Kind.DONE, stored.stateAt(now));
  }

  /**
   * Cancels a backfill of the team by {@code userId} at {@code now}, unless it is COMPLETED or CANCELLED
   * already; a FAILED one can be cancelled.
   */
  synchronized Change cancel(long teamId, long backfillId, long userId, Instant now) {
    Stored s = byId.get(backfillId);
    if (s == null || s.teamId != teamId) {
      return new Change(Kind.NO_SUCH_BACKFILL, null);
    }
    Backfill current = s.stateAt(now);
    if (current.status().isFinished()) {
      return new Change(Kind.ALREADY_FINAL, current);
    }
    s.cancelledAt = now;
    s.cancelledBy = userId;
    return new Change(Kind.DONE, s.stateAt(now));
  }

  /** How many backfills were created through the API (not added by the test). */
  synchronized int createdCount() {
    return createdThroughApi;
  }

  /** States of the team's backfills (of one transfer, unless null), newest first. Caller holds the lock. */
  private List<Backfill> states(long teamId, @Nullable Long transferId, Instant now) {
    List<Backfill> out = new ArrayList<>();
    for (Stored s : byId.values()) {
      if (s.teamId == teamId && (transferId == null || s.plan.transferId() == transferId)) {
        out.add(s.stateAt(now));
      }
    }
    out.sort(NEWEST_FIRST);
    return out;
  }

  /** {@code id}, if it is at least 1: the kit's one check of an id given by a test. */
  static long positive(long id, String name) {
    if (id < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + id);
    }
    return id;
  }

  private long freeId() {
    while (byId.containsKey(nextId)) {
      nextId++;
    }
    return nextId++;
  }

  /** A stored backfill. The cancellation fields are guarded by the store's lock. */
  private static final class Stored {
    final long teamId;
    final long id;
    final Instant createdAt;
    final FakeBackfill plan;
    @Nullable Instant cancelledAt;
    long cancelledBy;

    Stored(long teamId, long id, Instant createdAt, FakeBackfill plan) {
      this.teamId = teamId;
      this.id = id;
      this.createdAt = createdAt;
      this.plan = plan;
    }

    Backfill stateAt(Instant now) {
      Instant cancelAt = cancelledAt;
      if (cancelAt != null && !now.isBefore(cancelAt)) {
        return PlanStates.cancelled(plan.stateAt(id, createdAt, cancelAt), cancelAt, cancelledBy);
      }
      return plan.stateAt(id, createdAt, now);
    }
  }
}
