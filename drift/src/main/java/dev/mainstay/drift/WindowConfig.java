package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;

/**
 * Settings of a windowed two-sample detector.
 *
 * @param test the test to run
 * @param referenceSize observations in the reference window
 * @param windowSize observations in the current window
 * @param stride observations between two tests once the window is full ({@code windowSize} gives
 *     disjoint windows)
 * @param threshold alpha for p-value tests, the distance otherwise (see {@link WindowTest})
 * @param ksMethod how KS p-values are computed
 */
public record WindowConfig(
    WindowTest test,
    int referenceSize,
    int windowSize,
    int stride,
    double threshold,
    KsMethod ksMethod) {

  /** Validates the components. */
  public WindowConfig {
    requireNonNull(test, "test");
    requireNonNull(ksMethod, "ksMethod");
    if (referenceSize < 2) {
      throw new IllegalArgumentException("referenceSize must be >= 2, was " + referenceSize);
    }
    if (windowSize < 2) {
      throw new IllegalArgumentException("windowSize must be >= 2, was " + windowSize);
    }
    if (stride < 1 || stride > windowSize) {
      throw new IllegalArgumentException("stride must be in [1, windowSize], was " + stride);
    }
    if (!(threshold > 0) || !Double.isFinite(threshold) || (test.pValue() && threshold >= 1)) {
      throw new IllegalArgumentException("threshold out of range for " + test + ": " + threshold);
    }
  }

  /**
   * Defaults for a test: reference and window of 500, disjoint windows, the test's default
   * threshold, automatic KS method.
   *
   * @param test the test
   * @return the config
   */
  public static WindowConfig of(WindowTest test) {
    return builder(test).build();
  }

  /**
   * A builder for the given test.
   *
   * @param test the test
   * @return a new builder
   */
  public static Builder builder(WindowTest test) {
    return new Builder(requireNonNull(test, "test"));
  }

  /** Builds a {@link WindowConfig}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private final WindowTest test;
    private @Nullable Integer referenceSize;
    private @Nullable Integer windowSize;
    private @Nullable Integer stride;
    private @Nullable Double threshold;
    private @Nullable KsMethod ksMethod;

    private Builder(WindowTest test) {
      this.test = test;
    }

    /**
     * Sets the reference size.
     *
     * @param value at least 2; default 500
     * @return this builder
     */
    public Builder referenceSize(int value) {
      Settings.once(referenceSize, "referenceSize");
      this.referenceSize = value;
      return this;
    }

    /**
     * Sets the current window size.
     *
     * @param value at least 2; default 500
     * @return this builder
     */
    public Builder windowSize(int value) {
      Settings.once(windowSize, "windowSize");
      this.windowSize = value;
      return this;
    }

    /**
     * Sets the stride between tests.
     *
     * @param value 1 to windowSize; default windowSize
     * @return this builder
     */
    public Builder stride(int value) {
      Settings.once(stride, "stride");
      this.stride = value;
      return this;
    }

    /**
     * Sets the threshold.
     *
     * @param value alpha in (0, 1) for p-value tests, a positive distance otherwise
     * @return this builder
     */
    public Builder threshold(double value) {
      Settings.once(threshold, "threshold");
      this.threshold = value;
      return this;
    }

    /**
     * Sets how KS p-values are computed.
     *
     * @param value default {@link KsMethod#AUTO}
     * @return this builder
     */
    public Builder ksMethod(KsMethod value) {
      Settings.once(ksMethod, "ksMethod");
      this.ksMethod = requireNonNull(value, "ksMethod");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     */
    public WindowConfig build() {
      int w = windowSize == null ? 500 : windowSize;
      return new WindowConfig(
          test,
          referenceSize == null ? 500 : referenceSize,
          w,
          stride == null ? w : stride,
          threshold == null ? test.defaultThreshold() : threshold,
          ksMethod == null ? KsMethod.AUTO : ksMethod);
    }
  }
}
