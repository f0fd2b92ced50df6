package dev.backfills.testing;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The script of one fake backfill: how it moves through its states as the server's clock advances.
 *
 * <p>A plan holds no time of its own. {@link FakeBackfillsServer#addBackfill(long, FakeBackfill)} pins
 * it to a creation instant (the plan's {@link Builder#createdAt(Instant)}, or the server clock's now),
 * and every answer then computes the backfill's state from the time {@code e} elapsed since creation:
 *
 * <ul>
 *   <li>{@code e < scheduleAfter}: {@link BackfillStatus#CREATED}, no runs created yet;
 *   <li>{@code e < startAfter}: {@link BackfillStatus#SCHEDULED}, all runs created, none started;
 *   <li>then {@link BackfillStatus#RUNNING} from {@code start_time = createdAt + startAfter}: runs are
 *       processed in date order, {@code parallelism} at a time, each batch taking {@code runDuration};
 *       a finished run counts as failed if {@link Builder#failRun(LocalDate, String)} named its day
 *       (and adds an {@code error_report} entry), otherwise as completed;
 *   <li>once every run has finished: {@link BackfillStatus#FAILED} if any run failed, else
 *       {@link BackfillStatus#COMPLETED}, with {@code end_time} = when the last batch finished. Neither
 *       changes again by itself (a FAILED backfill can still be cancelled through the API); FAILED
 *       still counts as incomplete in the list, as the vendor documents.
 *   <li>if {@link Builder#cancelAfter(Duration)} is set and the backfill had not reached COMPLETED or
 *       FAILED at {@code createdAt + cancelAfter} (a run finishing exactly then wins), it becomes
 *       {@link BackfillStatus#CANCELLED} at that moment: its counters freeze there, {@code end_time}
 *       and {@code removed_time} are that moment, and {@code removed_user_id} is the creating user. A
 *       cancellation through the API ({@code PATCH}) works the same way, at the moment of the request and
 *       by the calling user, and may also cancel a FAILED backfill, as the vendor documents.
 * </ul>
 *
 * <p>All timestamps of the resulting {@link Backfill} are truncated to whole seconds, exactly as the
 * JSON carries them, so a state read through a client equals the state the server reports to a test.
 *
 * <p>Plans are immutable and may be added to several servers or several times (with different ids). A
 * backfill that a client creates through the API gets a plan too, over the requested range: see
 * {@link FakeBackfillsServer.Builder#createdBackfillPlan(java.util.function.UnaryOperator)}.
 *
 * <pre>{@code
 * FakeBackfill plan = FakeBackfill.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
 *     .scheduleAfter(Duration.ofMinutes(5))
 *     .startAfter(Duration.ofMinutes(10))
 *     .runDuration(Duration.ofMinutes(1))
 *     .failRun(LocalDate.of(2024, 1, 15), "Connection timeout to data source")
 *     .build();
 * }</pre>
 */
public final class FakeBackfill {

  /** Transfer id used when the plan names none; the vendor's own example value. */
  static final long DEFAULT_TRANSFER_ID = 456789;

  /** Creating user used when the plan names none; the vendor's own example value. */
  static final long DEFAULT_CREATED_USER_ID = 789;

  private final @Nullable Long id;
  private final long transferId;
  private final long createdUserId;
  private final LocalDate rangeStart;
  private final LocalDate rangeEnd;
  private final int runsTotal;
  private final @Nullable Instant createdAt;
  private final Duration scheduleAfter;
  private final Duration startAfter;
  private final Duration runDuration;
  private final int parallelism;
  private final @Nullable Duration cancelAfter;
  // Sorted by date, which is the order runs are processed and reported in.
  private final TreeMap<LocalDate, String> failedRuns;

  private FakeBackfill(Builder b) {
    this.id = b.id;
    this.transferId = b.transferId;
    this.createdUserId = b.createdUserId;
    this.rangeStart = b.rangeStart;
    this.rangeEnd = b.rangeEnd;
    this.runsTotal = b.runsTotal;
    this.createdAt = b.createdAt;
    this.scheduleAfter = b.scheduleAfter;
    this.startAfter = b.startAfter;
    this.runDuration = b.runDuration;
    this.parallelism = b.parallelism;
    this.cancelAfter = b.cancelAfter;
    this.failedRuns = new TreeMap<>(b.failedRuns);
  }

  /**
   * Starts a plan for a backfill over the inclusive date range {@code rangeStart..rangeEnd}; it has one
   * transfer run per day, which is its {@code transfer_runs_total}.
   *
   * @param rangeStart the first day re-processed; not null
   * @param rangeEnd the last day re-processed; not before {@code rangeStart}
   * @return a builder with the defaults documented on each of its methods
   * @throws IllegalArgumentException if {@code rangeEnd} is before {@code rangeStart}, or the range has
   *     more days than an {@code int} can count
   * @throws NullPointerException if a date is null
   */
  public static Builder builder(LocalDate rangeStart, LocalDate rangeEnd) {
    return new Builder(rangeStart, rangeEnd);
  }

  /** The id the plan asks for, or null to let the server assign one. */
  @Nullable Long requestedId() {
    return id;
  }

  /** The creation instant the plan asks for, or null to use the server clock's now. */
  @Nullable Instant requestedCreatedAt() {
    return createdAt;
  }

  /**
   * The state of this backfill at {@code now}, had it been created at {@code createdAt} with id
   * {@code backfillId}. A pure function: the same arguments always give the same result.
   */
  Backfill stateAt(long backfillId, Instant createdAt, Instant now) {
    return PlanStates.at(this, backfillId, createdAt, now);
  }

  long transferId() {
    return transferId;
  }

  long createdUserId() {
    return createdUserId;
  }

  LocalDate rangeStart() {
    return rangeStart;
  }

  LocalDate rangeEnd() {
    return rangeEnd;
  }

  int runsTotal() {
    return runsTotal;
  }

  Duration scheduleAfter() {
    return scheduleAfter;
  }

  Duration startAfter() {
    return startAfter;
  }

  Duration runDuration() {
    return runDuration;
  }

  int parallelism() {
    return parallelism;
  }

  @Nullable Duration cancelAfter() {
    return cancelAfter;
  }

  /** The failing days and their messages, in date order; unmodifiable. */
  java.util.SortedMap<LocalDate, String> failedRuns() {
    return java.util.Collections.unmodifiableSortedMap(failedRuns);
  }

  /** Describes the plan (not any state) for assertion messages. */
  @Override
  public String toString() {
    return "FakeBackfill[id=" + (id == null ? "auto" : id)
        + ", range=" + rangeStart + ".." + rangeEnd
        + ", runs=" + runsTotal
        + ", scheduleAfter=" + scheduleAfter
        + ", startAfter=" + startAfter
        + ", runDuration=" + runDuration
        + ", parallelism=" + parallelism
        + ", failedRuns=" + failedRuns.keySet()
        + ", cancelAfter=" + cancelAfter + "]";
  }

  /**
   * Collects a plan; not thread-safe, meant to be used in one expression. Every setter validates its
   * argument at once so a mistake points at the line that made it; {@link #build()} checks the rules
   * that tie several settings together.
   *
   * <pre>{@code
   * FakeBackfill cancelled = FakeBackfill.builder(LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 10))
   *     .id(42)
   *     .parallelism(2)
   *     .cancelAfter(Duration.ofMinutes(3))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final LocalDate rangeStart;
    private final LocalDate rangeEnd;
    private final int runsTotal;
    private @Nullable Long id;
    private long transferId = DEFAULT_TRANSFER_ID;
    private long createdUserId = DEFAULT_CREATED_USER_ID;
    private @Nullable Instant createdAt;
    private Duration scheduleAfter = Duration.ZERO;
    private Duration startAfter = Duration.ZERO;
    private Duration runDuration = Duration.ofSeconds(1);
    private int parallelism = 1;
    private @Nullable Duration cancelAfter;
    private final TreeMap<LocalDate, String> failedRuns = new TreeMap<>();

    private Builder(LocalDate rangeStart, LocalDate rangeEnd) {
      this.rangeStart = Objects.requireNonNull(rangeStart, "rangeStart");
      this.rangeEnd = Objects.requireNonNull(rangeEnd, "rangeEnd");
      if (rangeEnd.isBefore(rangeStart)) {
        throw new IllegalArgumentException(
            "rangeEnd " + rangeEnd + " is before rangeStart " + rangeStart + "; the range is inclusive");
      }
      long days = ChronoUnit.DAYS.between(rangeStart, rangeEnd) + 1;
      if (days > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("the range has " + days + " days; transfer_runs_total is an int");
      }
      this.runsTotal = (int) days;
    }

    /**
     * Fixes the backfill's id instead of letting the server assign the next free one (from 1001 up).
     * Useful to reproduce a documented example; ids are unique across all teams of a server.
     *
     * @param id the {@code transfer_backfill_id}; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code id < 1}
     */
    public Builder id(long id) {
      this.id = BackfillStore.positive(id, "id");
      return this;
    }

    /**
     * The transfer the backfill belongs to; default 456789.
     *
     * @param transferId the {@code transfer_id}; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code transferId < 1}
     */
    public Builder transferId(long transferId) {
      this.transferId = BackfillStore.positive(transferId, "transferId");
      return this;
    }

    /**
     * The user who created the backfill, also reported as the remover if it is cancelled; default 789.
     *
     * @param createdUserId the {@code created_user_id}; at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code createdUserId < 1}
     */
    public Builder createdUserId(long createdUserId) {
      this.createdUserId = BackfillStore.positive(createdUserId, "createdUserId");
      return this;
    }

    /**
     * When the backfill was created; every other duration of the plan counts from here. By default the
     * server clock's now at the moment the plan is added. An instant in the past puts the backfill
     * straight into a later state; one in the future keeps it CREATED until then.
     *
     * @param createdAt the {@code created_time}; not null (sub-second parts are dropped in answers)
     * @return this builder
     * @throws NullPointerException if {@code createdAt} is null
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /**
     * How long after creation the backfill leaves CREATED for SCHEDULED; default zero.
     *
     * @param scheduleAfter zero or positive; not null
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder scheduleAfter(Duration scheduleAfter) {
      this.scheduleAfter = notNegative(scheduleAfter, "scheduleAfter");
      return this;
    }

    /**
     * How long after creation (not after scheduling) the runs start and the backfill becomes RUNNING;
     * default zero. Must not be shorter than {@link #scheduleAfter(Duration)}, checked by {@link #build()}.
     *
     * @param startAfter zero or positive; not null
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder startAfter(Duration startAfter) {
      this.startAfter = notNegative(startAfter, "startAfter");
      return this;
    }

    /**
     * How long each run (or each batch of {@link #parallelism(int)} runs) takes; default one second.
     *
     * @param runDuration positive; not null
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public Builder runDuration(Duration runDuration) {
      Objects.requireNonNull(runDuration, "runDuration");
      if (runDuration.isZero() || runDuration.isNegative()) {
        throw new IllegalArgumentException("runDuration must be positive, got " + runDuration);
      }
      this.runDuration = runDuration;
      return this;
    }

    /**
     * How many runs are processed at once; they finish together, once per {@link #runDuration(Duration)}.
     * Default 1.
     *
     * @param parallelism at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /**
     * Makes the run of {@code date} fail with {@code error} once it is processed. Call once per failing
     * day; naming a day again replaces its message. Any failed run makes the finished backfill FAILED.
     *
     * @param date a day inside the plan's range; not null
     * @param error the message reported in {@code error_report}; not null
     * @return this builder
     * @throws IllegalArgumentException if {@code date} is outside the range
     * @throws NullPointerException if an argument is null
     */
    public Builder failRun(LocalDate date, String error) {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(error, "error");
      if (date.isBefore(rangeStart) || date.isAfter(rangeEnd)) {
        throw new IllegalArgumentException(
            "failRun date " + date + " is outside the range " + rangeStart + ".." + rangeEnd);
      }
      failedRuns.put(date, error);
      return this;
    }

    /**
     * Has a user cancel the backfill this long after creation, unless it is already COMPLETED or FAILED
     * by then. Not set by default.
     *
     * @param cancelAfter zero or positive; not null
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder cancelAfter(Duration cancelAfter) {
      this.cancelAfter = notNegative(cancelAfter, "cancelAfter");
      return this;
    }

    /**
     * Checks the settings against each other and freezes them into a plan.
     *
     * @return the immutable plan
     * @throws IllegalArgumentException if {@code startAfter} is shorter than {@code scheduleAfter}
     */
    public FakeBackfill build() {
      if (startAfter.compareTo(scheduleAfter) < 0) {
        throw new IllegalArgumentException(
            "startAfter " + startAfter + " is before scheduleAfter " + scheduleAfter
                + "; both count from creation and a backfill is scheduled before it starts");
      }
      return new FakeBackfill(this);
    }

    private static Duration notNegative(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
