package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.drift.internal.AdwinDetector;
import dev.mainstay.drift.internal.CategoricalWindowDetector;
import dev.mainstay.drift.internal.EmbeddingWindowDetector;
import dev.mainstay.drift.internal.HddmADetector;
import dev.mainstay.drift.internal.NumericWindowDetector;
import dev.mainstay.drift.internal.PageHinkleyDetector;

/**
 * Factories for every detector this module ships. Each call returns a new, single-threaded
 * detector.
 */
public final class Detectors {
  private Detectors() {}

  /**
   * Page-Hinkley with River's defaults (increase-only).
   *
   * @return a new detector
   */
  public static DriftDetector pageHinkley() {
    return pageHinkley(PageHinkleyConfig.defaults());
  }

  /**
   * Page-Hinkley with the given settings.
   *
   * @param config the settings
   * @return a new detector
   */
  public static DriftDetector pageHinkley(PageHinkleyConfig config) {
    return new PageHinkleyDetector(requireNonNull(config, "config"));
  }

  /**
   * ADWIN with River's and MOA's defaults.
   *
   * @return a new detector
   */
  public static DriftDetector adwin() {
    return adwin(AdwinConfig.defaults());
  }

  /**
   * ADWIN with the given settings.
   *
   * @param config the settings
   * @return a new detector
   */
  public static DriftDetector adwin(AdwinConfig config) {
    return new AdwinDetector(requireNonNull(config, "config"));
  }

  /**
   * HDDM_A with River's defaults, for Bernoulli indicators (values above 0.5 count as 1).
   *
   * @return a new detector
   */
  public static DriftDetector hddmA() {
    return hddmA(HddmAConfig.defaults());
  }

  /**
   * HDDM_A with the given settings.
   *
   * @param config the settings
   * @return a new detector
   */
  public static DriftDetector hddmA(HddmAConfig config) {
    return new HddmADetector(requireNonNull(config, "config"));
  }

  /**
   * A windowed two-sample test of numbers against a reference window (KS, PSI, Jensen-Shannon or
   * normalised Wasserstein).
   *
   * @param config the test and windows
   * @return a new detector
   */
  public static WindowedDetector numericWindow(WindowConfig config) {
    requireNonNull(config, "config");
    if (config.test().categorical()) {
      throw new IllegalArgumentException(config.test() + " is a test for categories");
    }
    return new NumericWindowDetector(config);
  }

  /**
   * A windowed two-sample test of categories (the value is a category index, 0 to {@code
   * maxCategories - 1}) against a reference window: chi-square, PSI or Jensen-Shannon.
   *
   * @param config the test and windows
   * @param maxCategories the number of distinct categories kept; larger indices share the last
   * @return a new detector
   */
  public static WindowedDetector categoricalWindow(WindowConfig config, int maxCategories) {
    requireNonNull(config, "config");
    if (config.test() == WindowTest.KS || config.test() == WindowTest.WASSERSTEIN) {
      throw new IllegalArgumentException(config.test() + " is a test for numbers");
    }
    return new CategoricalWindowDetector(config, maxCategories);
  }

  /**
   * An embedding drift detector: distance of the window centroid to the reference centroid, or
   * per-component KS tests with Bonferroni correction.
   *
   * @param config the method and windows
   * @return a new detector
   */
  public static VectorDriftDetector embedding(EmbeddingConfig config) {
    return new EmbeddingWindowDetector(requireNonNull(config, "config"));
  }
}
