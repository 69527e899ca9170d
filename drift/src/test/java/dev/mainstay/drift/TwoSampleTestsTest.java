package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mainstay.drift.internal.Stats;
import org.junit.jupiter.api.Test;

/**
 * p-values and distances against SciPy. Every reference value below was computed on this machine
 * with SciPy 1.17.1 / NumPy 2.4.6 (CPython 3.11.7) by the snippet quoted beside it, and is
 * required to agree to 1e-6 (absolute).
 */
final class TwoSampleTestsTest {
  private static final double TOL = 1e-6;

  static final double[] A = {0.61, -1.2, 0.33, 2.05, -0.47, 1.12, 0.08, -0.91, 1.74, 0.25, -0.13, 0.92};
  static final double[] B = {
    1.35, 0.72, 2.41, 1.08, 0.19, 1.96, 2.77, 0.58, 1.49, 3.02, 0.94, 1.21, 2.13, 0.47, 1.67
  };
  // x = np.round(np.random.default_rng(7).normal(0, 1, 60), 1); y = ...normal(0.3, 1.2, 45) (ties)
  static final double[] X = {
    0.0, 0.3, -0.3, -0.9, -0.5, -1.0, 0.1, 1.3, -0.5, -0.6, 0.5, 0.4, 0.1, -0.9, 0.0, 0.7, -1.3,
    -0.5, -1.9, -1.3, -1.8, -0.2, -1.3, 0.3, 0.2, -0.2, -2.5, -0.5, 0.0, 0.1, -1.5, -0.5, -1.0, -0.8,
    1.1, -0.8, 0.0, 0.9, -0.6, -0.1, 0.1, 0.1, -1.2, 0.1, 1.4, -1.5, 0.9, 0.1, -0.6, 2.0, 0.8, -1.2,
    0.1, 0.6, -0.2, 0.7, -0.1, 0.7, 1.4, -0.7
  };
  static final double[] Y = {
    0.5, -0.3, 0.5, -1.1, -0.4, 0.1, 1.4, 1.7, -1.3, -0.7, 1.1, -2.1, -0.3, 0.2, 1.8, 1.1, -0.1, -0.1,
    0.0, 2.1, -0.2, -0.1, 0.7, 0.2, 0.1, -1.0, 0.3, -0.2, 1.7, 1.1, 0.3, 1.1, -0.1, 1.6, 0.3, 1.0,
    -1.2, 0.7, -1.7, -2.1, -0.1, -0.8, 0.5, 3.0, -0.7
  };

  @Test
  void ks_exact_matchesScipyKs2sampExact() {
    // Given/When: scipy.stats.ks_2samp(A, B, method='exact')
    TestResult r = TwoSampleTests.ks(A, B, KsMethod.EXACT);
    // Then: statistic 0.5166666666666667, pvalue 0.03980496851677361
    assertThat(r.statistic()).isCloseTo(0.5166666666666667, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.03980496851677361, within(TOL));
  }

  @Test
  void ks_exactWithTies_matchesScipy() {
    // scipy.stats.ks_2samp(X, Y, method='exact') -> 0.20555555555555555, 0.2024918950923757
    TestResult r = TwoSampleTests.ks(X, Y, KsMethod.EXACT);
    assertThat(r.statistic()).isCloseTo(0.20555555555555555, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.2024918950923757, within(TOL));
  }

