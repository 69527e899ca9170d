package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the two-sample tests. */
final class TwoSampleProperties {

  @Property(tries = 200)
  void ks_isSymmetricAndPValuesInUnitInterval(
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -5, max = 5) Double> as,
      @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = -5, max = 5) Double> bs) {
    double[] a = as.stream().mapToDouble(Double::doubleValue).toArray();
    double[] b = bs.stream().mapToDouble(Double::doubleValue).toArray();
    TestResult ab = TwoSampleTests.ks(a, b, KsMethod.EXACT);
    TestResult ba = TwoSampleTests.ks(b, a, KsMethod.EXACT);
    assertThat(ab.statistic()).isEqualTo(ba.statistic());
    assertThat(ab.pValue()).isCloseTo(ba.pValue(), within(1e-9));
    assertThat(ab.statistic()).isBetween(0.0, 1.0);
    assertThat(ab.pValue()).isBetween(0.0, 1.0);
    assertThat(TwoSampleTests.ks(a, b, KsMethod.ASYMPTOTIC).pValue()).isBetween(0.0, 1.0);
  }

  @Property(tries = 200)
  void categoricalTests_stayInRange(
      @ForAll @Size(min = 2, max = 12) List<@LongRange(min = 0, max = 500) Long> as,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    long[] a = as.stream().mapToLong(Long::longValue).toArray();
    long[] b = new long[a.length];
    java.util.Random rnd = new java.util.Random(seed);
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextInt(300);
    }
    TestResult chi = TwoSampleTests.chiSquare(a, b);
    assertThat(chi.pValue()).isBetween(0.0, 1.0);
    assertThat(chi.statistic()).isGreaterThanOrEqualTo(0.0);
    assertThat(TwoSampleTests.jensenShannon(a, b)).isBetween(0.0, 1.0);
    assertThat(TwoSampleTests.jensenShannon(a, b))
        .isCloseTo(TwoSampleTests.jensenShannon(b, a), within(1e-12));
    assertThat(TwoSampleTests.psi(a, b)).isGreaterThanOrEqualTo(0.0);
  }

  @Property(tries = 30)
  void ksExactAndAsymptotic_agreeForLargeSamples(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
    java.util.Random rnd = new java.util.Random(seed);
    double[] a = new double[400];
    double[] b = new double[300];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextGaussian() + 0.1;
    }
    double exact = TwoSampleTests.ks(a, b, KsMethod.EXACT).pValue();
    double asym = TwoSampleTests.ks(a, b, KsMethod.ASYMPTOTIC).pValue();
    assertThat(Math.abs(exact - asym)).isLessThan(0.05);
  }

  @Property(tries = 300)
  void ksExactBandedDp_equalsFullLatticePathCount(
      @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 40) int m,
      @ForAll @DoubleRange(min = 0, max = 1) double d) {
    // Independent reference: count lattice paths (0,0)->(n,m) that stay strictly inside
    // |i/n - j/m| < d (on SciPy's lattice-rounded d) with exact BigInteger counts.
    long g = java.math.BigInteger.valueOf(n).gcd(java.math.BigInteger.valueOf(m)).longValue();
    long lcm = n / g * (long) m;
    long h = Math.round(d * lcm);
    double expected;
    if (h == 0) {
      expected = 1.0;
    } else {
      java.math.BigInteger[][] inside = new java.math.BigInteger[n + 1][m + 1];
      for (int i = 0; i <= n; i++) {
        for (int j = 0; j <= m; j++) {
          if (Math.abs((long) i * m - (long) j * n) >= h * g) {
            inside[i][j] = java.math.BigInteger.ZERO;
          } else if (i == 0 && j == 0) {
            inside[i][j] = java.math.BigInteger.ONE;
          } else {
            java.math.BigInteger up = i > 0 ? inside[i - 1][j] : java.math.BigInteger.ZERO;
            java.math.BigInteger left = j > 0 ? inside[i][j - 1] : java.math.BigInteger.ZERO;
            inside[i][j] = up.add(left);
          }
        }
      }
      java.math.BigInteger total = java.math.BigInteger.ONE;
      for (int k = 1; k <= n; k++) {
        total = total.multiply(java.math.BigInteger.valueOf(m + k)).divide(java.math.BigInteger.valueOf(k));
      }
      expected = 1.0 - new java.math.BigDecimal(inside[n][m])
          .divide(new java.math.BigDecimal(total), java.math.MathContext.DECIMAL64).doubleValue();
    }
    double actual = dev.mainstay.drift.internal.Stats.ksExactPValue(
        n, m, d, new double[m + 1], new double[m + 1]);
    assertThat(actual).isCloseTo(expected, within(1e-12));
  }
}
