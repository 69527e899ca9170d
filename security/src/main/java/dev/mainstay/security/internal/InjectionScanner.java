package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.security.InjectionClassifier;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;
import java.util.List;

/**
 * Prompt-injection heuristics with a graded score. One Aho–Corasick pass over the scan view finds
 * keyword hits; sequence rules (a verb, then a qualifier, then an object, each within a gap) run
 * over the hits in order; a second linear pass measures token flooding and delimiter runs. Each
 * category's score is the noisy-OR of its signals, and the text's score the noisy-OR of the
 * categories, optionally combined with an {@link InjectionClassifier}. No regular expressions
 * touch the input, so run time is linear in its length whatever it holds.
 */
public final class InjectionScanner implements Scanner {
  private static final InjectionRules RULES = new InjectionRules();
  private static final AhoCorasick AUTOMATON = AhoCorasick.compile(RULES.patterns);
  private static final int[] GROUP;
  private static final double[] WEIGHT;
  private static final int[] CATEGORY;
  private static final int[][] CHAIN_GROUPS;
  private static final int[][] CHAIN_GAPS;
  private static final int[] CHAIN_CATEGORY;
  private static final double[] CHAIN_WEIGHT;
  private static final int ROLEPFX = InjectionRules.group("ROLEPFX");
  private static final int MAX_HITS = 8192;
  /** Per group: the chain steps it can advance, as chain << 8 | step, last steps first. */
  private static final int[][] STEPS_OF_GROUP;
  /** Per chain: where its steps start in the flattened step array. */
  private static final int[] CHAIN_OFFSET;
  /** The number of chain steps over all chains. */
  private static final int CHAIN_STEPS;

