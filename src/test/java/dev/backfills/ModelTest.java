package dev.backfills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backfills.model.Backfill;
import dev.backfills.model.BackfillStatus;
import dev.backfills.model.TransferRunError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's own behaviour, independent of the wire. */
class ModelTest {

  private static Backfill withRuns(int total, int completed, int failed, List<TransferRunError> errors) {
    return new Backfill(1, 2, null, null, null, null, null, null, null, null, BackfillStatus.RUNNING,
        total, total, completed, failed, errors);
  }

  @Test
  void incompleteStatusesAreTheFourTheDocsName() {
    assertThat(EnumSet.allOf(BackfillStatus.class)).filteredOn(BackfillStatus::isIncomplete)
        .containsExactlyInAnyOrder(BackfillStatus.CREATED, BackfillStatus.SCHEDULED, BackfillStatus.RUNNING,
            BackfillStatus.FAILED);
  }

  @Test
  void finishedStatusesAreCompletedAndCancelled() {
    assertThat(EnumSet.allOf(BackfillStatus.class)).filteredOn(BackfillStatus::isFinished)
        .containsExactlyInAnyOrder(BackfillStatus.COMPLETED, BackfillStatus.CANCELLED);
  }

  @Test
  void unknownIsNeitherIncompleteNorFinished() {
    assertThat(BackfillStatus.UNKNOWN.isIncomplete()).isFalse();
    assertThat(BackfillStatus.UNKNOWN.isFinished()).isFalse();
  }

  @Test
  void progressCountsCompletedAndFailedRunsOverTheTotal() {
    assertThat(withRuns(31, 25, 2, null).progress()).isEqualTo(27.0 / 31);
  }

  @Test
  void progressIsZeroWhenThereAreNoRuns() {
    assertThat(withRuns(0, 0, 0, null).progress()).isZero();
  }

  @Test
  void progressDoesNotOverflowNearIntMax() {
    assertThat(withRuns(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, null).progress()).isEqualTo(1.0);
    assertThat(withRuns(Integer.MAX_VALUE, Integer.MAX_VALUE - 2, 1, null).progress())
        .isEqualTo((Integer.MAX_VALUE - 1.0) / Integer.MAX_VALUE).isLessThan(1.0);
  }

  @Test
  void progressIsNeverAboveOneWhenTheCountersExceedTheTotal() {
    assertThat(withRuns(10, 9, 3, null).progress()).isEqualTo(1.0);
    assertThat(withRuns(10, 11, 0, null).progress()).isEqualTo(1.0);
    assertThat(withRuns(10, 10, 0, null).progress()).isEqualTo(1.0);
  }

  @Test
  void progressIsNeverNegativeOrNaN() {
    assertThat(withRuns(-5, 3, 1, null).progress()).isZero();
    assertThat(withRuns(10, -4, 2, null).progress()).isEqualTo(0.2);
    assertThat(withRuns(10, Integer.MIN_VALUE, Integer.MIN_VALUE, null).progress()).isZero();
    assertThat(withRuns(0, 5, 5, null).progress()).isZero().isNotNaN();
  }

  @Test
  void nullErrorReportBecomesAnEmptyList() {
    assertThat(withRuns(1, 0, 0, null).errorReport()).isNotNull().isEmpty();
  }

  @Test
  void errorReportIsACopyThatCannotBeChanged() {
    List<TransferRunError> mine = new ArrayList<>(List.of(new TransferRunError(null, "x")));
    Backfill b = withRuns(1, 0, 1, mine);

    mine.add(new TransferRunError(null, "y"));

    assertThat(b.errorReport()).hasSize(1);
    assertThatThrownBy(() -> b.errorReport().add(null)).isInstanceOf(UnsupportedOperationException.class);
  }
}
