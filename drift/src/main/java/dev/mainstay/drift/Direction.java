package dev.mainstay.drift;

/** Which change of the mean a sequential detector looks for. */
public enum Direction {
  /** Only increases (River's Page-Hinkley and HDDM_A defaults). */
  UP,
  /** Only decreases. */
  DOWN,
  /** Increases and decreases. */
  BOTH
}
