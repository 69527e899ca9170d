package dev.mainstay.security.internal;

import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Banned words and phrases, matched case-insensitively on word boundaries in the scan view (so
 * zero-width, fullwidth and homoglyph spellings match too). ASCII phrases go through one
 * Aho–Corasick pass; other phrases are searched one by one (linear per phrase).
 */
public final class BanListScanner implements Scanner {
  private final String name;
  private final String type;
  private final List<String> ascii = new ArrayList<>();
  private final List<String> other = new ArrayList<>();
  private final AhoCorasick automaton;

  /**
   * Creates a ban list.
   *
   * @param name scanner name
   * @param type finding type
   * @param phrases the banned phrases
   */
  public BanListScanner(String name, String type, List<String> phrases) {
    this.name = name;
    this.type = type;
    for (String p : phrases) {
      String t = p.strip();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("banned phrases must not be blank");
      }
      if (TextView.isPlainAscii(t)) {
        ascii.add(t);
      } else {
        other.add(TextView.of(t).view.toLowerCase(Locale.ROOT));
      }
    }
    automaton = AhoCorasick.compile(ascii);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean rescansDecoded() {
    return true;
  }

  @Override
  public void scan(ScanContext ctx) {
    String v = ctx.view();
    if (!ascii.isEmpty()) {
      automaton.match(v, 0, v.length(), (p, s, e) -> {
        ctx.reportInView(type, s, e, 1.0);
        return true;
      });
    }
    if (!other.isEmpty()) {
      String lower = v.toLowerCase(Locale.ROOT);
      if (lower.length() != v.length()) {
        lower = v; // case mapping changed lengths: fall back to exact matching
      }
      for (String p : other) {
        int from = 0;
        int at;
        while ((at = lower.indexOf(p, from)) >= 0) {
          ctx.reportInView(type, at, at + p.length(), 1.0);
          from = at + p.length();
        }
      }
    }
  }
}
