package dev.mainstay.security.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An Aho–Corasick automaton over a reduced, case-folded ASCII alphabet, compiled to a dense DFA.
 * Matching is one table lookup per input character (linear time, no backtracking, no allocation
 * except for reported hits).
 *
 * <p>Letters are case-folded; every run of whitespace counts as one space (so {@code "ignore
 * \n previous"} matches the pattern {@code "ignore previous"}); characters outside the pattern
 * alphabet (including all non-ASCII characters) reset the automaton. A pattern ending in {@code
 * '*'} is a prefix (no word boundary needed at its end); otherwise a pattern that starts or ends
 * with a letter or digit must sit on word boundaries.
 */
public final class AhoCorasick {

  /** Receives matches. */
  public interface HitSink {
    /**
     * Called for each match in order of its end position.
     *
     * @param pattern the pattern index
     * @param start start offset in the input (inclusive)
     * @param end end offset in the input (exclusive)
     * @return false to stop matching
     */
    boolean hit(int pattern, int start, int end);
  }

  private static final int OTHER = 0;
  private static final int SPACE = 1;

  private final byte[] classOf = new byte[128];
  private final int alphabet;
  private final char[] delta;
  private final int[][] out;
  private final int[] length;
  private final boolean[] leftBoundary;
  private final boolean[] rightBoundary;
  private final int size;

  private AhoCorasick(List<String> patterns) {
    // alphabet: 0 = other, 1 = whitespace, then every distinct folded char used by the patterns
    int next = 2;
    List<String> folded = new ArrayList<>();
    length = new int[patterns.size()];
    leftBoundary = new boolean[patterns.size()];
    rightBoundary = new boolean[patterns.size()];
    for (int i = 0; i < patterns.size(); i++) {
      String p = patterns.get(i).toLowerCase(Locale.ROOT);
      boolean prefix = p.endsWith("*");
      if (prefix) {
        p = p.substring(0, p.length() - 1);
      }
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        if (c >= 128) {
          throw new IllegalArgumentException("patterns must be ASCII");
        }
        if (Character.isWhitespace(c)) {
          if (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
            continue;
          }
          c = ' ';
        } else if (classOf[c] == 0) {
          if (next > 127) {
            throw new IllegalArgumentException("too many distinct pattern characters");
          }
          classOf[c] = (byte) next++;
          if (c >= 'a' && c <= 'z') {
            classOf[c - 32] = classOf[c];
          }
        }
        sb.append(c);
      }
      if (sb.length() > 64) {
        throw new IllegalArgumentException("patterns are at most 64 characters");
      }
      folded.add(sb.toString());
      leftBoundary[i] = Character.isLetterOrDigit(sb.charAt(0));
      rightBoundary[i] = !prefix && Character.isLetterOrDigit(sb.charAt(sb.length() - 1));
    }
    classOf[' '] = SPACE;
    classOf['\t'] = SPACE;
    classOf['\n'] = SPACE;
    classOf['\r'] = SPACE;
    classOf[0x0B] = SPACE;
    classOf['\f'] = SPACE;
    alphabet = next;

    // trie
    List<int[]> go = new ArrayList<>();
    List<List<Integer>> outs = new ArrayList<>();
    go.add(newRow());
    outs.add(new ArrayList<>());
    for (int i = 0; i < folded.size(); i++) {
      String p = folded.get(i);
      int s = 0;
      for (int k = 0; k < p.length(); k++) {
        int c = p.charAt(k) == ' ' ? SPACE : classOf[p.charAt(k)];
        if (go.get(s)[c] < 0) {
          go.get(s)[c] = go.size();
          go.add(newRow());
          outs.add(new ArrayList<>());
        }
        s = go.get(s)[c];
      }
      outs.get(s).add(i);
      length[i] = p.length();
    }
    size = go.size();
    if (size >= Character.MAX_VALUE) {
      throw new IllegalArgumentException("too many patterns");
    }
    int[] fail = new int[size];
    delta = new char[size * alphabet];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < alphabet; c++) {
      int t = go.get(0)[c];
      if (t < 0 || c == OTHER) {
        delta[c] = 0;
      } else {
        delta[c] = (char) t;
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      outs.get(s).addAll(outs.get(fail[s]));
      for (int c = 0; c < alphabet; c++) {
        int t = go.get(s)[c];
        if (c == OTHER) {
          delta[s * alphabet + c] = 0;
        } else if (t < 0) {
          delta[s * alphabet + c] = delta[fail[s] * alphabet + c];
        } else {
          delta[s * alphabet + c] = (char) t;
          fail[t] = delta[fail[s] * alphabet + c];
          queue.add(t);
        }
      }
    }
    out = new int[size][];
    for (int s = 0; s < size; s++) {
      List<Integer> o = outs.get(s);
      if (!o.isEmpty()) {
        out[s] = o.stream().distinct().mapToInt(Integer::intValue).toArray();
      }
    }
  }

  private int[] newRow() {
    int[] row = new int[128];
    Arrays.fill(row, -1);
    return row;
  }

  /**
   * Compiles patterns.
   *
   * @param patterns ASCII patterns (see the class comment for boundaries and prefixes)
   * @return the automaton
   */
  public static AhoCorasick compile(List<String> patterns) {
    return new AhoCorasick(List.copyOf(patterns));
  }

  /**
   * The number of DFA states.
   *
   * @return states
   */
  public int states() {
    return size;
  }

  /** A growable buffer of hits: pattern, start, end triples. */
  public static final class Hits {
    int[] data = new int[3 * 64];
    int size;
    final int max;

    /**
     * Creates a buffer.
     *
     * @param max the most hits kept; matching stops there
     */
    public Hits(int max) {
      this.max = max;
    }

    /**
     * The number of hits.
     *
     * @return the count
     */
    public int size() {
      return size;
    }

    /**
     * The pattern of a hit.
     *
     * @param i hit index
     * @return its pattern
     */
    public int pattern(int i) {
      return data[3 * i];
    }

    /**
     * The start offset of a hit.
     *
     * @param i hit index
     * @return its start offset
     */
    public int start(int i) {
      return data[3 * i + 1];
    }

    /**
     * The end offset of a hit.
     *
     * @param i hit index
     * @return its end offset
     */
    public int end(int i) {
      return data[3 * i + 2];
    }

    boolean add(int p, int s, int e) {
      if (3 * size + 3 > data.length) {
        data = java.util.Arrays.copyOf(data, data.length * 2);
      }
      data[3 * size] = p;
      data[3 * size + 1] = s;
      data[3 * size + 2] = e;
      size++;
      return size < max;
    }
  }

  /**
   * Collects the matches in {@code text[from, to)} into a buffer (monomorphic fast path).
   *
   * @param text the input
   * @param from first index
   * @param to end index (exclusive)
   * @param hits the buffer
   */
  public void collect(CharSequence text, int from, int to, Hits hits) {
    final byte[] cls = classOf;
    final char[] d = delta;
    final int a = alphabet;
    final int[][] outs = out;
    int s = 0;
    boolean lastSpace = false;
    int[] ring = new int[64];
    int steps = 0;
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      int c = ch < 128 ? cls[ch] : OTHER;
      if (c == SPACE) {
        if (lastSpace) {
          continue;
        }
        lastSpace = true;
      } else {
        lastSpace = false;
      }
      ring[steps & 63] = i;
      steps++;
      s = d[s * a + c];
      int[] o = outs[s];
      if (o != null) {
        for (int p : o) {
          int len = length[p];
          int start = len <= steps ? ring[(steps - len) & 63] : Math.max(from, i + 1 - len);
          int end = i + 1;
          if (leftBoundary[p] && start > 0 && isWord(text.charAt(start - 1))) {
            continue;
          }
          if (rightBoundary[p] && end < text.length() && isWord(text.charAt(end))) {
            continue;
          }
          if (!hits.add(p, start, end)) {
            return;
          }
        }
      }
    }
  }

  /**
   * Runs the automaton over {@code text[from, to)}.
   *
   * @param text the input
   * @param from first index
   * @param to end index (exclusive)
   * @param sink receives matches that satisfy their boundary rules
   */
  public void match(CharSequence text, int from, int to, HitSink sink) {
    final byte[] cls = classOf;
    final char[] d = delta;
    final int a = alphabet;
    int s = 0;
    boolean lastSpace = false;
    // start index of the current match window is recovered from pattern length, accounting for
    // collapsed whitespace: we keep a small ring of input positions per automaton step.
    int[] ring = new int[64];
    int steps = 0;
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      int c = ch < 128 ? cls[ch] : OTHER;
      if (c == SPACE) {
        if (lastSpace) {
          continue;
        }
        lastSpace = true;
      } else {
        lastSpace = false;
      }
      ring[steps & 63] = i;
      steps++;
      s = d[s * a + c];
      int[] o = out[s];
      if (o != null) {
        for (int p : o) {
          int len = length[p];
          int start = len <= 64 && len <= steps ? ring[(steps - len) & 63] : Math.max(from, i + 1 - len);
          int end = i + 1;
          if (leftBoundary[p] && start > 0 && isWord(text.charAt(start - 1))) {
            continue;
          }
          if (rightBoundary[p] && end < text.length() && isWord(text.charAt(end))) {
            continue;
          }
          if (!sink.hit(p, start, end)) {
            return;
          }
        }
      }
    }
  }

  private static boolean isWord(char c) {
    return c < 128 ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        : Character.isLetterOrDigit(c);
  }
}
