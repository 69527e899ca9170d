package dev.mainstay.security;

import java.util.List;

/** Public access to the generated corpus for command-line tools. */
public final class ObfuscationCorpusAccess {
  private ObfuscationCorpusAccess() {}

  /**
   * The generated samples.
   *
   * @return attacks under every obfuscation, then benign texts
   */
  public static List<GuardEval.Sample> samples() {
    return ObfuscationCorpus.samples();
  }

  /**
   * Attack texts that the standard guard lets through, by obfuscation, for debugging.
   *
   * @param guard the guard
   * @return "OBFUSCATION: index" lines
   */
  public static List<String> misses(InputGuard guard) {
    List<String> out = new java.util.ArrayList<>();
    for (ObfuscationCorpus.Obfuscation o : ObfuscationCorpus.Obfuscation.values()) {
      for (int i = 0; i < ObfuscationCorpus.ATTACKS.size(); i++) {
        if (!guard.scan(ObfuscationCorpus.apply(o, ObfuscationCorpus.ATTACKS.get(i))).blocked()) {
          out.add(o + ": " + i);
        }
      }
    }
    for (int i = 0; i < ObfuscationCorpus.BENIGN.size(); i++) {
      if (guard.scan(ObfuscationCorpus.BENIGN.get(i)).blocked()) {
        out.add("BENIGN FP: " + i);
      }
    }
    return out;
  }
}
