package dev.mainstay.drift;

import dev.mainstay.core.Nullable;

/** Set-once checks shared by this package's builders. */
final class Settings {
  private Settings() {}

  static void once(@Nullable Object current, String name) {
    if (current != null) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
  }
}