  @Test
  void ks_exactEqualSizes_matchesScipy() {
    // scipy.stats.ks_2samp([1..10], [4.5, 5.5, .., 13.5], method='exact') -> 0.4, 0.41752365281777043
    double[] u = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] v = {4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5};
    TestResult r = TwoSampleTests.ks(u, v, KsMethod.EXACT);
    assertThat(r.statistic()).isCloseTo(0.4, within(1e-12));
    assertThat(r.pValue()).isCloseTo(0.41752365281777043, within(TOL));
  }

  @Test
  void ks_asymptotic_matchesScipyKolmogorov() {
    // Our asymptotic p-value is Kolmogorov's limit: scipy.special.kolmogorov(sqrt(nm/(n+m)) * D).
    // (SciPy's ks_2samp(method='asymp') instead evaluates kstwo.sf(D, round(nm/(n+m))), a
    // finite-n one-sample distribution; it gives 0.02913096360792927 here.)
    // kolmogorov(sqrt(12*15/27) * 0.5166666666666667) = 0.05691848453947625
    assertThat(TwoSampleTests.ks(A, B, KsMethod.ASYMPTOTIC).pValue())
        .isCloseTo(0.05691848453947625, within(TOL));
    // kolmogorov(sqrt(60*45/105) * 0.20555555555555555) = 0.22733176094922927
    assertThat(TwoSampleTests.ks(X, Y, KsMethod.ASYMPTOTIC).pValue())
        .isCloseTo(0.22733176094922927, within(TOL));
  }

  @Test
  void kolmogorovSf_matchesScipySpecialKolmogorov() {
    // scipy.special.kolmogorov(x) for x in [0.3, 0.5, 0.8, 1.0, 1.18, 1.2, 1.5, 2.0, 3.0]
    double[][] ref = {
      {0.3, 0.9999906941986655}, {0.5, 0.9639452436648751}, {0.8, 0.5441424115741981},
      {1.0, 0.26999967167735456}, {1.18, 0.1234538094297657}, {1.2, 0.11224966667072497},
      {1.5, 0.022217962616525127}, {2.0, 0.0006709252557796953}, {3.0, 3.045995948942526e-08}
    };
    for (double[] r : ref) {
      assertThat(Stats.kolmogorovSf(r[0])).as("x=%s", r[0]).isCloseTo(r[1], within(1e-9));
    }
  }

  @Test
  void chiSquare_matchesScipyChi2ContingencyWithoutCorrection() {
    // chi2_contingency([[120,80,45,30,25],[90,95,60,20,35]], correction=False)
    //   -> 11.380952380952381, 0.022600321674373924, dof 4
    TestResult r =
        TwoSampleTests.chiSquare(new long[] {120, 80, 45, 30, 25}, new long[] {90, 95, 60, 20, 35});
    assertThat(r.statistic()).isCloseTo(11.380952380952381, within(1e-9));
    assertThat(r.pValue()).isCloseTo(0.022600321674373924, within(TOL));
  }

  @Test
  void chiSquare_emptyCategoryDropped_matchesScipyOnReducedTable() {
    // chi2_contingency([[50,30],[40,45]], correction=False) -> 3.963235294117651, 0.04650424246480399
    TestResult r = TwoSampleTests.chiSquare(new long[] {50, 0, 30}, new long[] {40, 0, 45});
    assertThat(r.statistic()).isCloseTo(3.963235294117651, within(1e-9));
    assertThat(r.pValue()).isCloseTo(0.04650424246480399, within(TOL));
  }

  @Test
  void chiSquareSf_matchesScipyChi2Sf() {
    // scipy.stats.chi2.sf(x, k)
    assertThat(Stats.chiSquareSf(3.7, 1)).isCloseTo(0.054412467991601404, within(1e-9));
    assertThat(Stats.chiSquareSf(25.3, 7)).isCloseTo(0.0006712440753544802, within(1e-9));
    assertThat(Stats.chiSquareSf(0.4, 12)).isCloseTo(0.9999999250914553, within(1e-9));
    assertThat(Stats.chiSquareSf(150.0, 99)).isCloseTo(0.0007204453957169282, within(1e-9));
  }

  @Test
  void jensenShannon_matchesScipyDistanceBase2() {
    // scipy.spatial.distance.jensenshannon(p, q, base=2) with p, q the normalised counts
    double d =
        TwoSampleTests.jensenShannon(new long[] {120, 80, 45, 30, 25}, new long[] {90, 95, 60, 20, 35});
    assertThat(d).isCloseTo(0.11720400902685126, within(TOL));
  }

  @Test
  void psi_matchesNumpyFormulaAndBands() {
    // np.sum((q - p) * np.log(q / p)) with p, q the normalised counts (no empty bins)
    double psi = TwoSampleTests.psi(new long[] {120, 80, 45, 30, 25}, new long[] {90, 95, 60, 20, 35});
    assertThat(psi).isCloseTo(0.07647606853841273, within(TOL));
    assertThat(PsiBand.of(psi)).isEqualTo(PsiBand.NONE);
    assertThat(PsiBand.of(0.1)).isEqualTo(PsiBand.MODERATE);
    assertThat(PsiBand.of(0.2499)).isEqualTo(PsiBand.MODERATE);
    assertThat(PsiBand.of(0.25)).isEqualTo(PsiBand.SIGNIFICANT);
  }

  @Test
  void wasserstein_matchesScipyWassersteinDistance() {
    // scipy.stats.wasserstein_distance(A, B) -> 1.1001666666666665; divided by np.std(A) -> 1.160715523601165
    assertThat(TwoSampleTests.wasserstein(A, B)).isCloseTo(1.1001666666666665, within(1e-9));
    assertThat(TwoSampleTests.normalisedWasserstein(A, B)).isCloseTo(1.160715523601165, within(1e-9));
  }

  @Test
  void ks_identicalSamples_pValueOne() {
    // Given two equal samples / When tested / Then D = 0 and p = 1
    TestResult r = TwoSampleTests.ks(A, A.clone(), KsMethod.AUTO);
    assertThat(r.statistic()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
  }
}
