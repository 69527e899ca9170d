package dev.mainstay.drift;

import dev.mainstay.core.Nullable;

/**
 * Settings of an HDDM_A detector (Frías-Blanco et al., as in MOA and River) for Bernoulli rates
 * such as error, refusal and timeout indicators. {@link #defaults()} are River's.
 *
 * @param driftConfidence the confidence of a drift, in (0, 1); default 0.001
 * @param warningConfidence the confidence of a warning, in (0, 1), at least {@code
 *     driftConfidence}; default 0.005
 * @param twoSided true to detect decreases of the rate too (default false: increases only)
 */
public record HddmAConfig(double driftConfidence, double warningConfidence, boolean twoSided) {

  private static final HddmAConfig DEFAULTS = new HddmAConfig(0.001, 0.005, false);

  /** Validates the components. */
  public HddmAConfig {
    if (!(driftConfidence > 0 && driftConfidence < 1)) {
      throw new IllegalArgumentException("driftConfidence must be in (0, 1), was " + driftConfidence);
    }
    if (!(warningConfidence > 0 && warningConfidence < 1) || warningConfidence < driftConfidence) {
      throw new IllegalArgumentException(
          "warningConfidence must be in [driftConfidence, 1), was " + warningConfidence);
    }
  }

  /**
   * River's defaults.
   *
   * @return the defaults
   */
  public static HddmAConfig defaults() {
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

  /** Builds an {@link HddmAConfig}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Double driftConfidence;
    private @Nullable Double warningConfidence;
    private @Nullable Boolean twoSided;

    private Builder() {}

    /**
     * Sets the drift confidence.
     *
     * @param value in (0, 1); default 0.001
     * @return this builder
     */
    public Builder driftConfidence(double value) {
      Settings.once(driftConfidence, "driftConfidence");
      this.driftConfidence = value;
      return this;
    }

    /**
     * Sets the warning confidence.
     *
     * @param value in [driftConfidence, 1); default 0.005
     * @return this builder
     */
    public Builder warningConfidence(double value) {
      Settings.once(warningConfidence, "warningConfidence");
      this.warningConfidence = value;
      return this;
    }

    /**
     * Sets whether decreases are detected too.
     *
     * @param value default false
     * @return this builder
     */
    public Builder twoSided(boolean value) {
      Settings.once(twoSided, "twoSided");
      this.twoSided = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     */
    public HddmAConfig build() {
      HddmAConfig d = DEFAULTS;
      return new HddmAConfig(
          driftConfidence == null ? d.driftConfidence() : driftConfidence,
          warningConfidence == null ? d.warningConfidence() : warningConfidence,
          twoSided == null ? d.twoSided() : twoSided);
    }
  }
}
