package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;

/**
 * Settings of an embedding drift detector.
 *
 * @param method how windows are compared
 * @param referenceSize vectors in the reference
 * @param windowSize vectors in the current window
 * @param stride vectors between two tests once the window is full
 * @param threshold the centroid distance that fires, or the family-wise alpha for {@link
 *     EmbeddingMethod#COMPONENT_KS}
 */
public record EmbeddingConfig(
    EmbeddingMethod method, int referenceSize, int windowSize, int stride, double threshold) {

  /** Validates the components. */
  public EmbeddingConfig {
    requireNonNull(method, "method");
    if (referenceSize < 2 || windowSize < 2) {
      throw new IllegalArgumentException("referenceSize and windowSize must be >= 2");
    }
    if (stride < 1 || stride > windowSize) {
      throw new IllegalArgumentException("stride must be in [1, windowSize], was " + stride);
    }
    if (!(threshold > 0) || !Double.isFinite(threshold)
        || (method == EmbeddingMethod.COMPONENT_KS && threshold >= 1)) {
      throw new IllegalArgumentException("threshold out of range for " + method + ": " + threshold);
    }
  }

  /**
   * Defaults: reference and window of 200, disjoint windows; threshold 0.2 for centroid distances
   * (Evidently's default for the Euclidean distance method) and alpha 0.01 for component KS.
   *
   * @param method the method
   * @return the config
   */
  public static EmbeddingConfig of(EmbeddingMethod method) {
    return builder(method).build();
  }

  /**
   * A builder for the given method.
   *
   * @param method the method
   * @return a new builder
   */
  public static Builder builder(EmbeddingMethod method) {
    return new Builder(requireNonNull(method, "method"));
  }

  /** Builds an {@link EmbeddingConfig}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private final EmbeddingMethod method;
    private @Nullable Integer referenceSize;
    private @Nullable Integer windowSize;
    private @Nullable Integer stride;
    private @Nullable Double threshold;

    private Builder(EmbeddingMethod method) {
      this.method = method;
    }

    /**
     * Sets the reference size.
     *
     * @param value at least 2; default 200
     * @return this builder
     */
    public Builder referenceSize(int value) {
      Settings.once(referenceSize, "referenceSize");
      this.referenceSize = value;
      return this;
    }

    /**
     * Sets the window size.
     *
     * @param value at least 2; default 200
     * @return this builder
     */
    public Builder windowSize(int value) {
      Settings.once(windowSize, "windowSize");
      this.windowSize = value;
      return this;
    }

    /**
     * Sets the stride.
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
     * @param value a distance, or alpha in (0, 1) for component KS
     * @return this builder
     */
    public Builder threshold(double value) {
      Settings.once(threshold, "threshold");
      this.threshold = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     */
    public EmbeddingConfig build() {
      int w = windowSize == null ? 200 : windowSize;
      double t = method == EmbeddingMethod.COMPONENT_KS ? 0.01 : 0.2;
      return new EmbeddingConfig(
          method,
          referenceSize == null ? 200 : referenceSize,
          w,
          stride == null ? w : stride,
          threshold == null ? t : threshold);
    }
  }
}
