package dev.mainstay.security.internal;

import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;

/**
 * Mixed-script words: a word that mixes Latin letters with Cyrillic, Greek, Armenian or Cherokee
 * letters (by {@link Character.UnicodeScript}), or, inside mostly Latin text, a non-Latin word made
 * only of letters that look Latin (whole-word spoofing, at least four letters long). Words wholly
 * in one real script pass, so Russian, Greek and other text is not flagged. Redaction replaces the word with a typed
 * placeholder.
 */
public final class ConfusablesScanner implements Scanner {

  @Override
  public String name() {
    return "confusables";
  }

  @Override
  public void scan(ScanContext ctx) {
    if (ctx.plainAscii()) {
      return;
    }
    String s = ctx.text();
    int n = s.length();
    int i = 0;
    int latinWords = 0;
    int lookalikeWords = 0;
    int[] candidates = null;
    int candidateCount = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      if (!Character.isLetter(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      boolean latin = false;
      boolean lookalikeScript = false;
      boolean allConfusable = true;
      int letters = 0;
      int others = 0;
      while (i < n) {
        cp = s.codePointAt(i);
        if (!Character.isLetter(cp) && !isJoinerOrMark(cp)) {
          break;
        }
        if (Character.isLetter(cp)) {
          letters++;
          if (cp < 0x80) {
            latin = true;
            allConfusable = false;
          } else {
            Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
            if (sc == Character.UnicodeScript.LATIN) {
              latin = true;
              allConfusable &= cp < 0x10000 && Confusables.isConfusable((char) cp);
            } else if (sc == Character.UnicodeScript.CYRILLIC || sc == Character.UnicodeScript.GREEK
                || sc == Character.UnicodeScript.ARMENIAN || sc == Character.UnicodeScript.CHEROKEE) {
              lookalikeScript = true;
              allConfusable &= cp < 0x10000 && Confusables.isConfusable((char) cp);
            } else {
              others++;
              allConfusable = false;
            }
          }
        }
        i += Character.charCount(cp);
      }
      if (latin && lookalikeScript) {
        ctx.report("MIXED_SCRIPT", start, i, 0.7);
      } else if (latin) {
        latinWords++;
      } else if (lookalikeScript) {
        lookalikeWords++;
        if (allConfusable && letters >= 4 && others == 0) {
          if (candidates == null) {
            candidates = new int[16];
          }
          if (candidateCount * 2 + 2 <= candidates.length) {
            candidates[candidateCount * 2] = start;
            candidates[candidateCount * 2 + 1] = i;
            candidateCount++;
          }
        }
      }
    }
    // a word spelled only with look-alike letters is suspicious inside Latin-script text, and
    // ordinary inside Cyrillic or Greek text
    if (candidates != null && latinWords > 2 * lookalikeWords) {
      for (int k = 0; k < candidateCount; k++) {
        ctx.report("CONFUSABLE_WORD", candidates[2 * k], candidates[2 * k + 1], 0.5);
      }
    }
  }

  private static boolean isJoinerOrMark(int cp) {
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK || t == Character.FORMAT;
  }

  @Override
  public String replacement(dev.mainstay.security.Finding finding) {
    return "[" + finding.type() + "]";
  }
}
