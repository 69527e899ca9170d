package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;

/**
 * Settings of a Page-Hinkley detector. {@link #defaults()} are River's ({@code min_instances=30,
 * delta=0.005, threshold=50, alpha=0.9999}, increase-only).
 *
 * @param minInstances observations before the detector may fire (River counts from 1, so it can
 *     fire on the {@code minInstances - 1}-th observation, as River does)
 * @param delta the magnitude of change tolerated, subtracted from every deviation
 * @param threshold the cumulative sum that fires the detector (lambda)
 * @param alpha the forgetting factor of the cumulative sum, in (0, 1]
 * @param direction which changes of the mean to look for
 */
public record PageHinkleyConfig(
    int minInstances, double delta, double threshold, double alpha, Direction direction) {

  private static final PageHinkleyConfig DEFAULTS =
      new PageHinkleyConfig(30, 0.005, 50, 1 - 0.0001, Direction.UP);

  /** Validates the components. */
  public PageHinkleyConfig {
    if (minInstances < 1) {
      throw new IllegalArgumentException("minInstances must be >= 1, was " + minInstances);
    }
    if (!(delta >= 0) || !Double.isFinite(delta)) {
      throw new IllegalArgumentException("delta must be finite and >= 0, was " + delta);
    }
    if (!(threshold > 0) || !Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite and > 0, was " + threshold);
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
    }
    requireNonNull(direction, "direction");
  }

  /**
   * River's defaults.
   *
   * @return the defaults
   */
  public static PageHinkleyConfig defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link PageHinkleyConfig}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Integer minInstances;
    private @Nullable Double delta;
    private @Nullable Double threshold;
    private @Nullable Double alpha;
    private @Nullable Direction direction;

    private Builder() {}

    /**
     * Sets the observations needed before the detector may fire.
     *
     * @param value at least 1; default 30
     * @return this builder
     */
    public Builder minInstances(int value) {
      Settings.once(minInstances, "minInstances");
      this.minInstances = value;
      return this;
    }

    /**
     * Sets the tolerated magnitude of change.
     *
     * @param value finite, at least 0; default 0.005
     * @return this builder
     */
    public Builder delta(double value) {
      Settings.once(delta, "delta");
      this.delta = value;
      return this;
    }

    /**
     * Sets the detection threshold (lambda).
     *
     * @param value positive; default 50
     * @return this builder
     */
    public Builder threshold(double value) {
      Settings.once(threshold, "threshold");
      this.threshold = value;
      return this;
    }

    /**
     * Sets the forgetting factor.
     *
     * @param value in (0, 1]; default 0.9999
     * @return this builder
     */
    public Builder alpha(double value) {
      Settings.once(alpha, "alpha");
      this.alpha = value;
      return this;
    }

    /**
     * Sets the direction of change to detect.
     *
     * @param value the direction; default {@link Direction#UP} (River); {@link Direction#BOTH}
     *     is the two-sided test
     * @return this builder
     */
    public Builder direction(Direction value) {
      Settings.once(direction, "direction");
      this.direction = requireNonNull(value, "direction");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     */
    public PageHinkleyConfig build() {
      PageHinkleyConfig d = DEFAULTS;
      return new PageHinkleyConfig(
          minInstances == null ? d.minInstances() : minInstances,
          delta == null ? d.delta() : delta,
          threshold == null ? d.threshold() : threshold,
          alpha == null ? d.alpha() : alpha,
          direction == null ? d.direction() : direction);
    }
  }
}
