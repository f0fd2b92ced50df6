package dev.backfills.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs a property: a check over many generated cases, as plain JUnit dynamic tests.
 *
 * <p>A property has a number of tries ({@link Reliability#tries(int) scaled} under the exhaustive
 * profile). If its generator has no more combinations of choices than that, every combination is run,
 * once each; otherwise that many cases are drawn at random. Case {@code i} of property {@code p} is
 * drawn from its own seed, derived from {@link Reliability#seed()}, {@code p} and {@code i} alone, so any
 * case can be run again by itself ({@code -Dreliability.seed=S -Dreliability.case=i}, with
 * {@code -Dtest=Class#p}) and the cases do not depend on the order they run in.
 *
 * <p>The cases are grouped {@value #CHUNK} to a dynamic test, so that tens of thousands of cases stay a
 * few dozen entries in the reports. A group runs all its cases and then fails once, with the failing
 * cases' indexes and messages.
 */
final class GeneratedCases {
  static final int CHUNK = 500;
  /** Failing cases described in full in a group's failure message; the rest are counted. */
  private static final int SHOWN = 5;
  private static final int MAX_MESSAGE = 4_000;

  private GeneratedCases() {}

  /**
   * Makes all the choices of one case from {@code draws}, and only then returns how to build it: the
   * combinations are counted by making the choices without building the cases.
   */
  @FunctionalInterface
  interface Generator<C> {
    Supplier<C> draw(Draws draws);
  }

  /** How a property runs: every combination, or so many random draws. */
  record Plan(boolean everyCombination, int cases) {}

  static Plan plan(Generator<?> generator, int tries) {
    long combinations = combinations(generator, tries + 1L);
    return combinations <= tries ? new Plan(true, (int) combinations) : new Plan(false, tries);
  }

  /** The number of combinations of the generator's choices, counted up to {@code limit}. */
  static long combinations(Generator<?> generator, long limit) {
    Draws.Enumeration e = new Draws.Enumeration();
    long n = 0;
    do {
      generator.draw(e);
      e.close();
      n++;
    } while (n < limit && e.next());
    return n;
  }

  /** The seed case {@code index} of {@code property} is drawn from. */
  static long caseSeed(long seed, String property, int index) {
    long propertySeed = new SplittableRandom(seed ^ property.hashCode()).nextLong();
    return new SplittableRandom(propertySeed + index).nextLong();
  }

  /**
   * The dynamic tests of one property.
   *
   * @param owner the test class, named in the hint to re-run a failing case
   * @param property the property's name: its test factory method's name
   * @param everydayTries cases in {@code mvn verify}
   * @param generator makes the cases
   * @param check passes, or throws an AssertionError that describes the case
   */
  static <C> Stream<DynamicTest> run(Class<?> owner, String property, int everydayTries, Generator<C> generator,
      Consumer<C> check) {
    long seed = Reliability.seed();
    Plan plan = plan(generator, Reliability.tries(everydayTries));
    OptionalInt only = Reliability.onlyCase();
    int from = only.orElse(0);
    int to = only.isPresent() ? Math.min(from + 1, plan.cases()) : plan.cases();
    String source = plan.everyCombination() ? "every combination" : "seed " + seed;
    List<DynamicTest> tests = new ArrayList<>();
    for (int start = from; start < to; start += CHUNK) {
      int first = start;
      int end = Math.min(start + CHUNK, to);
      String name = String.format("cases %,d to %,d of %,d (%s)", first, end - 1, plan.cases(), source);
      tests.add(DynamicTest.dynamicTest(name,
          () -> runGroup(owner, property, seed, plan, first, end, generator, check)));
    }
    return tests.stream();
  }

  private static <C> void runGroup(Class<?> owner, String property, long seed, Plan plan, int first, int end,
      Generator<C> generator, Consumer<C> check) {
    Draws.Enumeration enumeration = null;
    if (plan.everyCombination()) {
      enumeration = new Draws.Enumeration();
      for (int i = 0; i < first; i++) {
        generator.draw(enumeration);
        enumeration.close();
        enumeration.next();
      }
    }
    List<String> failures = new ArrayList<>();
    int failed = 0;
    for (int i = first; i < end; i++) {
      Draws draws = enumeration != null ? enumeration : Draws.random(caseSeed(seed, property, i));
      String failure;
      try {
        Supplier<C> build = generator.draw(draws);
        draws.close();
        C c = build.get();
        check.accept(c);
        failure = null;
      } catch (AssertionError | RuntimeException | StackOverflowError e) {
        failure = e.toString();
      }
      if (enumeration != null) {
        enumeration.next();
      }
      if (failure != null) {
        failed++;
        if (failures.size() < SHOWN) {
          failures.add("case " + i + ": "
              + (failure.length() > MAX_MESSAGE ? failure.substring(0, MAX_MESSAGE) + "…" : failure));
        }
      }
    }
    if (failed > 0) {
      String rerun = "mvn test -Dtest='" + owner.getSimpleName() + "#" + property + "' -Dreliability.case=N"
          + (plan.everyCombination() ? "" : " -Dreliability.seed=" + seed)
          + (Reliability.exhaustive() ? " -Pexhaustive" : "");
      fail(String.format("%s: %,d of the %,d cases %,d to %,d failed (%s). Run case N alone: %s%n%n%s%s",
          property, failed, end - first, first, end - 1,
          plan.everyCombination() ? "every combination" : "seed " + seed, rerun,
          String.join(String.format("%n%n"), failures),
          failed > failures.size() ? String.format("%n%n… and %,d more", failed - failures.size()) : ""));
    }
  }
}
