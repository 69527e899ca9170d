package dev.mainstay.drift;

/**
 * The outcome of a two-sample test.
 *
 * @param statistic the test statistic
 * @param pValue the p-value in [0, 1], or NaN for a distance without one
 */
public record TestResult(double statistic, double pValue) {

  /** Validates the components. */
  public TestResult {
    if (Double.isNaN(statistic)) {
      throw new IllegalArgumentException("statistic must not be NaN");
    }
    if (!Double.isNaN(pValue) && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException("pValue must be in [0, 1] or NaN, was " + pValue);
    }
  }
}
