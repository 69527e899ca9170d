package dev.mainstay.drift;

import dev.mainstay.core.Nullable;

/**
 * Settings of an ADWIN detector. {@link #defaults()} are River's and MOA's ({@code delta=0.002,
 * clock=32, max_buckets=5, min_window_length=5, grace_period=10}) and, like River, reset the whole
 * window after a detection.
 *
 * @param delta the confidence value in (0, 1): smaller is more conservative
 * @param clock check for change every this many observations (1 checks on every one)
 * @param maxBuckets buckets of each size kept before two are merged
 * @param minWindowLength the smallest sub-window a cut may leave on either side
 * @param gracePeriod observations in the window before any check
 * @param resetOnDrift true (River) to start from an empty window on the update after a detection;
 *     false (MOA) to keep the shrunk window ADWIN's cuts leave
 */
public record AdwinConfig(
    double delta,
    int clock,
    int maxBuckets,
    int minWindowLength,
    int gracePeriod,
    boolean resetOnDrift) {

  private static final AdwinConfig DEFAULTS = new AdwinConfig(0.002, 32, 5, 5, 10, true);

  /** Validates the components. */
  public AdwinConfig {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
    }
    if (clock < 1) {
      throw new IllegalArgumentException("clock must be >= 1, was " + clock);
    }
    if (maxBuckets < 2 || maxBuckets > 64) {
      throw new IllegalArgumentException("maxBuckets must be in [2, 64], was " + maxBuckets);
    }
    if (minWindowLength < 1) {
      throw new IllegalArgumentException("minWindowLength must be >= 1, was " + minWindowLength);
    }
    if (gracePeriod < 0) {
      throw new IllegalArgumentException("gracePeriod must be >= 0, was " + gracePeriod);
    }
  }

  /**
   * River's and MOA's defaults.
   *
   * @return the defaults
   */
  public static AdwinConfig defaults() {
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

  /** Builds an {@link AdwinConfig}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Double delta;
    private @Nullable Integer clock;
    private @Nullable Integer maxBuckets;
    private @Nullable Integer minWindowLength;
    private @Nullable Integer gracePeriod;
    private @Nullable Boolean resetOnDrift;

    private Builder() {}

    /**
     * Sets the confidence value.
     *
     * @param value in (0, 1); default 0.002
     * @return this builder
     */
    public Builder delta(double value) {
      Settings.once(delta, "delta");
      this.delta = value;
      return this;
    }

    /**
     * Sets how often (in observations) cuts are checked.
     *
     * @param value at least 1; default 32
     * @return this builder
     */
    public Builder clock(int value) {
      Settings.once(clock, "clock");
      this.clock = value;
      return this;
    }

    /**
     * Sets the buckets kept per size.
     *
     * @param value 2 to 64; default 5
     * @return this builder
     */
    public Builder maxBuckets(int value) {
      Settings.once(maxBuckets, "maxBuckets");
      this.maxBuckets = value;
      return this;
    }

    /**
     * Sets the smallest sub-window.
     *
     * @param value at least 1; default 5
     * @return this builder
     */
    public Builder minWindowLength(int value) {
      Settings.once(minWindowLength, "minWindowLength");
      this.minWindowLength = value;
      return this;
    }

    /**
     * Sets the grace period.
     *
     * @param value at least 0; default 10
     * @return this builder
     */
    public Builder gracePeriod(int value) {
      Settings.once(gracePeriod, "gracePeriod");
      this.gracePeriod = value;
      return this;
    }

    /**
     * Sets whether a detection empties the window (River) or keeps the shrunk one (MOA).
     *
     * @param value default true
     * @return this builder
     */
    public Builder resetOnDrift(boolean value) {
      Settings.once(resetOnDrift, "resetOnDrift");
      this.resetOnDrift = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     */
    public AdwinConfig build() {
      AdwinConfig d = DEFAULTS;
      return new AdwinConfig(
          delta == null ? d.delta() : delta,
          clock == null ? d.clock() : clock,
          maxBuckets == null ? d.maxBuckets() : maxBuckets,
          minWindowLength == null ? d.minWindowLength() : minWindowLength,
          gracePeriod == null ? d.gracePeriod() : gracePeriod,
          resetOnDrift == null ? d.resetOnDrift() : resetOnDrift);
    }
  }
}
