package dev.mainstay.drift;

/**
 * The two-sample test a windowed detector runs between its reference window and the current
 * window. Thresholds: a p-value test fires when {@code p < threshold}; a distance fires when
 * {@code distance >= threshold}.
 */
public enum WindowTest {
  /** Kolmogorov-Smirnov on numbers; p-value (exact or asymptotic); default alpha 0.01. */
  KS(true, 0.01, false),
  /** Pearson chi-square on categories; p-value; default alpha 0.01. */
  CHI_SQUARE(true, 0.01, true),
  /**
   * Population stability index over reference-decile bins (numbers) or categories; default
   * threshold 0.25 (the "significant" band; 0.1 to 0.25 is "moderate").
   */
  PSI(false, 0.25, false),
  /**
   * Jensen-Shannon distance (base 2, in [0, 1]) over bins or categories; default 0.15 (higher than
   * Evidently's 0.1, which is meant for large samples: two 500-sample windows of one distribution
   * over ten bins already average a distance near 0.08).
   */
  JENSEN_SHANNON(false, 0.15, false),
  /**
   * Wasserstein-1 distance divided by the reference's standard deviation (Evidently's "normed"
   * Wasserstein); default 0.2 (Evidently uses 0.1 on large samples; on two 500-sample windows of
   * one distribution 0.1 raised about 4 false alarms per 10k samples, 0.2 about 0.05).
   */
  WASSERSTEIN(false, 0.2, false);

  private final boolean pValue;
  private final double defaultThreshold;
  private final boolean categorical;

  WindowTest(boolean pValue, double defaultThreshold, boolean categorical) {
    this.pValue = pValue;
    this.defaultThreshold = defaultThreshold;
    this.categorical = categorical;
  }

  /**
   * Whether the test yields a p-value (fires below the threshold) rather than a distance (fires at
   * or above it).
   *
   * @return true for KS and chi-square
   */
  public boolean pValue() {
    return pValue;
  }

  /**
   * The default threshold.
   *
   * @return alpha for p-value tests, the distance otherwise
   */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /**
   * Whether the test applies to categories only.
   *
   * @return true for chi-square
   */
  public boolean categorical() {
    return categorical;
  }
}
