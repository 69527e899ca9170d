package dev.mainstay.testkit.internal;

import dev.mainstay.core.Nullable;

/** Argument and builder-state checks with uniform messages. */
public final class Checks {
  private Checks() {}

  /**
   * Fails if a set-once builder property was already set.
   *
   * @param current the current value, null when unset
   * @param name the property name
   * @throws IllegalStateException if already set
   */
  public static void once(@Nullable Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set");
    }
  }

  /**
   * Checks a probability.
   *
   * @param p the value
   * @param name what it is
   * @return p
   * @throws IllegalArgumentException unless 0 <= p <= 1
   */
  public static double probability(double p, String name) {
    if (!(p >= 0.0 && p <= 1.0)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], was " + p);
    }
    return p;
  }

  /**
   * Checks a finite number.
   *
   * @param v the value
   * @param name what it is
   * @return v
   */
  public static double finite(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, was " + v);
    }
    return v;
  }
}
