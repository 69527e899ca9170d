package dev.mainstay.drift;

/** How an embedding drift detector compares the current window with the reference. */
public enum EmbeddingMethod {
  /** Euclidean distance between the window centroid and the reference centroid. */
  CENTROID_EUCLIDEAN,
  /** Cosine distance (1 - cosine similarity) between the two centroids. */
  CENTROID_COSINE,
  /**
   * A KS test per component; fires when any p-value is below {@code alpha / dimensions}
   * (Bonferroni).
   */
  COMPONENT_KS
}
