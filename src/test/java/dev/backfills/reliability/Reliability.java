package dev.backfills.reliability;

import java.util.OptionalInt;

/**
 * How big the reliability suites run. {@code mvn verify} runs the everyday size; the Maven profile
 * {@code exhaustive} sets the system property {@code reliability.exhaustive=true}, which multiplies the
 * generated cases by {@link #TRIES_FACTOR} and runs the long soak (see RELIABILITY.md).
 *
 * <p>The generated cases are drawn from {@link #seed()}: {@value #DEFAULT_SEED} unless the system
 * property {@code reliability.seed} names another (decimal, or hexadecimal with {@code 0x}), so every
 * run draws the same cases unless asked otherwise. {@code reliability.case=N} runs only case N of each
 * property (see {@link GeneratedCases}).
 */
public final class Reliability {
  static final int TRIES_FACTOR = 20;
  static final long DEFAULT_SEED = 20261125L;

  private Reliability() {}

  static boolean exhaustive() {
    return Boolean.getBoolean("reliability.exhaustive");
  }

  /** A property's tries: {@code everyday} in {@code mvn verify}, {@link #TRIES_FACTOR} times as many if exhaustive. */
  static int tries(int everyday) {
    return exhaustive() ? everyday * TRIES_FACTOR : everyday;
  }

  static long seed() {
    String s = System.getProperty("reliability.seed", "").trim();
    return s.isEmpty() ? DEFAULT_SEED : Long.decode(s);
  }

  static OptionalInt onlyCase() {
    String s = System.getProperty("reliability.case", "").trim();
    return s.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(s));
  }
}
