package dev.mainstay.drift;

/** The customary reading of a population stability index. */
public enum PsiBand {
  /** PSI below 0.1: no significant change. */
  NONE,
  /** PSI from 0.1 to below 0.25: a moderate change worth watching. */
  MODERATE,
  /** PSI of 0.25 or more: a significant change. */
  SIGNIFICANT;

  /**
   * The band a PSI value falls in.
   *
   * @param psi the index
   * @return the band
   */
  public static PsiBand of(double psi) {
    if (psi >= 0.25) {
      return SIGNIFICANT;
    }
    return psi >= 0.1 ? MODERATE : NONE;
  }
}
