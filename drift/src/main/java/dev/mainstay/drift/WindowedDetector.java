package dev.mainstay.drift;

/**
 * A {@link DriftDetector} that compares a window of recent observations with a reference window.
 * The reference is the first {@link WindowConfig#referenceSize()} observations unless one is
 * {@linkplain #pinReference(double[]) pinned}. Once the current window is full, the test runs every
 * {@link WindowConfig#stride()} observations; after a detection the current window starts empty
 * again and the reference stays.
 */
public interface WindowedDetector extends DriftDetector {

  /**
   * Replaces the reference with the given observations (a pinned baseline) and clears the current
   * window. A pinned reference survives {@link #reset()}.
   *
   * @param values at least one observation (category indices for categorical detectors)
   */
  void pinReference(double[] values);

  /**
   * Whether the reference is complete, so that the test can run.
   *
   * @return true once the reference is full or pinned
   */
  boolean referenceReady();

  /**
   * A copy of the reference observations, in arrival order (for snapshots).
   *
   * @return the reference, possibly shorter than configured while it fills
   */
  double[] referenceValues();
}
