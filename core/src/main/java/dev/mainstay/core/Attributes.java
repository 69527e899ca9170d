package dev.mainstay.core;

/**
 * Attribute names that modules agree on, so that, for example, a guard and a cache understand each
 * other without depending on each other.
 */
public final class Attributes {
  private Attributes() {}

  /**
   * Set by a guard that let something through but flagged it: on the forwarded {@link
   * ModelRequest} by an input guard, on the {@link ModelResponse} by an output guard. The value
   * lists the finding types (or counts them); any value other than {@code "false"} means flagged.
   * A cache never stores an answer to a flagged request, nor a flagged answer, so a flagged answer
   * is never replayed to other callers.
   */
  public static final String GUARD_FLAGGED = "mainstay.guard.flagged";

  /**
   * Whether an attribute value marks something as flagged.
   *
   * @param value the attribute value, or null when absent
   * @return true when present and not {@code "false"}
   */
  public static boolean isFlagged(@Nullable String value) {
    return value != null && !"false".equalsIgnoreCase(value.trim());
  }
}
