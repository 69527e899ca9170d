package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import java.text.Normalizer;

/**
 * Builds the scan view of a text: invisible and format characters, variation selectors and
 * combining marks dropped, compatibility decomposition (NFKD) applied, confusables mapped to their
 * Latin skeleton, controls turned into spaces; with a map from view offsets back to text offsets.
 */
public final class TextView {
  /** The view. */
  public final String view;
  /** view offset to text offset (length view.length() + 1), or null when the view is the text. */
  public final int @Nullable [] map;
  /** Whether the text was plain printable ASCII. */
  public final boolean plainAscii;

  private static final String[] DECOMP = new String[0x10000];

  private TextView(String view, int @Nullable [] map, boolean plainAscii) {
    this.view = view;
    this.map = map;
    this.plainAscii = plainAscii;
  }

  /**
   * Whether a text is plain printable ASCII (tab, LF and CR allowed).
   *
   * @param s the text
   * @return true for plain ASCII
   */
  public static boolean isPlainAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x7F || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds the view of a text.
   *
   * @param text the text
   * @return the view
   */
  public static TextView of(String text) {
    if (isPlainAscii(text)) {
      return new TextView(text, null, true);
    }
    int n = text.length();
    StringBuilder sb = new StringBuilder(n);
    int[] map = new int[n + 1];
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      int cp;
      int w = 1;
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
        cp = Character.toCodePoint(c, text.charAt(i + 1));
        w = 2;
      } else {
        cp = c;
      }
      if (cp < 0x7F && cp >= 0x20 || cp == '\n' || cp == '\t' || cp == '\r') {
        map = append(sb, map, (char) cp, i);
      } else if (dropped(cp)) {
        // invisible: contributes nothing to the view
      } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
        map = append(sb, map, ' ', i);
      } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) {
        map = append(sb, map, '\'', i); // curly apostrophes read as ASCII ones
      } else if (cp == 0x201C || cp == 0x201D || cp == 0x201F || cp == 0x2033) {
        map = append(sb, map, '"', i);
      } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
        map = append(sb, map, (char) (cp - 0xFEE0), i); // fullwidth ASCII
      } else if (w == 1 && Character.isSurrogate(c)) {
        map = append(sb, map, ' ', i); // lone surrogate
      } else {
        String d = decompose(cp, w == 1 ? null : text.substring(i, i + 2));
        if (d == null) {
          if (w == 1) {
            map = append(sb, map, Confusables.skeleton(c), i);
          } else {
            map = append(sb, map, c, i);
            map = append(sb, map, text.charAt(i + 1), i);
          }
        } else {
          for (int k = 0; k < d.length(); k++) {
            char dc = d.charAt(k);
            if (Character.getType(dc) == Character.NON_SPACING_MARK || dropped(dc)) {
              continue;
            }
            map = append(sb, map, Confusables.skeleton(dc), i);
          }
        }
      }
      i += w;
    }
    if (map.length < sb.length() + 1) {
      map = java.util.Arrays.copyOf(map, sb.length() + 1);
    }
    map[sb.length()] = n;
    return new TextView(sb.toString(), map, false);
  }

  private static int[] append(StringBuilder sb, int[] map, char c, int origin) {
    int at = sb.length();
    int[] m = map;
    if (at + 1 >= m.length) {
      m = java.util.Arrays.copyOf(m, m.length * 2 + 2);
    }
    m[at] = origin;
    sb.append(c);
    return m;
  }

  /**
   * Whether a code point is dropped from the view: format characters (zero-width, bidi controls,
   * tag characters, soft hyphen), variation selectors and combining marks.
   *
   * @param cp a code point
   * @return true when dropped
   */
  static boolean dropped(int cp) {
    if (cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.FORMAT || t == Character.NON_SPACING_MARK
        || t == Character.ENCLOSING_MARK || cp == 0x180E || cp == 0x115F || cp == 0x1160
        || cp == 0x3164 || cp == 0xFFA0;
  }

  /** NFKD decomposition of one code point, or null when it decomposes to itself. */
  private static @Nullable String decompose(int cp, @Nullable String pair) {
    if (cp < 0x10000) {
      String cached = DECOMP[cp];
      if (cached == null) {
        String s = String.valueOf((char) cp);
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        cached = d.equals(s) ? "" : d;
        DECOMP[cp] = cached; // benign race: every thread computes the same value
      }
      return cached.isEmpty() ? null : cached;
    }
    String s = pair == null ? new String(Character.toChars(cp)) : pair;
    String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
    return d.equals(s) ? null : d;
  }
}
