package dev.backfills.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The diff the API gate prints must be right, or developers learn to ignore it. */
class UnifiedDiffTest {
  @Test
  void aRenamedLineIsOneRemovalAndOneAdditionWithContext() {
    List<String> before = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    List<String> after = List.of("a", "b", "c", "d", "E", "f", "g", "h");

    assertThat(UnifiedDiff.of(before, after, 2))
        .containsExactly("@@ -3,5 +3,5 @@", " c", " d", "-e", "+E", " f", " g");
  }

  @Test
  void distantChangesAreSeparateHunksAndAdditionsAtTheEndCount() {
    List<String> before = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
    List<String> after = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

    assertThat(UnifiedDiff.of(before, after, 1))
        .containsExactly("@@ -1,1 +1,2 @@", "+0", " 1", "@@ -9,1 +10,2 @@", " 9", "+10");
  }

  @Test
  void identicalInputsHaveNoHunks() {
    assertThat(UnifiedDiff.of(List.of("x"), List.of("x"), 3)).isEmpty();
  }

  @Test
  void theReportSaysWhatBreaksAndHowToAcceptTheChange() {
    String report = PublicApiTest.report("a\nold()\nz\n", "a\nnew()\nz\nadded()\n");

    assertThat(report)
        .contains("(1 line(s) removed or changed, 2 added)")
        .contains("Removed or changed lines break code compiled against the previous API.")
        .contains("-old()\n+new()")
        .contains("+added()")
        .contains(PublicApiTest.UPDATE_COMMAND);
  }
}
