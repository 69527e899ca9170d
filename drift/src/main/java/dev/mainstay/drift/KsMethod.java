package dev.mainstay.drift;

/** How a Kolmogorov-Smirnov p-value is computed. */
public enum KsMethod {
  /** Exact for {@code n·m <= 1,000,000}, asymptotic above. */
  AUTO,
  /** Exact: the probability of the lattice paths that reach the boundary, O(n·m). */
  EXACT,
  /** Kolmogorov's limiting distribution at {@code sqrt(nm/(n+m))·D}. */
  ASYMPTOTIC
}
