package dev.backfills.testing;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FakeBackfill} plan looks like at a moment: the state function its class documentation
 * describes, and the frozen state of a cancelled backfill. Pure functions of their arguments.
 */
final class PlanStates {
  private PlanStates() {}

  /** The state of {@code plan} at {@code now}, created at {@code createdAt} with id {@code backfillId}. */
  static Backfill at(FakeBackfill plan, long backfillId, Instant createdAt, Instant now) {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(now, "now");
    Duration elapsed = Duration.between(createdAt, now);
    Duration cancelAfter = plan.cancelAfter();
    // Durations are compared rather than instants so that a far-off cancelAfter cannot overflow Instant.
    if (cancelAfter != null && elapsed.compareTo(cancelAfter) >= 0) {
      Backfill atCancel = progressAt(plan, backfillId, createdAt, cancelAfter);
      if (atCancel.status() == BackfillStatus.COMPLETED || atCancel.status() == BackfillStatus.FAILED) {
        // It had already ended when the user tried to cancel: the cancellation changes nothing.
        return atCancel;
      }
      return cancelled(atCancel, createdAt.plus(cancelAfter), plan.createdUserId());
    }
    return progressAt(plan, backfillId, createdAt, elapsed);
  }

  /**
   * {@code atCancel}, cancelled at {@code cancelAt} by {@code userId}: CANCELLED, its counters and error
   * report as they were, {@code end_time} and {@code removed_time} the cancellation moment.
   */
  static Backfill cancelled(Backfill atCancel, Instant cancelAt, long userId) {
    Instant at = cancelAt.truncatedTo(ChronoUnit.SECONDS);
    return new Backfill(
        atCancel.transferBackfillId(),
        atCancel.transferId(),
        atCancel.rangeStartDate(),
        atCancel.rangeEndDate(),
        atCancel.createdTime(),
        atCancel.createdUserId(),
        at,
        userId,
        atCancel.startTime(),
        at,
        BackfillStatus.CANCELLED,
        atCancel.transferRunsTotal(),
        atCancel.transferRunsCreated(),
        atCancel.transferRunsCompleted(),
        atCancel.transferRunsFailed(),
        atCancel.errorReport());
  }

  /** The state {@code elapsed} after creation, ignoring any cancellation. */
  private static Backfill progressAt(FakeBackfill plan, long backfillId, Instant createdAt, Duration elapsed) {
    if (elapsed.compareTo(plan.scheduleAfter()) < 0) {
      return snapshot(plan, backfillId, createdAt, BackfillStatus.CREATED, 0, 0, null, null);
    }
    int runsTotal = plan.runsTotal();
    if (elapsed.compareTo(plan.startAfter()) < 0) {
      return snapshot(plan, backfillId, createdAt, BackfillStatus.SCHEDULED, runsTotal, 0, null, null);
    }
    Instant startTime = createdAt.plus(plan.startAfter());
    int parallelism = plan.parallelism();
    // Whole batches of `parallelism` runs finished since the start. Compared in batches rather than in
    // runs so that huge elapsed times cannot overflow the multiplication.
    long batchesNeeded = (runsTotal + (long) parallelism - 1) / parallelism;
    long batchesDone;
    try {
      batchesDone = elapsed.minus(plan.startAfter()).dividedBy(plan.runDuration());
    } catch (ArithmeticException tooManyToCount) {
      // Only a quotient beyond Long.MAX_VALUE overflows, and that is far more than any range needs.
      batchesDone = Long.MAX_VALUE;
    }
    if (batchesDone < batchesNeeded) {
      int finished = (int) (batchesDone * parallelism);
      return snapshot(plan, backfillId, createdAt, BackfillStatus.RUNNING, runsTotal, finished, startTime, null);
    }
    // Safe from overflow: this instant is not after `createdAt + elapsed`, which exists.
    Instant endTime = startTime.plus(plan.runDuration().multipliedBy(batchesNeeded));
    BackfillStatus status = plan.failedRuns().isEmpty() ? BackfillStatus.COMPLETED : BackfillStatus.FAILED;
    return snapshot(plan, backfillId, createdAt, status, runsTotal, runsTotal, startTime, endTime);
  }

  /** Builds the record for a moment at which the first {@code finished} runs (in date order) are done. */
  private static Backfill snapshot(
      FakeBackfill plan,
      long backfillId,
      Instant createdAt,
      BackfillStatus status,
      int created,
      int finished,
      @Nullable Instant startTime,
      @Nullable Instant endTime) {
    // Runs are processed in date order, so the finished ones are exactly the days before this one.
    LocalDate firstUnfinished = plan.rangeStart().plusDays(finished);
    List<TransferRunError> errors = new ArrayList<>();
    for (Map.Entry<LocalDate, String> e : plan.failedRuns().headMap(firstUnfinished).entrySet()) {
      errors.add(new TransferRunError(e.getKey(), e.getValue()));
    }
    int failed = errors.size();
    return new Backfill(
        backfillId,
        plan.transferId(),
        plan.rangeStart(),
        plan.rangeEnd(),
        seconds(createdAt),
        plan.createdUserId(),
        null,
        null,
        seconds(startTime),
        seconds(endTime),
        status,
        plan.runsTotal(),
        created,
        finished - failed,
        failed,
        errors);
  }

  /** The JSON carries whole seconds only; truncating here keeps records equal to what clients parse. */
  private static @Nullable Instant seconds(@Nullable Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
  }
}
