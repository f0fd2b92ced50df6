package dev.backfills.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The case generators' own machinery: enumeration, seeded draws, and how a property is planned. */
class DrawsTest {

  /** Every combination of the generator's choices, each once, by enumerating until the end. */
  private static List<List<Object>> enumerate(GeneratedCases.Generator<List<Object>> generator) {
    List<List<Object>> out = new ArrayList<>();
    Draws.Enumeration e = new Draws.Enumeration();
    do {
      Supplier<List<Object>> build = generator.draw(e);
      e.close();
      out.add(build.get());
    } while (e.next());
    return out;
  }

  @Test
  void enumerationVisitsEveryCombinationOfDependentChoicesOnce() {
    // A list of 3 or a range of 2 depending on the first choice, then 2 weighted options: 5 x 2.
    List<List<Object>> all = enumerate(d -> {
      boolean first = d.bool();
      Object second = first ? d.pick("a", "b", "c") : d.between(5, 6);
      int third = d.weighted(9, 0, 1);
      return () -> List.of(first, second, third);
    });

    assertThat(all).hasSize(10).doesNotHaveDuplicates();
    assertThat(all).contains(List.of(true, "c", 2), List.of(false, 5, 0), List.of(false, 6, 2));
    assertThat(all).noneMatch(c -> c.get(2).equals(1)); // weight 0: never
  }

  @Test
  void enumeratedSubsetsAreEachSetOnce() {
    List<List<Object>> all = enumerate(d -> {
      List<Object> s = List.copyOf(d.subset(List.of("a", "b", "c", "d", "e"), 1, 5));
      return () -> s;
    });

    assertThat(all).hasSize(31); // 2^5 - 1 non-empty subsets
    assertThat(all.stream().map(HashSet::new).distinct()).hasSize(31);
  }

  @Test
  void combinationsAreCountedUpToTheLimitOnly() {
    GeneratedCases.Generator<Integer> huge = d -> {
      int n = d.between(0, Integer.MAX_VALUE);
      return () -> n;
    };
    GeneratedCases.Generator<Integer> small = d -> {
      int n = d.between(1, 7);
      return () -> n;
    };

    assertThat(GeneratedCases.combinations(huge, 1_001)).isEqualTo(1_001);
    assertThat(GeneratedCases.plan(huge, 1_000)).isEqualTo(new GeneratedCases.Plan(false, 1_000));
    assertThat(GeneratedCases.plan(small, 7)).isEqualTo(new GeneratedCases.Plan(true, 7));
    assertThat(GeneratedCases.plan(small, 6)).isEqualTo(new GeneratedCases.Plan(false, 6));
  }

  @Test
  void theSameSeedMakesTheSameChoices() {
    long seed = GeneratedCases.caseSeed(Reliability.DEFAULT_SEED, "someProperty", 17);
    Draws a = Draws.random(seed);
    Draws b = Draws.random(seed);
    for (int i = 0; i < 1_000; i++) {
      assertThat(a.between(-5, 1_000_000)).isEqualTo(b.between(-5, 1_000_000));
      assertThat(a.subset(List.of(1, 2, 3, 4, 5, 6), 0, 6)).isEqualTo(b.subset(List.of(1, 2, 3, 4, 5, 6), 0, 6));
    }
  }

  @Test
  void caseSeedsDifferByPropertyAndIndex() {
    Set<Long> seeds = new HashSet<>();
    for (String property : List.of("p", "q")) {
      IntStream.range(0, 10_000).forEach(i -> seeds.add(GeneratedCases.caseSeed(1, property, i)));
    }
    assertThat(seeds).hasSize(20_000);
    assertThat(GeneratedCases.caseSeed(1, "p", 0)).isNotEqualTo(GeneratedCases.caseSeed(2, "p", 0));
  }

  @Test
  void randomRangesStayInsideAndReachBothEnds() {
    Draws d = Draws.random(42);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      int n = d.between(0, Integer.MAX_VALUE);
      assertThat(n).isBetween(0, Integer.MAX_VALUE);
      seen.add(n);
      int m = d.between(-3, 3);
      assertThat(m).isBetween(-3, 3);
    }
    assertThat(seen).contains(0, Integer.MAX_VALUE);
  }

  @Test
  void randomWeightsAndSizesHaveTheirShape() {
    Draws d = Draws.random(7);
    int first = 0;
    int small = 0;
    for (int i = 0; i < 10_000; i++) {
      first += d.weighted(9, 1) == 0 ? 1 : 0;
      List<Integer> s = d.subset(IntStream.range(0, 40).boxed().toList(), 1, 40);
      assertThat(s).hasSizeBetween(1, 40).doesNotHaveDuplicates();
      small += s.size() <= 4 ? 1 : 0;
    }
    assertThat(first).isBetween(8_800, 9_200);
    assertThat(small).isBetween(7_000, 8_500); // three in four drawn small, plus the small ones of the rest
  }

  @Test
  void aChoiceAfterTheGeneratorReturnedIsRefused() {
    Draws d = Draws.random(1);
    d.bool();
    d.close();
    assertThatThrownBy(d::bool).isInstanceOf(IllegalStateException.class).hasMessageContaining("make every choice first");
  }

  @Test
  void aGeneratorThatChangesItsChoicesIsCaught() {
    Draws.Enumeration e = new Draws.Enumeration();
    e.between(0, 1);
    e.between(0, 1);
    e.close();
    assertThat(e.next()).isTrue();
    e.between(0, 1);
    assertThatThrownBy(() -> e.between(0, 2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not deterministic");
  }
}
