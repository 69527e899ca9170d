package dev.mainstay.security.internal;

import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;
import java.util.List;

/**
 * Refusals: an answer whose opening (first 300 chars of the view) says the model will not or
 * cannot help. Useful to flag, count, or treat as a failed answer.
 */
public final class RefusalScanner implements Scanner {
  private static final AhoCorasick PHRASES = AhoCorasick.compile(List.of(
      "i'm sorry, but i can't", "i'm sorry, but i cannot", "i am sorry, but i cannot",
      "i am sorry, but i can't", "sorry, i can't", "sorry, i cannot", "i can't help with",
      "i cannot help with", "i can't assist", "i cannot assist", "i'm unable to", "i am unable to",
      "i won't be able to", "i will not be able to", "as an ai language model, i",
      "i cannot comply", "i can't comply", "i must decline", "i'm not able to help",
      "i am not able to help", "i cannot provide", "i can't provide", "i'm not able to provide",
      "against my guidelines", "i cannot fulfill", "i can't fulfill", "i cannot do that",
      "i can't do that", "i'm afraid i can't", "i'm afraid i cannot", "i won't help",
      "i will not help", "i cannot create", "i can't create", "i cannot generate",
      "i can't generate"));

  @Override
  public String name() {
    return "refusal";
  }

  @Override
  public void scan(ScanContext ctx) {
    String v = ctx.view();
    int to = Math.min(v.length(), 300);
    PHRASES.match(v, 0, to, (p, s, e) -> {
      ctx.reportInView("REFUSAL", s, e, 0.8);
      return false;
    });
  }
}
