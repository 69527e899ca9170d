package dev.mainstay.drift;

/**
 * An online change detector over one stream of numbers (a latency, a score, an error indicator, a
 * category index, …).
 *
 * <p>Detectors are <b>single-threaded</b> and allocation-free per {@link #update(double)}; a {@link
 * DriftMonitor} guards each one with a lock. Like River's detectors, a detector that fired resets
 * itself on the next update (see each detector for what "reset" keeps). Non-finite values are
 * ignored: they change nothing and never fire.
 *
 * <p>Obtain detectors from {@link Detectors}.
 */
public interface DriftDetector {

  /**
   * Feeds one observation.
   *
   * @param value the observation; NaN and infinities are ignored
   * @return true when this observation made the detector fire (same as {@link #driftDetected()})
   */
  boolean update(double value);

  /**
   * Whether the last {@link #update(double)} made the detector fire.
   *
   * @return true right after a detection
   */
  boolean driftDetected();

  /**
   * The detector's test statistic at the last detection, or its current value for detectors that
   * keep one running (Page-Hinkley's cumulative sum); NaN when there is none yet.
   *
   * @return the statistic
   */
  double statistic();

  /**
   * The threshold the statistic was compared with at the last detection (or the configured one).
   *
   * @return the threshold; NaN when not known yet
   */
  double threshold();

  /**
   * The p-value of the last windowed test, for detectors that compute one; NaN otherwise.
   *
   * @return a p-value in [0, 1] or NaN
   */
  default double pValue() {
    return Double.NaN;
  }

  /**
   * Observations seen since the detector was created or last reset.
   *
   * @return the count
   */
  long observations();

  /** Forgets everything seen, as if newly created (a pinned reference stays pinned). */
  void reset();

  /**
   * A short name for events and logs, such as {@code page-hinkley} or {@code ks}.
   *
   * @return the name
   */
  String name();
}
