package dev.backfills.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Clock} that stands still until a test moves it, so that time-dependent behaviour (backfill
 * progress, the hourly rate-limit window) can be checked without sleeping.
 *
 * <p>Hand the same instance to {@link FakeBackfillsServer.Builder#clock(Clock)} and keep a reference in
 * the test: every {@link #advance(Duration)} or {@link #set(Instant)} is seen at once by every thread
 * reading the clock, including the server's request threads. The clock is thread-safe.
 *
 * <p>A client built by {@link FakeBackfillsServer#clientBuilder()} on a server with this clock waits on
 * it too: its poll intervals, retry backoffs and {@code Retry-After} pauses move the clock forward
 * instead of sleeping, so an hour of polling takes milliseconds. The test may still move the clock
 * itself; waits only ever move it forward.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2024-02-01T09:00:00Z"));
 * try (FakeBackfillsServer server = FakeBackfillsServer.builder().clock(clock).build()) {
 *   long id = server.addBackfill(1, FakeBackfill.builder(start, end).build()).transferBackfillId();
 *   clock.advance(Duration.ofHours(1));
 *   assertThat(server.backfill(1, id).orElseThrow().status()).isEqualTo(BackfillStatus.COMPLETED);
 * }
 * }</pre>
 */
public final class ManualClock extends Clock {

  // The one source of truth; views returned by withZone(...) read it too, so they move together.
  private final AtomicReference<Instant> now;
  // What a client built by FakeBackfillsServer.clientBuilder() waits on; one per clock, so that every
  // such client shares one monotonic reading of it.
  private final ManualClockTime time;

  /**
   * Creates a clock that reads {@code start} until it is moved.
   *
   * @param start the instant the clock shows at first; not null
   * @throws NullPointerException if {@code start} is null
   */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    this.time = new ManualClockTime(this);
  }

  /** The ManualClock behind {@code clock} (itself, or the clock a zoned view follows), or null. */
  static @Nullable ManualClock behind(Clock clock) {
    if (clock instanceof ManualClock manual) {
      return manual;
    }
    return clock instanceof ZonedView view ? view.source : null;
  }

  /** The client-side view of this clock: waits move it, see {@link ManualClockTime}. */
  ManualClockTime time() {
    return time;
  }

  /**
   * Moves the clock to {@code t} unless it already shows {@code t} or later, in one atomic step: threads
   * that do this at once leave the clock at the latest of their instants, and it never goes back.
   */
  void advanceToAtLeast(Instant t) {
    Objects.requireNonNull(t, "t");
    now.accumulateAndGet(t, (current, target) -> current.isBefore(target) ? target : current);
  }

  /**
   * Moves the clock forward. Going forward only is deliberate: code under test may assume time never
   * runs backwards; use {@link #set(Instant)} to construct that situation explicitly.
   *
   * @param d how far to move; zero or positive, not null
   * @throws IllegalArgumentException if {@code d} is negative
   * @throws NullPointerException if {@code d} is null
   */
  public void advance(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative()) {
      throw new IllegalArgumentException("advance needs a duration >= 0, got " + d + "; use set() to go back");
    }
    now.updateAndGet(t -> t.plus(d));
  }

  /**
   * Puts the clock at {@code t}, forwards or backwards.
   *
   * @param t the instant the clock shows from now on; not null
   * @throws NullPointerException if {@code t} is null
   */
  public void set(Instant t) {
    now.set(Objects.requireNonNull(t, "t"));
  }

  /**
   * The instant the clock was last set or advanced to.
   *
   * @return the current manual time
   */
  @Override
  public Instant instant() {
    return Objects.requireNonNull(now.get()); // only ever set from checked non-null values
  }

  /**
   * Always UTC, which is what the API's timestamps use.
   *
   * @return {@link ZoneOffset#UTC}
   */
  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * A clock in another zone that still follows this one: moving this clock moves the returned view.
   *
   * @param zone the zone of the view; not null
   * @return this clock for UTC, otherwise a view of it in {@code zone}
   */
  @Override
  public Clock withZone(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    return new ZonedView(this, zone);
  }

  /** Shows the instant in its textual form, to make assertion failures readable. */
  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }

  /** A zone-shifted window on a {@link ManualClock}; holds no time of its own. */
  private static final class ZonedView extends Clock {
    private final ManualClock source;
    private final ZoneId zone;

    ZonedView(ManualClock source, ZoneId zone) {
      this.source = source;
      this.zone = zone;
    }

    @Override
    public Instant instant() {
      return source.instant();
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
      return source.withZone(newZone);
    }

    @Override
    public String toString() {
      return "ManualClock[" + source.instant() + ", " + zone + "]";
    }
  }
}
