package dev.backfills.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The choices a generator of test cases makes, from one of two sources: {@link #random(long) at random}
 * from a seed, so that a case is reproduced from its seed alone, or {@link Enumeration one combination
 * after another}, so that a small space of cases is run whole.
 *
 * <p>Everything is built on {@link #below(long)}; the enumeration is an odometer over the sequence of
 * calls a generator makes, so a choice may depend on earlier ones (which list to pick from, how many
 * elements to draw) and the enumeration still visits every combination exactly once. For that, a
 * generator must be deterministic given its choices, and must make all of them before it builds
 * anything expensive (see {@link GeneratedCases.Generator}): the combinations are counted by making the
 * choices alone.
 */
abstract class Draws {
  /** In random draws, one range draw in this many is one of the range's two ends. */
  static final int EDGE_ODDS = 16;

  private boolean closed;

  /** Seeded random choices: the same seed makes the same choices. */
  static Draws random(long seed) {
    return new Random(seed);
  }

  /** One of {@code 0 .. bound - 1}. */
  abstract long below(long bound);

  /** An index into {@code weights}: at random in proportion to the weights; enumerated: each with a weight above 0. */
  abstract int weighted(int... weights);

  /** One of {@code min .. max}, both included. At random, the ends come up more often than the rest. */
  abstract int between(int min, int max);

  /** A size in {@code min .. max}. At random, small sizes come up more often. */
  abstract int size(int min, int max);

  /** The indexes of {@code k} different elements out of {@code n}. */
  abstract int[] distinctIndexes(int n, int k);

  final boolean bool() {
    return below(2) == 1;
  }

  final <T> T pick(List<T> options) {
    return options.get((int) below(options.size()));
  }

  /** One of {@code options}; {@code null} may be one of them. */
  @SafeVarargs
  final <T> T pick(T... options) {
    return options[(int) below(options.length)];
  }

  /** Between {@code min} and {@code max} different elements of {@code from}. */
  final <T> List<T> subset(List<T> from, int min, int max) {
    int[] indexes = distinctIndexes(from.size(), size(min, max));
    List<T> out = new ArrayList<>(indexes.length);
    for (int i : indexes) {
      out.add(from.get(i));
    }
    return out;
  }

  /** Between {@code min} and {@code max} elements, each drawn by {@code element}. */
  final <T> List<T> list(int min, int max, Function<Draws, T> element) {
    int n = size(min, max);
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(element.apply(this));
    }
    return out;
  }

  /** Ends the choices of one case: a generator that draws again after this is a bug, and is told so. */
  final void close() {
    closed = true;
  }

  final void open() {
    closed = false;
  }

  final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("a choice was made after the generator returned; make every choice first");
    }
  }

  private static final class Random extends Draws {
    private final SplittableRandom random;

    Random(long seed) {
      this.random = new SplittableRandom(seed);
    }

    @Override
    long below(long bound) {
      checkOpen();
      return random.nextLong(bound);
    }

    @Override
    int weighted(int... weights) {
      checkOpen();
      int total = 0;
      for (int w : weights) {
        total += w;
      }
      int r = random.nextInt(total);
      for (int i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) {
          return i;
        }
      }
      throw new AssertionError("unreachable");
    }

    @Override
    int between(int min, int max) {
      checkOpen();
      if (random.nextInt(EDGE_ODDS) == 0) {
        return random.nextBoolean() ? min : max;
      }
      return (int) random.nextLong(min, (long) max + 1);
    }

    /** Three times in four at most three above the minimum, else anywhere in the range. */
    @Override
    int size(int min, int max) {
      checkOpen();
      int top = random.nextInt(4) < 3 ? Math.min(max, min + 3) : max;
      return (int) random.nextLong(min, (long) top + 1);
    }

    /** The first {@code k} places of a shuffle. */
    @Override
    int[] distinctIndexes(int n, int k) {
      checkOpen();
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = i + random.nextInt(n - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
      return Arrays.copyOf(all, k);
    }
  }

  /**
   * Every combination of choices, each once: the first run of a generator takes the first option of
   * every choice; {@link #next()} then advances the last choice that has options left, as an odometer
   * advances its last wheel, and forgets the choices after it, which the next run makes afresh.
   */
  static final class Enumeration extends Draws {
    /** Per choice made in this run: {option taken, number of options}. */
    private final List<long[]> wheels = new ArrayList<>();
    private int position;

    @Override
    long below(long bound) {
      checkOpen();
      if (bound < 1) {
        throw new IllegalArgumentException("no options: " + bound);
      }
      if (position < wheels.size()) {
        long[] wheel = wheels.get(position++);
        if (wheel[1] != bound) {
          throw new IllegalStateException("the generator is not deterministic: choice " + (position - 1)
              + " had " + wheel[1] + " options, now " + bound);
        }
        return wheel[0];
      }
      wheels.add(new long[] {0, bound});
      position++;
      return 0;
    }

    /** Each option with a weight above 0, once. */
    @Override
    int weighted(int... weights) {
      int options = 0;
      for (int w : weights) {
        options += w > 0 ? 1 : 0;
      }
      long k = below(options);
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] > 0 && k-- == 0) {
          return i;
        }
      }
      throw new AssertionError("unreachable");
    }

    @Override
    int between(int min, int max) {
      return (int) (min + below((long) max - min + 1));
    }

    @Override
    int size(int min, int max) {
      return between(min, max);
    }

    /** Each set of {@code k} indexes once, in increasing order. */
    @Override
    int[] distinctIndexes(int n, int k) {
      int[] out = new int[k];
      int next = 0;
      for (int i = 0; i < k; i++) {
        // Leave room for the k - i - 1 indexes still to come.
        out[i] = next + (int) below(n - (k - i - 1) - next);
        next = out[i] + 1;
      }
      return out;
    }

    /**
     * Moves to the next combination, after a run of the generator that made all the choices of this one.
     *
     * @return false when every combination has been visited
     */
    boolean next() {
      if (position != wheels.size()) {
        throw new IllegalStateException("the generator is not deterministic: it made " + position + " of "
            + wheels.size() + " choices");
      }
      position = 0;
      open();
      while (!wheels.isEmpty()) {
        long[] last = wheels.get(wheels.size() - 1);
        if (++last[0] < last[1]) {
          return true;
        }
        wheels.remove(wheels.size() - 1);
      }
      return false;
    }
  }
}
