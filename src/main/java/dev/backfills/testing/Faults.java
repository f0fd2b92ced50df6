package dev.backfills.testing;

import java.time.Duration;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The failures a test asks for. Two kinds, at two points of a request:
 *
 * <ul>
 *   <li>before acting ({@link #before()}): the next requests fail with a chosen status instead of being
 *       served, scripted ({@link #failNext(int, int, long)}) or drawn at random from a seeded generator;
 *       nothing is read or written;
 *   <li>after acting ({@link #afterWrite()}): the next writes (POST, PATCH) are carried out, then their
 *       answers are lost in one of the {@link LostAnswer} ways.
 * </ul>
 *
 * Thread-safe; one lock, so scripted counts and random draws follow the order requests arrive in.
 */
final class Faults {
  /** An injected error status; {@code retryAfterSeconds} is for a 429's {@code Retry-After}. */
  record Injected(int status, long retryAfterSeconds) {}

  private final double serverErrorRate;
  private final double rateLimitRate;
  private final Random random;

  private int failCount;
  private int failStatus;
  private long failRetryAfter;
  private int loseCount;
  private LostAnswer loseHow = LostAnswer.SERVER_ERROR;

  Faults(double serverErrorRate, double rateLimitRate, long seed) {
    this.serverErrorRate = serverErrorRate;
    this.rateLimitRate = rateLimitRate;
    this.random = new Random(seed);
  }

  /** A {@code Retry-After} of at least a second, in whole seconds rounded up. */
  static long retryAfterSeconds(Duration retryAfter) {
    if (retryAfter.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("retryAfter must be at least one second, got " + retryAfter);
    }
    return retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
  }

  /** Refuses probabilities outside 0..1, and NaN. */
  static void checkRates(double serverErrorRate, double rateLimitRate) {
    if (!(serverErrorRate >= 0 && serverErrorRate <= 1) || !(rateLimitRate >= 0 && rateLimitRate <= 1)) {
      throw new IllegalArgumentException(
          "rates must be between 0 and 1, got " + serverErrorRate + " and " + rateLimitRate);
    }
  }

  /** Makes the next {@code count} requests fail with {@code status}; replaces any earlier such order. */
  synchronized void failNext(int count, int status, long retryAfterSeconds) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an error status 400..599, got " + status);
    }
    failCount = notNegative(count);
    failStatus = status;
    failRetryAfter = retryAfterSeconds;
  }

  /** Makes the next {@code count} writes lose their answers; replaces any earlier such order. */
  synchronized void loseNext(int count, LostAnswer how) {
    loseCount = notNegative(count);
    loseHow = how;
  }

  /** The failure this request gets instead of being served, or null to serve it. */
  synchronized @Nullable Injected before() {
    if (failCount > 0) {
      failCount--;
      return new Injected(failStatus, failRetryAfter);
    }
    if (serverErrorRate > 0 || rateLimitRate > 0) {
      if (random.nextDouble() < serverErrorRate) {
        return new Injected(500, 0);
      }
      if (random.nextDouble() < rateLimitRate) {
        return new Injected(429, 1);
      }
    }
    return null;
  }

  /** How this write's answer is lost, once it has been carried out; null to send it. */
  synchronized @Nullable LostAnswer afterWrite() {
    if (loseCount > 0) {
      loseCount--;
      return loseHow;
    }
    return null;
  }

  private static int notNegative(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    return count;
  }
}
