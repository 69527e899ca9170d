package dev.mainstay.drift.internal;

import dev.mainstay.drift.WindowTest;

/** Detector names of the windowed tests. */
final class WindowNames {
  private WindowNames() {}

  static String of(WindowTest test) {
    switch (test) {
      case KS:
        return "ks";
      case CHI_SQUARE:
        return "chi-square";
      case PSI:
        return "psi";
      case JENSEN_SHANNON:
        return "jensen-shannon";
      case WASSERSTEIN:
        return "wasserstein";
      default:
        throw new IllegalArgumentException(String.valueOf(test));
    }
  }
}