  static {
    int n = RULES.patterns.size();
    GROUP = new int[n];
    WEIGHT = new double[n];
    CATEGORY = new int[n];
    for (int i = 0; i < n; i++) {
      GROUP[i] = RULES.groupOf.get(i);
      WEIGHT[i] = RULES.weightOf.get(i);
      CATEGORY[i] = RULES.categoryOf.get(i);
    }
    Object[][] chains = InjectionRules.CHAINS;
    CHAIN_GROUPS = new int[chains.length][];
    CHAIN_GAPS = new int[chains.length][];
    CHAIN_CATEGORY = new int[chains.length];
    CHAIN_WEIGHT = new double[chains.length];
    for (int r = 0; r < chains.length; r++) {
      Object[] c = chains[r];
      CHAIN_CATEGORY[r] = (Integer) c[0];
      CHAIN_WEIGHT[r] = (Double) c[1];
      int steps = (c.length - 2) / 2;
      CHAIN_GROUPS[r] = new int[steps];
      CHAIN_GAPS[r] = new int[steps];
      for (int k = 0; k < steps; k++) {
        CHAIN_GROUPS[r][k] = InjectionRules.group((String) c[2 + 2 * k]);
        CHAIN_GAPS[r][k] = (Integer) c[3 + 2 * k];
      }
    }
    CHAIN_OFFSET = new int[CHAIN_GROUPS.length];
    int total = 0;
    for (int r = 0; r < CHAIN_GROUPS.length; r++) {
      CHAIN_OFFSET[r] = total;
      total += CHAIN_GROUPS[r].length;
    }
    CHAIN_STEPS = total;
    STEPS_OF_GROUP = new int[InjectionRules.GROUPS.length][];
    for (int g = 0; g < STEPS_OF_GROUP.length; g++) {
      List<Integer> steps = new java.util.ArrayList<>();
      for (int r = 0; r < CHAIN_GROUPS.length; r++) {
        for (int k = CHAIN_GROUPS[r].length - 1; k >= 0; k--) {
          if (CHAIN_GROUPS[r][k] == g) {
            steps.add(r << 8 | k);
          }
        }
      }
      STEPS_OF_GROUP[g] = steps.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static final int F_SPACE = 1;
  private static final int F_ALNUM = 2;
  private static final int F_NUMERIC = 4;
  private static final int F_OTHER = 8;
  /** ASCII classes for the flood pass: space, letter or digit, numeric ([0-9.,-]), other. */
  private static final byte[] FLOOD_CLASS = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      int k = F_OTHER;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        k = F_SPACE;
      } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        k = F_ALNUM;
      } else if (c >= '0' && c <= '9') {
        k = F_ALNUM | F_NUMERIC;
      } else if (c == '.' || c == ',' || c == '-') {
        k = F_OTHER | F_NUMERIC;
      }
      FLOOD_CLASS[c] = (byte) k;
    }
  }

  private final @Nullable InjectionClassifier classifier;
  private final double classifierWeight;

  /**
   * Creates the scanner.
   *
   * @param classifier an optional model score to combine, or null
   * @param classifierWeight how much the classifier's score counts, in [0, 1]
   */
  public InjectionScanner(@Nullable InjectionClassifier classifier, double classifierWeight) {
    this.classifier = classifier;
    this.classifierWeight = classifierWeight;
  }

  @Override
  public String name() {
    return "injection";
  }

  @Override
  public boolean rescansDecoded() {
    return true;
  }

  /** The number of keyword patterns (for documentation and tests). */
  static int patternCount() {
    return RULES.patterns.size();
  }

  @Override
  public void scan(ScanContext ctx) {
    Result r = score(ctx.view(), ScanEngine.asciiBytes(ctx));
    double score = r.score;
    int top = r.topCategory;
    if (classifier != null) {
      double c = classifier.score(ctx.view());
      if (!(c >= 0 && c <= 1)) {
        c = 0; // a broken classifier must not break the guard; the heuristics still count
      }
      double combined = 1 - (1 - score) * (1 - classifierWeight * c);
      if (classifierWeight * c > score) {
        top = -1;
      }
      score = combined;
    }
    if (score > 0) {
      String type = top < 0 ? "CLASSIFIER" : InjectionRules.CATEGORIES[top];
      int start = top < 0 ? 0 : r.start[top];
      int end = top < 0 ? ctx.view().length() : r.end[top];
      ctx.reportInView(type, start, Math.max(start, end), score);
    }
  }

  /** Score details for one text. */
  static final class Result {
    final double[] category = new double[InjectionRules.CATEGORIES.length];
    final int[] start = new int[InjectionRules.CATEGORIES.length];
    final int[] end = new int[InjectionRules.CATEGORIES.length];
    double score;
    int topCategory = -1;

    void add(int cat, double weight, int s, int e) {
      if (weight <= 0) {
        return;
      }
      if (category[cat] == 0) {
        start[cat] = s;
        end[cat] = e;
      } else {
        start[cat] = Math.min(start[cat], s);
        end[cat] = Math.max(end[cat], e);
      }
      category[cat] = 1 - (1 - category[cat]) * (1 - weight);
    }
  }

  /**
   * Scores a view, with its bytes when it is plain ASCII (the fast path).
   *
   * @param v the scan view
   * @param ascii the view's chars as bytes when it is plain ASCII, else null
   * @return the result
   */
  static Result score(String v, byte @Nullable [] ascii) {
    // the scoring calls out to nothing (the classifier runs after it), so it is never re-entered
    // on a thread and one scratch per thread is enough
    return score(v, ascii, SCRATCH.get());
  }

  /** Per-thread working memory of {@link #score}, reused so a scan allocates almost nothing. */
  private static final class Scratch {
    final long[] seen = new long[(GROUP.length + 63) >>> 6];
    /** Per chain step, the end of its latest hit (flattened, see {@link #CHAIN_OFFSET}). */
    final int[] last = new int[CHAIN_STEPS];
    final int[] chainStart = new int[CHAIN_GROUPS.length];
    final boolean[] fired = new boolean[CHAIN_GROUPS.length];
    final AhoCorasick.Hits hits = new AhoCorasick.Hits(MAX_HITS);
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static Result score(String v, byte @Nullable [] ascii, Scratch sc) {
    Result r = new Result();
    long[] seen = sc.seen;
    java.util.Arrays.fill(seen, 0L);
    int[] last = sc.last;
    java.util.Arrays.fill(last, Integer.MIN_VALUE);
    int[] chainStart = sc.chainStart;
    boolean[] fired = sc.fired;
    java.util.Arrays.fill(fired, false);
    AhoCorasick.Hits buf = sc.hits;
    buf.clear();
    if (ascii != null) {
      AUTOMATON.collect(v, ascii, buf);
    } else {
      AUTOMATON.collect(v, 0, v.length(), buf);
    }
    int hitCount = buf.size();
    for (int h = 0; h < hitCount; h++) {
      int p = buf.pattern(h);
      int s = buf.start(h);
      int e = buf.end(h);
      int g = GROUP[p];
      if (g == ROLEPFX) {
        if (atLineStart(v, s)) {
          r.add(CATEGORY[p], rolePrefixWeight(v, s), s, e);
        }
      } else if ((seen[p >>> 6] & 1L << p) == 0) {
        seen[p >>> 6] |= 1L << p;
        r.add(CATEGORY[p], WEIGHT[p], s, e);
      }
      for (int packed : STEPS_OF_GROUP[g]) {
        int k = packed >>> 8;
        int step = packed & 0xFF;
        int[] gs = CHAIN_GROUPS[k];
        int base = CHAIN_OFFSET[k];
        if (step == 0) {
          last[base] = e;
          chainStartMark(chainStart, k, last, base, gs.length, s);
        } else if (last[base + step - 1] != Integer.MIN_VALUE && s >= last[base + step - 1] - 1
            && s - last[base + step - 1] <= Math.abs(CHAIN_GAPS[k][step])
            && (CHAIN_GAPS[k][step] >= 0 || plainGap(v, last[base + step - 1], s))) {
          last[base + step] = e;
          if (step == gs.length - 1 && !fired[k]) {
            fired[k] = true;
            r.add(CHAIN_CATEGORY[k], CHAIN_WEIGHT[k], Math.min(chainStart[k], s), e);
          }
        }
      }
    }
    if (ascii != null) {
      floods(ascii, r);
    } else {
      floods(v, r);
    }
    double total = 0;
    double best = 0;
    for (int c = 0; c < r.category.length; c++) {
      double w = Math.min(0.97, r.category[c]);
      total = 1 - (1 - total) * (1 - w);
      if (w > best) {
        best = w;
        r.topCategory = c;
      }
    }
    r.score = total;
    return r;
  }

  private static boolean plainGap(String v, int from, int to) {
    for (int i = Math.max(0, from); i < to; i++) {
      char c = v.charAt(i);
      if (c != ' ' && c != ':' && c != '\n' && c != '\t') {
        return false;
      }
    }
    return true;
  }

  private static void chainStartMark(int[] chainStart, int k, int[] last, int base, int steps,
      int s) {
    // a new first step restarts the chain: later steps must follow this hit
    chainStart[k] = s;
    for (int i = base + 1; i < base + steps; i++) {
      if (last[i] != Integer.MIN_VALUE && last[i] < s) {
        last[i] = Integer.MIN_VALUE;
      }
    }
  }

  private static boolean atLineStart(String v, int s) {
    int i = s - 1;
    while (i >= 0 && (v.charAt(i) == ' ' || v.charAt(i) == '\t' || v.charAt(i) == '*'
        || v.charAt(i) == '#' || v.charAt(i) == '>' || v.charAt(i) == '-')) {
      i--;
    }
    return i < 0 || v.charAt(i) == '\n' || v.charAt(i) == '\r' || v.charAt(i) == ']'
        || v.charAt(i) == '"' || v.charAt(i) == '}';
  }

  private static double rolePrefixWeight(String v, int s) {
    char c = Character.toLowerCase(v.charAt(s));
    // system:, sys:, admin:, root:, operator:, developer:, dan: weigh more than user:/ai:/model:
    switch (c) {
      case 's':
      case 'r':
      case 'o':
        return 0.3;
      case 'a':
        return v.regionMatches(true, s, "admin", 0, 5) ? 0.4 : v.regionMatches(true, s, "assistant", 0, 9) ? 0.3 : 0.2;
      case 'd':
        return 0.35;
      case 'h':
        return 0.3;
      default:
        return 0.2;
    }
  }

  /**
   * Token flooding (the same token repeated many times in a row) and long runs of one punctuation
   * char (fake section breaks). One pass; each char is compared at most twice.
   */
  private static void floods(String v, Result r) {
    final byte[] cls = FLOOD_CLASS;
    int n = v.length();
    int prevStart = -1;
    int prevLen = 0;
    int repeats = 0;
    int bestRepeats = 0;
    int floodEnd = 0;
    int i = 0;
    int punctRun = 0;
    char punct = 0;
    int bestPunct = 0;
    int punctEnd = 0;
    while (i < n) {
      char c = v.charAt(i);
      if (c < 128 && cls[c] == F_SPACE) {
        i++;
        punctRun = 0;
        continue;
      }
      int s = i;
      boolean numeric = true;
      while (i < n) {
        char d = v.charAt(i);
        int k = d < 128 ? cls[d] : Character.isLetterOrDigit(d) ? F_ALNUM : F_OTHER;
        if (k == F_SPACE) {
          break;
        }
        numeric &= (k & F_NUMERIC) != 0;
        if ((k & F_ALNUM) != 0) {
          punct = 0;
          punctRun = 0;
        } else if (d == punct) {
          punctRun++;
          if (punctRun > bestPunct) {
            bestPunct = punctRun;
            punctEnd = i + 1;
          }
        } else {
          punct = d;
          punctRun = 1;
        }
        i++;
      }
      int len = i - s;
      if (numeric) {
        repeats = 0;
        prevStart = -1;
        continue;
      }
      if (prevStart >= 0 && len == prevLen && v.regionMatches(prevStart, v, s, len)) {
        repeats++;
        if (repeats > bestRepeats) {
          bestRepeats = repeats;
          floodEnd = i;
        }
      } else {
        repeats = 0;
      }
      prevStart = s;
      prevLen = len;
    }
    floodSignals(r, bestRepeats, floodEnd, bestPunct, punctEnd);
  }

  /** Same as {@link #floods(String, Result)} over a plain-ASCII view given as bytes. */
  private static void floods(byte[] v, Result r) {
    final byte[] cls = FLOOD_CLASS;
    int n = v.length;
    int prevStart = -1;
    int prevLen = 0;
    int repeats = 0;
    int bestRepeats = 0;
    int floodEnd = 0;
    int i = 0;
    int punctRun = 0;
    char punct = 0;
    int bestPunct = 0;
    int punctEnd = 0;
    while (i < n) {
      int c = v[i];
      if (cls[c] == F_SPACE) {
        i++;
        punctRun = 0;
        continue;
      }
      int s = i;
      boolean numeric = true;
      while (i < n) {
        char d = (char) v[i];
        int k = cls[d];
        if (k == F_SPACE) {
          break;
        }
        numeric &= (k & F_NUMERIC) != 0;
        if ((k & F_ALNUM) != 0) {
          punct = 0;
          punctRun = 0;
        } else if (d == punct) {
          punctRun++;
          if (punctRun > bestPunct) {
            bestPunct = punctRun;
            punctEnd = i + 1;
          }
        } else {
          punct = d;
          punctRun = 1;
        }
        i++;
      }
      int len = i - s;
      if (numeric) {
        repeats = 0;
        prevStart = -1;
        continue;
      }
      if (prevStart >= 0 && len == prevLen && java.util.Arrays.equals(v, prevStart, prevStart + len, v, s, s + len)) {
        repeats++;
        if (repeats > bestRepeats) {
          bestRepeats = repeats;
          floodEnd = i;
        }
      } else {
        repeats = 0;
      }
      prevStart = s;
      prevLen = len;
    }
    floodSignals(r, bestRepeats, floodEnd, bestPunct, punctEnd);
  }

  private static void floodSignals(Result r, int bestRepeats, int floodEnd, int bestPunct,
      int punctEnd) {
    if (bestRepeats >= 24) {
      r.add(InjectionRules.OBFUSCATION, 0.45, Math.max(0, floodEnd - 1), floodEnd);
    } else if (bestRepeats >= 12) {
      r.add(InjectionRules.OBFUSCATION, 0.3, Math.max(0, floodEnd - 1), floodEnd);
    }
    if (bestPunct >= 40) {
      r.add(InjectionRules.DELIMITER, 0.2, Math.max(0, punctEnd - bestPunct), punctEnd);
    }
  }

  /**
   * The keyword patterns, for tests.
   *
   * @return the patterns
   */
  static List<String> patterns() {
    return RULES.patterns;
  }
}
