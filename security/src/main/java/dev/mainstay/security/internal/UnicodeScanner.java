package dev.mainstay.security.internal;

import dev.mainstay.security.Finding;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;

/**
 * Unicode hygiene: C0/C1 controls (except tab, LF, CR), bidi controls (Trojan Source), zero-width
 * and other invisible format characters, runs of variation selectors, tag characters and lone
 * surrogates. Smuggled ASCII in tag characters and bytes hidden in variation-selector runs are
 * decoded and handed back for rescanning. Legitimate uses pass: emoji ZWJ sequences, keycaps,
 * emoji presentation selectors, subdivision flags (a black flag followed by tag letters and a
 * cancel tag), ZWNJ/ZWJ inside Arabic, Persian and Indic words, a leading byte-order mark.
 * Redaction removes the flagged characters.
 */
public final class UnicodeScanner implements Scanner {

  @Override
  public String name() {
    return "unicode";
  }

  @Override
  public boolean rescansDecoded() {
    return true;
  }

  @Override
  public String replacement(Finding finding) {
    return "";
  }

  @Override
  public void scan(ScanContext ctx) {
    if (ctx.plainAscii()) {
      return;
    }
    String s = ctx.text();
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x7F && (c >= 0x20 || c == '\n' || c == '\t' || c == '\r')) {
        i++;
        continue;
      }
      if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
        int j = i;
        while (j < n && (s.charAt(j) < 0x20 && s.charAt(j) != '\n' && s.charAt(j) != '\t'
            && s.charAt(j) != '\r' || s.charAt(j) >= 0x7F && s.charAt(j) <= 0x9F)) {
          j++;
        }
        ctx.report("CONTROL_CHARACTER", i, j, 0.6);
        i = j;
        continue;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(i + 1));
          if (cp >= 0xE0000 && cp <= 0xE007F) {
            i = tags(ctx, s, i);
            continue;
          }
          if (cp >= 0xE0100 && cp <= 0xE01EF) {
            i = selectors(ctx, s, i);
            continue;
          }
          i += 2;
          continue;
        }
        ctx.report("LONE_SURROGATE", i, i + 1, 0.6);
        i++;
        continue;
      }
      if (c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
        int j = i;
        while (j < n && (s.charAt(j) >= 0x202A && s.charAt(j) <= 0x202E
            || s.charAt(j) >= 0x2066 && s.charAt(j) <= 0x2069)) {
          j++;
        }
        ctx.report("BIDI_CONTROL", i, j, 0.7);
        if (c == 0x202E || c == 0x2067) {
          // right-to-left override: the reader sees the following run reversed; rescan it that way
          int k = j;
          while (k < n && s.charAt(k) != 0x202C && s.charAt(k) != 0x2069 && s.charAt(k) != '\n') {
            k++;
          }
          if (k - j >= 8) {
            ctx.rescan(new StringBuilder(s.substring(j, k)).reverse().toString(),
                viewOf(ctx, i), viewOf(ctx, k), "bidi");
          }
        }
        i = j;
        continue;
      }
      if (c >= 0xFE00 && c <= 0xFE0F) {
        i = selectors(ctx, s, i);
        continue;
      }
      if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0x2061 || c == 0x2062
          || c == 0x2063 || c == 0x2064 || c == 0xFEFF || c == 0x180E || c == 0x00AD
          || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0
          || c == 0x200E || c == 0x200F || c == 0x061C) {
        if (c == 0xFEFF && i == 0 || legitimateJoiner(s, i, c)) {
          i++;
          continue;
        }
        int j = i;
        int count = 0;
        while (j < n && isInvisible(s.charAt(j))) {
          j++;
          count++;
        }
        if (j == i) {
          // always make progress, whatever isInvisible says about this character
          j = i + 1;
          count = 1;
        }
        boolean insideWord = i > 0 && j < n && Character.isLetterOrDigit(s.charAt(i - 1))
            && Character.isLetterOrDigit(s.charAt(j));
        ctx.report("ZERO_WIDTH", i, j, insideWord || count > 1 ? 0.6 : 0.4);
        i = j;
        continue;
      }
      i++;
    }
  }

  private static boolean isInvisible(char c) {
    return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0x2061
        || c == 0x2062 || c == 0x2063 || c == 0x2064 || c == 0xFEFF || c == 0x180E
        || c == 0x00AD || c == 0x034F || c == 0x200E || c == 0x200F || c == 0x061C
        || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0;
  }

  /** ZWJ between emoji, ZWNJ/ZWJ inside scripts that use them, LRM/RLM next to RTL text. */
  private static boolean legitimateJoiner(String s, int i, char c) {
    int before = i > 0 ? Character.codePointBefore(s, i) : -1;
    int after = i + 1 < s.length() ? Character.codePointAt(s, i + 1) : -1;
    if (c == 0x200D) {
      if (before >= 0 && after >= 0 && (isEmojiLike(before) || before == 0xFE0F || isSkinTone(before))
          && isEmojiLike(after)) {
        return true;
      }
    }
    if (c == 0x200C || c == 0x200D) {
      return before >= 0 && after >= 0 && joiningScript(before) && joiningScript(after);
    }
    if (c == 0x200E || c == 0x200F || c == 0x061C) {
      return before >= 0 && rtl(before) || after >= 0 && rtl(after)
          || before >= 0 && Character.isDigit(before) || after >= 0 && Character.isDigit(after);
    }
    return false;
  }

  private static boolean isSkinTone(int cp) {
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
  }

  static boolean isEmojiLike(int cp) {
    return cp >= 0x1F000 && cp <= 0x1FAFF || cp >= 0x2600 && cp <= 0x27BF
        || cp >= 0x2300 && cp <= 0x23FF || cp >= 0x2B00 && cp <= 0x2BFF || cp == 0x2640
        || cp == 0x2642 || cp == 0x2695 || cp == 0x2696 || cp == 0x2708 || cp == 0x2764;
  }

  private static boolean rtl(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }

  private static boolean joiningScript(int cp) {
    if (cp < 0x0590) {
      return false;
    }
    Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
    switch (sc) {
      case ARABIC:
      case SYRIAC:
      case DEVANAGARI:
      case BENGALI:
      case GURMUKHI:
      case GUJARATI:
      case ORIYA:
      case TAMIL:
      case TELUGU:
      case KANNADA:
      case MALAYALAM:
      case SINHALA:
      case MONGOLIAN:
      case NKO:
      case HEBREW:
      case THAANA:
        return true;
      default:
        return false;
    }
  }

  /** Tag characters starting at i: a subdivision flag passes; anything else is decoded. */
  private static int tags(ScanContext ctx, String s, int i) {
    int n = s.length();
    int j = i;
    StringBuilder decoded = new StringBuilder();
    boolean cancel = false;
    while (j + 1 < n && Character.isHighSurrogate(s.charAt(j))) {
      int cp = Character.toCodePoint(s.charAt(j), s.charAt(j + 1));
      if (cp < 0xE0000 || cp > 0xE007F) {
        break;
      }
      if (cp == 0xE007F) {
        cancel = true;
        j += 2;
        break;
      }
      decoded.append((char) (cp - 0xE0000));
      j += 2;
    }
    boolean flag = cancel && i >= 2 && Character.codePointBefore(s, i) == 0x1F3F4
        && decoded.length() >= 2 && decoded.length() <= 7 && lowerAlnum(decoded);
    if (!flag) {
      ctx.report("TAG_CHARACTERS", i, j, 0.8);
      if (decoded.length() > 0) {
        ctx.rescan(decoded.toString(), viewOf(ctx, i), viewOf(ctx, j), "tag");
      }
    }
    return Math.max(j, i + 2);
  }

  private static boolean lowerAlnum(CharSequence s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Variation selectors from i: one selector after a visible char passes (emoji presentation,
   * CJK variants); a run of two or more is reported, and decoded as bytes (VS1-16 = 0-15,
   * VS17-256 = 16-255, the "emoji smuggling" encoding) for rescanning.
   */
  private static int selectors(ScanContext ctx, String s, int i) {
    int n = s.length();
    int j = i;
    StringBuilder decoded = new StringBuilder();
    int count = 0;
    while (j < n) {
      char c = s.charAt(j);
      if (c >= 0xFE00 && c <= 0xFE0F) {
        decoded.append((char) (c - 0xFE00));
        j++;
      } else if (Character.isHighSurrogate(c) && j + 1 < n) {
        int cp = Character.toCodePoint(c, s.charAt(j + 1));
        if (cp < 0xE0100 || cp > 0xE01EF) {
          break;
        }
        decoded.append((char) (cp - 0xE0100 + 16));
        j += 2;
      } else {
        break;
      }
      count++;
    }
    if (count >= 2 || i == 0) {
      ctx.report("VARIATION_SELECTOR_RUN", i, j, count >= 4 ? 0.8 : 0.5);
      if (count >= 4) {
        byte[] bytes = new byte[decoded.length()];
        for (int k = 0; k < bytes.length; k++) {
          bytes[k] = (byte) decoded.charAt(k);
        }
        String text = Decoders.printableUtf8(bytes);
        if (text != null) {
          ctx.rescan(text, viewOf(ctx, i), viewOf(ctx, j), "variation-selectors");
        }
      }
    }
    return Math.max(j, i + 1);
  }

  /** The view offset of a text offset (the view drops invisible chars, so search the map). */
  static int viewOf(ScanContext ctx, int textOffset) {
    String v = ctx.view();
    if (ctx.plainAscii()) {
      return textOffset;
    }
    int lo = 0;
    int hi = v.length();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ctx.toTextOffset(mid) < textOffset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
