package dev.backfills.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The state function of a plan, checked without any HTTP: what a backfill looks like at a given time. */
class FakeBackfillTest {

  private static final Instant CREATED = Instant.parse("2024-02-01T09:00:00Z");
  private static final LocalDate JAN_1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN_10 = LocalDate.of(2024, 1, 10);

  private static Backfill at(FakeBackfill plan, Duration sinceCreation) {
    return plan.stateAt(42, CREATED, CREATED.plus(sinceCreation));
  }

  /** Ten daily runs, scheduled after 5 min, started after 10 min, one run a minute. */
  private static FakeBackfill.Builder tenDays() {
    return FakeBackfill.builder(JAN_1, JAN_10)
        .scheduleAfter(Duration.ofMinutes(5))
        .startAfter(Duration.ofMinutes(10))
        .runDuration(Duration.ofMinutes(1));
  }

  @Test
  void isCreatedWithNoRunsBeforeScheduleAfter() {
    Backfill b = at(tenDays().build(), Duration.ofMinutes(4).plusSeconds(59));

    assertThat(b.status()).isEqualTo(BackfillStatus.CREATED);
    assertThat(b.transferRunsTotal()).isEqualTo(10);
    assertThat(b.transferRunsCreated()).isZero();
    assertThat(b.transferRunsCompleted()).isZero();
    assertThat(b.startTime()).isNull();
    assertThat(b.endTime()).isNull();
  }

  @Test
  void isScheduledWithAllRunsCreatedFromScheduleAfterUntilStartAfter() {
    FakeBackfill plan = tenDays().build();

    assertThat(at(plan, Duration.ofMinutes(5)).status()).isEqualTo(BackfillStatus.SCHEDULED);
    Backfill b = at(plan, Duration.ofMinutes(9).plusSeconds(59));
    assertThat(b.status()).isEqualTo(BackfillStatus.SCHEDULED);
    assertThat(b.transferRunsCreated()).isEqualTo(10);
    assertThat(b.transferRunsCompleted()).isZero();
    assertThat(b.startTime()).isNull();
  }

  @Test
  void runsFinishOnePerRunDurationOnceStarted() {
    FakeBackfill plan = tenDays().build();

    Backfill justStarted = at(plan, Duration.ofMinutes(10));
    assertThat(justStarted.status()).isEqualTo(BackfillStatus.RUNNING);
    assertThat(justStarted.transferRunsCompleted()).isZero();
    assertThat(justStarted.startTime()).isEqualTo(CREATED.plus(Duration.ofMinutes(10)));

    Backfill later = at(plan, Duration.ofMinutes(13).plusSeconds(30));
    assertThat(later.status()).isEqualTo(BackfillStatus.RUNNING);
    assertThat(later.transferRunsCompleted()).isEqualTo(3);
    assertThat(later.endTime()).isNull();
  }

  @Test
  void isCompletedWithEndTimeWhenTheLastRunFinishes() {
    FakeBackfill plan = tenDays().build();

    assertThat(at(plan, Duration.ofMinutes(19).plusSeconds(59)).status()).isEqualTo(BackfillStatus.RUNNING);
    Backfill done = at(plan, Duration.ofHours(3));
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(done.transferRunsCompleted()).isEqualTo(10);
    assertThat(done.transferRunsFailed()).isZero();
    assertThat(done.endTime()).isEqualTo(CREATED.plus(Duration.ofMinutes(20)));
    assertThat(done.errorReport()).isEmpty();
    assertThat(done.removedTime()).isNull();
  }

