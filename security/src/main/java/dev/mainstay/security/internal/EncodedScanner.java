package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;

/**
 * Encoded payloads: runs of base64 (and base64url), base32, hex (plain, {@code \x}-prefixed or
 * separated byte pairs), percent-encoding and ROT13-encoded English that decode to mostly
 * printable text are reported and handed back for rescanning. One linear pass over the view; runs
 * shorter than the minimum are never decoded. Depth and total decoded size are bounded by the
 * guard.
 */
public final class EncodedScanner implements Scanner {
  private static final boolean[] B64 = new boolean[128];
  private static final boolean[] LETTER = new boolean[128];
  private static final int[] ROT13_WORDS;
  /** A 1,024-bit filter over the packed ROT13 words: most short words skip the list compare. */
  private static final long[] ROT13_FILTER = new long[16];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      B64[c] = true;
      B64[c + 32] = true;
      LETTER[c] = true;
      LETTER[c + 32] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      B64[c] = true;
    }
    B64['+'] = true;
    B64['/'] = true;
    B64['='] = true;
    B64['_'] = true;
    B64['-'] = true;
    // ROT13 of frequent English function words (the, and, you, your, to, of, is, it, this, that,
    // with, for, all, what, now, are): common in ROT13 text, rare in any real language
    // and in, on, me, have, do, not, will, must, as, by
    String[] words = {"gur", "naq", "lbh", "lbhe", "gb", "bs", "vf", "vg", "guvf", "gung", "jvgu",
        "sbe", "nyy", "jung", "abj", "ner", "va", "ba", "zr", "unir", "qb", "abg", "jvyy", "zhfg",
        "nf", "ol"};
    ROT13_WORDS = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      ROT13_WORDS[i] = pack(words[i], 0, words[i].length());
      int slot = filterSlot(ROT13_WORDS[i]);
      ROT13_FILTER[slot >>> 6] |= 1L << slot;
    }
  }

  private static int filterSlot(int key) {
    return (key * 0x9E3779B9) >>> 22;
  }

  /** Natural log of English letter frequencies, a to z. */
  private static final double[] LOG_FREQ;

  static {
    double[] f = {8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.77, 4.0, 2.4, 6.7, 7.5, 1.9,
        0.095, 6.0, 6.3, 9.1, 2.8, 0.98, 2.4, 0.15, 2.0, 0.074};
    LOG_FREQ = new double[26];
    for (int i = 0; i < 26; i++) {
      LOG_FREQ[i] = Math.log(f[i] / 100);
    }
  }

  private final int minRun;

  /**
   * Creates the scanner.
   *
   * @param minRun the shortest run of encoded chars worth decoding (at least 8)
   */
  public EncodedScanner(int minRun) {
    this.minRun = Math.max(8, minRun);
  }

  @Override
  public String name() {
    return "encoded";
  }

  @Override
  public boolean rescansDecoded() {
    return true;
  }

  private static int pack(CharSequence s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v << 5 | (s.charAt(i) | 0x20) - 'a' + 1;
    }
    return v;
  }

  @Override
  public void scan(ScanContext ctx) {
    String v = ctx.view();
    int n = v.length();
    byte[] ascii = ScanEngine.asciiBytes(ctx);
    int runStart = -1;
    int pairStart = -1;
    int pairEnd = -1;
    int pairs = 0;
    int pctStart = -1;
    int pctEnd = -1;
    int pct = 0;
    int words = 0;
    int rotHits = 0;
    int wordStart = -1;
    int[] letters = new int[26];
    for (int i = 0; i <= n; i++) {
      char c = i >= n ? ' ' : ascii != null ? (char) ascii[i] : v.charAt(i);
      boolean letter = c < 128 && (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
      if (letter) {
        letters[(c | 0x20) - 'a']++;
        if (wordStart < 0) {
          wordStart = i;
        }
        if (runStart < 0) {
          runStart = i; // a letter is a base64 char too
        }
        // the rest of the word: letters only add to the counts
        if (ascii != null) {
          while (i + 1 < n && LETTER[ascii[i + 1]]) {
            i++;
            letters[(ascii[i] | 0x20) - 'a']++;
          }
        } else {
          while (i + 1 < n && v.charAt(i + 1) < 128 && LETTER[v.charAt(i + 1)]) {
            i++;
            letters[(v.charAt(i) | 0x20) - 'a']++;
          }
        }
        continue;
      } else if (wordStart >= 0) {
        int len = i - wordStart;
        words++;
        if (len >= 2 && len <= 4) {
          int key = pack(v, wordStart, i);
          if ((ROT13_FILTER[filterSlot(key) >>> 6] & 1L << filterSlot(key)) != 0) {
            for (int w : ROT13_WORDS) {
              if (w == key) {
                rotHits++;
                break;
              }
            }
          }
        }
        wordStart = -1;
      }
      if (c < 128 && B64[c]) {
        if (runStart < 0) {
          runStart = i;
        }
        continue;
      }
      if (runStart >= 0) {
        int len = i - runStart;
        if (isPair(v, runStart, i)) {
          if (pairs == 0 || runStart - pairEnd > 2) {
            if (pairs >= 8) {
              hex(ctx, v, pairStart, pairEnd, "hex");
            }
            pairs = 0;
            pairStart = runStart;
          }
          pairs++;
          pairEnd = i;
        } else {
          if (pairs >= 8) {
            hex(ctx, v, pairStart, pairEnd, "hex");
          }
          pairs = 0;
          if (len >= minRun) {
            run(ctx, v, runStart, i);
          }
        }
        runStart = -1;
      }
      if (c == '%') {
        if (i + 2 < n && Decoders.hexValue(v.charAt(i + 1)) >= 0
            && Decoders.hexValue(v.charAt(i + 2)) >= 0) {
          if (pct == 0) {
            pctStart = i;
          }
          pct++;
          pctEnd = i + 3;
        }
      } else if (c == ' ' || c == '\n' || c == '\t' || c == '"' || c == '\'' || c == '<' || c == '>') {
        if (pct >= 4) {
          percent(ctx, v, pctStart, i);
        }
        pct = 0;
      }
    }
    if (pairs >= 8) {
      hex(ctx, v, pairStart, pairEnd, "hex");
    }
    if (pct >= 4 && pctEnd > pctStart) {
      percent(ctx, v, pctStart, n);
    }
    if (rotHits >= 2 && rotHits * 100 >= words * 15 && words > 0 || rot13Fits(letters)) {
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        char c = v.charAt(i);
        if (c >= 'a' && c <= 'z') {
          c = (char) ('a' + (c - 'a' + 13) % 26);
        } else if (c >= 'A' && c <= 'Z') {
          c = (char) ('A' + (c - 'A' + 13) % 26);
        }
        sb.append(c);
      }
      ctx.reportInView("ROT13_TEXT", 0, n, 0.4);
      ctx.rescan(sb.toString(), 0, n, "rot13");
    }
  }

  /**
   * Whether the letters read as English far better after ROT13 than before: the average
   * log-likelihood per letter under English letter frequencies improves by at least 0.3 nats,
   * over at least 24 letters.
   */
  private static boolean rot13Fits(int[] letters) {
    int total = 0;
    double plain = 0;
    double rot = 0;
    for (int i = 0; i < 26; i++) {
      total += letters[i];
      plain += letters[i] * LOG_FREQ[i];
      rot += letters[i] * LOG_FREQ[(i + 13) % 26];
    }
    return total >= 24 && (rot - plain) / total >= 0.3;
  }

  /** A token that is one hex byte: "69", "x69", "0x69". */
  private static boolean isPair(String v, int from, int to) {
    int len = to - from;
    if (len == 2) {
      return Decoders.hexValue(v.charAt(from)) >= 0 && Decoders.hexValue(v.charAt(from + 1)) >= 0;
    }
    if (len == 3 && (v.charAt(from) == 'x' || v.charAt(from) == 'X')) {
      return Decoders.hexValue(v.charAt(from + 1)) >= 0 && Decoders.hexValue(v.charAt(from + 2)) >= 0;
    }
    if (len == 4 && v.charAt(from) == '0' && (v.charAt(from + 1) == 'x' || v.charAt(from + 1) == 'X')) {
      return Decoders.hexValue(v.charAt(from + 2)) >= 0 && Decoders.hexValue(v.charAt(from + 3)) >= 0;
    }
    return false;
  }

  private void run(ScanContext ctx, String v, int from, int to) {
    boolean hex = true;
    boolean b32 = true;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (Decoders.hexValue(c) < 0) {
        hex = false;
      }
      if (!(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7' || c == '=')) {
        b32 = false;
      }
    }
    if (hex && (to - from) % 2 == 0) {
      if (hex(ctx, v, from, to, "hex")) {
        return;
      }
    }
    if (b32) {
      String text = decoded(Decoders.base32(v, from, to));
      if (text != null) {
        ctx.reportInView("BASE32_PAYLOAD", from, to, 0.4);
        ctx.rescan(text, from, to, "base32");
        return;
      }
    }
    // a base64 run may carry leading/trailing '-' or '_' from surrounding prose
    String text = decoded(Decoders.base64(v, from, to));
    if (text == null && (to - from) % 4 != 0) {
      int trimmed = to - (to - from) % 4;
      text = decoded(Decoders.base64(v, from, trimmed));
    }
    if (text != null) {
      ctx.reportInView("BASE64_PAYLOAD", from, to, 0.4);
      ctx.rescan(text, from, to, "base64");
    }
  }

  private static boolean hex(ScanContext ctx, String v, int from, int to, String how) {
    String text = decoded(Decoders.hex(v, from, to));
    if (text == null) {
      return false;
    }
    ctx.reportInView("HEX_PAYLOAD", from, to, 0.4);
    ctx.rescan(text, from, to, how);
    return true;
  }

  private static void percent(ScanContext ctx, String v, int from, int to) {
    String text = Decoders.printableUtf8(Decoders.percent(v, from, to));
    if (text != null) {
      ctx.reportInView("PERCENT_ENCODED", from, to, 0.3);
      ctx.rescan(text, from, to, "percent");
    }
  }

  private static @Nullable String decoded(byte @Nullable [] bytes) {
    return bytes == null ? null : Decoders.printableUtf8(bytes);
  }
}
