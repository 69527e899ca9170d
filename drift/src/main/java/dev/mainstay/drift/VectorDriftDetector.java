package dev.mainstay.drift;

/**
 * A drift detector over a stream of vectors (embeddings). Single-threaded, like {@link
 * DriftDetector}; the vector's dimension is fixed by the first one seen and vectors of another
 * dimension or with non-finite components are ignored.
 */
public interface VectorDriftDetector {

  /**
   * Feeds one vector. The array is read, never kept.
   *
   * @param vector the vector
   * @return true when this vector made the detector fire
   */
  boolean update(float[] vector);

  /**
   * Whether the last update made the detector fire.
   *
   * @return true right after a detection
   */
  boolean driftDetected();

  /**
   * The statistic of the last test: the centroid distance, or the largest per-component KS D.
   *
   * @return the statistic, NaN before the first test
   */
  double statistic();

  /**
   * The threshold: a distance, or the family-wise alpha of the component tests.
   *
   * @return the threshold
   */
  double threshold();

  /**
   * For per-component KS, the Bonferroni-adjusted smallest p-value ({@code min(1, d · min p)});
   * NaN for centroid distances.
   *
   * @return the p-value or NaN
   */
  double pValue();

  /**
   * Vectors seen since creation or the last reset.
   *
   * @return the count
   */
  long observations();

  /** Forgets everything seen (a pinned reference stays). */
  void reset();

  /**
   * Replaces the reference with the given vectors.
   *
   * @param vectors at least two vectors of one dimension
   */
  void pinReference(float[][] vectors);

  /**
   * A copy of the reference vectors, for snapshots.
   *
   * @return one row per reference vector, possibly fewer than configured while it fills
   */
  float[][] referenceVectors();

  /**
   * A short name for events, such as {@code embedding-centroid}.
   *
   * @return the name
   */
  String name();
}