  @Test
  void parallelRunsFinishInBatches() {
    FakeBackfill plan = tenDays().parallelism(4).build();

    assertThat(at(plan, Duration.ofMinutes(11)).transferRunsCompleted()).isEqualTo(4);
    assertThat(at(plan, Duration.ofMinutes(12)).transferRunsCompleted()).isEqualTo(8);
    Backfill done = at(plan, Duration.ofMinutes(13));
    assertThat(done.status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(done.transferRunsCompleted()).isEqualTo(10);
    assertThat(done.endTime()).isEqualTo(CREATED.plus(Duration.ofMinutes(13)));
  }

  @Test
  void failedRunsAreCountedAndReportedInDateOrderAsTheyFinish() {
    FakeBackfill plan = tenDays()
        .failRun(LocalDate.of(2024, 1, 7), "Quota exceeded")
        .failRun(LocalDate.of(2024, 1, 2), "Connection timeout to data source")
        .build();

    Backfill running = at(plan, Duration.ofMinutes(15));
    assertThat(running.status()).isEqualTo(BackfillStatus.RUNNING);
    assertThat(running.transferRunsCompleted()).isEqualTo(4);
    assertThat(running.transferRunsFailed()).isEqualTo(1);
    assertThat(running.errorReport())
        .containsExactly(new TransferRunError(LocalDate.of(2024, 1, 2), "Connection timeout to data source"));

    Backfill done = at(plan, Duration.ofMinutes(20));
    assertThat(done.status()).isEqualTo(BackfillStatus.FAILED);
    assertThat(done.transferRunsCompleted()).isEqualTo(8);
    assertThat(done.transferRunsFailed()).isEqualTo(2);
    assertThat(done.endTime()).isEqualTo(CREATED.plus(Duration.ofMinutes(20)));
    assertThat(done.errorReport()).containsExactly(
        new TransferRunError(LocalDate.of(2024, 1, 2), "Connection timeout to data source"),
        new TransferRunError(LocalDate.of(2024, 1, 7), "Quota exceeded"));
  }

  @Test
  void namingAFailedDayAgainReplacesItsMessage() {
    FakeBackfill plan = tenDays().failRun(JAN_1, "first").failRun(JAN_1, "second").build();

    assertThat(at(plan, Duration.ofDays(1)).errorReport()).containsExactly(new TransferRunError(JAN_1, "second"));
  }

  @Test
  void cancelAfterFreezesProgressAndRecordsTheRemovalAndTheEnd() {
    FakeBackfill plan = tenDays().createdUserId(790).cancelAfter(Duration.ofMinutes(13).plusSeconds(30)).build();

    assertThat(at(plan, Duration.ofMinutes(13)).status()).isEqualTo(BackfillStatus.RUNNING);
    Backfill cancelled = at(plan, Duration.ofDays(2));
    assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(cancelled.transferRunsCompleted()).isEqualTo(3);
    assertThat(cancelled.transferRunsCreated()).isEqualTo(10);
    assertThat(cancelled.removedTime()).isEqualTo(Instant.parse("2024-02-01T09:13:30Z"));
    assertThat(cancelled.removedUserId()).isEqualTo(790L);
    assertThat(cancelled.startTime()).isEqualTo(CREATED.plus(Duration.ofMinutes(10)));
    // As the vendor's API does (and its SDK expects): a cancelled backfill ends when it is cancelled.
    assertThat(cancelled.endTime()).isEqualTo(Instant.parse("2024-02-01T09:13:30Z"));
  }

  @Test
  void cancellingBeforeSchedulingLeavesNoRunsCreated() {
    FakeBackfill plan = tenDays().cancelAfter(Duration.ofMinutes(1)).build();

    Backfill cancelled = at(plan, Duration.ofMinutes(1));
    assertThat(cancelled.status()).isEqualTo(BackfillStatus.CANCELLED);
    assertThat(cancelled.transferRunsCreated()).isZero();
    assertThat(cancelled.startTime()).isNull();
  }

  @Test
  void cancellationAfterTheBackfillEndedChangesNothing() {
    FakeBackfill completes = tenDays().cancelAfter(Duration.ofMinutes(20)).build();
    FakeBackfill fails = tenDays().failRun(JAN_10, "boom").cancelAfter(Duration.ofHours(1)).build();

    assertThat(at(completes, Duration.ofHours(5)).status()).isEqualTo(BackfillStatus.COMPLETED);
    assertThat(at(completes, Duration.ofHours(5)).removedTime()).isNull();
    assertThat(at(fails, Duration.ofHours(5)).status()).isEqualTo(BackfillStatus.FAILED);
  }

  @Test
  void reportsThePlannedIdentityFields() {
    FakeBackfill plan = FakeBackfill.builder(JAN_1, LocalDate.of(2024, 1, 31))
        .transferId(456790)
        .createdUserId(791)
        .build();

    Backfill b = plan.stateAt(12345, CREATED, CREATED);
    assertThat(b.transferBackfillId()).isEqualTo(12345);
    assertThat(b.transferId()).isEqualTo(456790);
    assertThat(b.createdUserId()).isEqualTo(791L);
    assertThat(b.rangeStartDate()).isEqualTo(JAN_1);
    assertThat(b.rangeEndDate()).isEqualTo(LocalDate.of(2024, 1, 31));
    assertThat(b.createdTime()).isEqualTo(CREATED);
    assertThat(b.transferRunsTotal()).isEqualTo(31);
  }

  @Test
  void defaultsStartAtOnceWithOneSecondRunsForTheVendorExampleTransferAndUser() {
    FakeBackfill plan = FakeBackfill.builder(JAN_1, JAN_1).build();

    Backfill atCreation = plan.stateAt(1, CREATED, CREATED);
    assertThat(atCreation.status()).isEqualTo(BackfillStatus.RUNNING);
    assertThat(atCreation.transferId()).isEqualTo(456789);
    assertThat(atCreation.createdUserId()).isEqualTo(789L);
    assertThat(plan.stateAt(1, CREATED, CREATED.plusSeconds(1)).status()).isEqualTo(BackfillStatus.COMPLETED);
  }

  @Test
  void timestampsAreTruncatedToWholeSeconds() {
    Instant created = Instant.parse("2024-02-01T09:00:00.750Z");
    FakeBackfill plan = FakeBackfill.builder(JAN_1, JAN_1)
        .startAfter(Duration.ofMillis(500))
        .cancelAfter(Duration.ofMillis(600))
        .runDuration(Duration.ofHours(1))
        .build();

    Backfill b = plan.stateAt(1, created, created.plusSeconds(5));
    assertThat(b.createdTime()).isEqualTo(Instant.parse("2024-02-01T09:00:00Z"));
    assertThat(b.startTime()).isEqualTo(Instant.parse("2024-02-01T09:00:01Z"));
    assertThat(b.removedTime()).isEqualTo(Instant.parse("2024-02-01T09:00:01Z"));
  }

  @Test
  void aTimeBeforeCreationReadsAsCreated() {
    assertThat(FakeBackfill.builder(JAN_1, JAN_1).build().stateAt(1, CREATED, CREATED.minusSeconds(1)).status())
        .isEqualTo(BackfillStatus.CREATED);
  }

  @Test
  void farFutureTimesDoNotOverflow() {
    FakeBackfill plan = FakeBackfill.builder(JAN_1, LocalDate.of(2024, 12, 31))
        .runDuration(Duration.ofNanos(1))
        .cancelAfter(Duration.ofSeconds(Long.MAX_VALUE))
        .build();

    assertThat(plan.stateAt(1, CREATED, Instant.MAX).status()).isEqualTo(BackfillStatus.COMPLETED);
  }

  @Test
  void rejectsARangeThatEndsBeforeItStarts() {
    assertThatThrownBy(() -> FakeBackfill.builder(JAN_10, JAN_1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before");
  }

  @Test
  void rejectsStartingBeforeBeingScheduled() {
    FakeBackfill.Builder b = FakeBackfill.builder(JAN_1, JAN_10)
        .scheduleAfter(Duration.ofMinutes(10))
        .startAfter(Duration.ofMinutes(5));

    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startAfter");
  }

  @Test
  void rejectsAFailedRunOutsideTheRange() {
    assertThatThrownBy(() -> FakeBackfill.builder(JAN_1, JAN_10).failRun(LocalDate.of(2024, 1, 11), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsSettingsThatMakeNoSense() {
    FakeBackfill.Builder b = FakeBackfill.builder(JAN_1, JAN_10);

    assertThatThrownBy(() -> b.runDuration(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.parallelism(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.scheduleAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.cancelAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.id(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.transferId(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.createdUserId(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
