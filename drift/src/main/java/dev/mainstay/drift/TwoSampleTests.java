package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.drift.internal.Stats;
import java.util.Arrays;

/**
 * Batch two-sample tests over whole samples: the same statistics the windowed detectors run,
 * for offline checks, snapshots and tests. Inputs are copied, never modified.
 */
public final class TwoSampleTests {
  private TwoSampleTests() {}

  /**
   * The two-sided two-sample Kolmogorov-Smirnov test.
   *
   * @param a first sample, at least one finite value
   * @param b second sample, at least one finite value
   * @param method exact, asymptotic, or automatic (exact up to {@code n·m = 10^6})
   * @return D and its p-value
   */
  public static TestResult ks(double[] a, double[] b, KsMethod method) {
    requireNonNull(method, "method");
    double[] x = sortedCopy(a, "a");
    double[] y = sortedCopy(b, "b");
    double d = Stats.ksStatistic(x, x.length, y, y.length);
    boolean exact =
        method == KsMethod.EXACT
            || (method == KsMethod.AUTO && (long) x.length * y.length <= 1_000_000L);
    double p =
        exact
            ? Stats.ksExactPValue(x.length, y.length, d, new double[y.length + 1], new double[y.length + 1])
            : Stats.ksAsymptoticPValue(x.length, y.length, d);
    return new TestResult(d, p);
  }

  /**
   * Pearson's chi-square test of homogeneity of two category count vectors (a 2×K table, without
   * continuity correction). Categories empty in both are dropped.
   *
   * @param a counts of the first sample
   * @param b counts of the second sample, same length
   * @return chi-square and its p-value with (K' - 1) degrees of freedom
   */
  public static TestResult chiSquare(long[] a, long[] b) {
    checkCounts(a, b);
    double[] out = new double[2];
    Stats.chiSquare(a, b, a.length, out);
    return new TestResult(out[0], Stats.chiSquareSf(out[0], out[1]));
  }

  /**
   * The population stability index of two count vectors (reference first).
   *
   * @param reference reference counts
   * @param current current counts, same length
   * @return PSI; see {@link PsiBand#of(double)}
   */
  public static double psi(long[] reference, long[] current) {
    checkCounts(reference, current);
    return Stats.psi(reference, current, reference.length);
  }

  /**
   * The Jensen-Shannon distance (base 2) of two count vectors.
   *
   * @param p first counts
   * @param q second counts, same length
   * @return the distance in [0, 1]
   */
  public static double jensenShannon(long[] p, long[] q) {
    checkCounts(p, q);
    return Stats.jensenShannon(p, q, p.length);
  }

  /**
   * The first Wasserstein distance of two samples.
   *
   * @param a first sample
   * @param b second sample
   * @return the distance
   */
  public static double wasserstein(double[] a, double[] b) {
    double[] x = sortedCopy(a, "a");
    double[] y = sortedCopy(b, "b");
    return Stats.wasserstein(x, x.length, y, y.length);
  }

  /**
   * The Wasserstein distance divided by the reference's standard deviation (at least 0.001).
   *
   * @param reference the reference sample
   * @param current the current sample
   * @return the normalised distance
   */
  public static double normalisedWasserstein(double[] reference, double[] current) {
    double[] x = sortedCopy(reference, "reference");
    return wasserstein(reference, current) / Math.max(Stats.std(x, x.length), 1e-3);
  }

  private static double[] sortedCopy(double[] values, String name) {
    requireNonNull(values, name);
    if (values.length == 0) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(name + " must hold finite values");
      }
    }
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }

  private static void checkCounts(long[] a, long[] b) {
    requireNonNull(a, "a");
    requireNonNull(b, "b");
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("count vectors must be non-empty and of equal length");
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] < 0 || b[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
    }
  }
}
