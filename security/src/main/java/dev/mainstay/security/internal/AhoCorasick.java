package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
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
  /** Row stride of {@link #delta} as a shift: rows are padded to a power of two. */
  private final int shift;
  private final char[] delta;
  /** The outputs of state s are {@code outList[outFrom[s] .. outFrom[s + 1])} (flat, cache-dense). */
  private final int[] outFrom;
  private final int[] outList;
  /** ASCII letters and digits. */
  private static final boolean[] WORD = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      WORD[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
  }
  /** States numbered from here on have outputs (accepting states are numbered last). */
  private final int firstAccepting;
  private final int[] length;
  /** The longest folded pattern. */
  private final int maxLength;
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
    // the automaton before renumbering: rows of alphabet entries per trie state
    int[] raw = new int[size * alphabet];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    List<Integer> bfs = new ArrayList<>(size);
    bfs.add(0);
    for (int c = 0; c < alphabet; c++) {
      int t = go.get(0)[c];
      if (t < 0 || c == OTHER) {
        raw[c] = 0;
      } else {
        raw[c] = t;
        fail[t] = 0;
        queue.add(t);
      }
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      bfs.add(s);
      outs.get(s).addAll(outs.get(fail[s]));
      for (int c = 0; c < alphabet; c++) {
        int t = go.get(s)[c];
        if (c == OTHER) {
          raw[s * alphabet + c] = 0;
        } else if (t < 0) {
          raw[s * alphabet + c] = raw[fail[s] * alphabet + c];
        } else {
          raw[s * alphabet + c] = t;
          fail[t] = raw[fail[s] * alphabet + c];
          queue.add(t);
        }
      }
    }
    // Whitespace runs count as one space: a state entered on a space stays there on more
    // whitespace, so the matching loop needs no run tracking of its own (no pattern holds two
    // spaces in a row after folding).
    for (int s = 0; s < size; s++) {
      int t = raw[s * alphabet + SPACE];
      if (t != 0) {
        raw[t * alphabet + SPACE] = t;
      }
    }
    // Renumber: shallow states first (the hot rows sit together), accepting states last, so
    // "has output" is one comparison with the state number.
    int[] order = new int[size];
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int s : bfs) {
        if (outs.get(s).isEmpty() == (pass == 0)) {
          order[k++] = s;
        }
      }
    }
    int[] renumber = new int[size];
    for (int i = 0; i < size; i++) {
      renumber[order[i]] = i;
    }
    int accepting = size;
    shift = 32 - Integer.numberOfLeadingZeros(alphabet - 1);
    delta = new char[size << shift];
    int[][] out = new int[size][];
    for (int i = 0; i < size; i++) {
      int s = order[i];
      for (int c = 0; c < alphabet; c++) {
        delta[(i << shift) + c] = (char) renumber[raw[s * alphabet + c]];
      }
      List<Integer> o = outs.get(s);
      if (!o.isEmpty()) {
        accepting = Math.min(accepting, i);
        out[i] = o.stream().distinct().mapToInt(Integer::intValue).toArray();
      }
    }
    firstAccepting = accepting;
    int longest = 0;
    for (int len : length) {
      longest = Math.max(longest, len);
    }
    maxLength = longest;
    outFrom = new int[size + 1];
    int total = 0;
    for (int i = 0; i < size; i++) {
      outFrom[i] = total;
      total += out[i] == null ? 0 : out[i].length;
    }
    outFrom[size] = total;
    outList = new int[total];
    for (int i = 0; i < size; i++) {
      if (out[i] != null) {
        System.arraycopy(out[i], 0, outList, outFrom[i], out[i].length);
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

    private @Nullable Hits spare;

    /** Empties the buffer for reuse. */
    public void clear() {
      size = 0;
    }

    /** A second, emptied buffer with the same limit, kept for reuse. */
    Hits spare() {
      Hits h = spare;
      if (h == null) {
        h = new Hits(max);
        spare = h;
      }
      h.size = 0;
      return h;
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
   * Collects the matches in {@code text[from, to)} into a buffer.
   *
   * @param text the input
   * @param from first index
   * @param to end index (exclusive)
   * @param hits the buffer
   */
  public void collect(String text, int from, int to, Hits hits) {
    match(text, from, to, hits::add);
  }

  /**
   * Collects the matches in a plain-ASCII text given as its bytes (one per char): the same
   * matches as {@link #collect(String, int, int, Hits)} on the text, without per-char string
   * access.
   *
   * @param text the text
   * @param bytes the text's chars as bytes, all below 128
   * @param hits the buffer
   */
  public void collect(String text, byte[] bytes, Hits hits) {
    final int n = bytes.length;
    if (n < TWO_WALKS) {
      walk(text, bytes, hits);
      return;
    }
    // Two walks interleaved in one loop, over the first and the second half: each step waits
    // for its table load, so two independent chains of loads run about twice as fast. The
    // second walk starts early enough to have consumed the longest pattern by the split, so its
    // state there is the one a single walk would have; its hits come after the first's, in order.
    final int split = n >>> 1;
    int warm = split;
    for (int consumed = 0; warm > 0 && consumed <= maxLength; ) {
      warm--;
      if (!(isSpace((char) bytes[warm]) && warm > 0 && isSpace((char) bytes[warm - 1]))) {
        consumed++;
      }
    }
    Hits second = hits.spare();
    final byte[] cls = classOf;
    final char[] d = delta;
    final int sh = shift;
    final int accept = firstAccepting;
    int a = 0;
    int b = 0;
    int i = 0;
    int j = warm;
    boolean aLive = true;
    boolean bLive = true;
    for (; i < split && j < n; i++, j++) {
      int ca = bytes[i];
      int cb = bytes[j];
      int pa = a;
      int pb = b;
      a = d[(a << sh) + cls[ca & 0x7F]];
      b = d[(b << sh) + cls[cb & 0x7F]];
      if (a >= accept && aLive && !(a == pa && isSpace((char) ca))) {
        aLive = report(text, bytes, a, i, hits);
      }
      if (b >= accept && bLive && j >= split && !(b == pb && isSpace((char) cb))) {
        bLive = report(text, bytes, b, j, second);
      }
    }
    if (!aLive) {
      return; // the first walk filled the buffer: a single walk would have stopped there too
    }
    for (; i < split; i++) {
      int ca = bytes[i];
      int pa = a;
      a = d[(a << sh) + cls[ca & 0x7F]];
      if (a >= accept && !(a == pa && isSpace((char) ca)) && !report(text, bytes, a, i, hits)) {
        return;
      }
    }
    for (; j < n && bLive; j++) {
      int cb = bytes[j];
      int pb = b;
      b = d[(b << sh) + cls[cb & 0x7F]];
      if (b >= accept && j >= split && !(b == pb && isSpace((char) cb))) {
        bLive = report(text, bytes, b, j, second);
      }
    }
    for (int k = 0; k < second.size; k++) {
      if (!hits.add(second.pattern(k), second.start(k), second.end(k))) {
        return;
      }
    }
  }

  /** Inputs at least this long are matched with two interleaved walks. */
  private static final int TWO_WALKS = 256;

  /** One walk over all of {@code bytes} from the start state, reporting every hit. */
  private void walk(String text, byte[] bytes, Hits hits) {
    final byte[] cls = classOf;
    final char[] d = delta;
    final int sh = shift;
    final int accept = firstAccepting;
    int s = 0;
    for (int i = 0, n = bytes.length; i < n; i++) {
      int ch = bytes[i];
      int prev = s;
      s = d[(s << sh) + cls[ch & 0x7F]];
      if (s >= accept && !(s == prev && isSpace((char) ch)) && !report(text, bytes, s, i, hits)) {
        return;
      }
    }
  }

  /** Reports the outputs of accepting state s at index i; false when the buffer is full. */
  private boolean report(String text, byte[] bytes, int s, int i, Hits hits) {
    // a word char next rules out every pattern that must end on a word boundary
    boolean wordNext = i + 1 < bytes.length && WORD[bytes[i + 1]];
    for (int k = outFrom[s], kEnd = outFrom[s + 1]; k < kEnd; k++) {
      int p = outList[k];
      if (wordNext && rightBoundary[p]) {
        continue;
      }
      int start = start(text, 0, i, length[p]);
      if (leftBoundary[p] && start > 0 && WORD[bytes[start - 1]]) {
        continue;
      }
      if (!hits.add(p, start, i + 1)) {
        return false;
      }
    }
    return true;
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
    final int sh = shift;
    final int accept = firstAccepting;
    int s = 0;
    for (int i = from; i < to; i++) {
      char ch = text.charAt(i);
      int prev = s;
      s = d[(s << sh) + (ch < 128 ? cls[ch] : OTHER)];
      if (s >= accept && !(s == prev && isSpace(ch))) {
        for (int k = outFrom[s], kEnd = outFrom[s + 1]; k < kEnd; k++) {
          int p = outList[k];
          int end = i + 1;
          int start = start(text, from, i, length[p]);
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

  /**
   * The start of a match of {@code len} automaton steps that ends at {@code last}: walks back
   * over the consumed chars, where the second and later chars of a whitespace run were not
   * consumed (they count as one space).
   */
  private int start(CharSequence text, int from, int last, int len) {
    int pos = last;
    for (int k = len - 1; k > 0; ) {
      if (pos <= from) {
        return from;
      }
      pos--;
      if (!(isSpace(text.charAt(pos)) && pos > from && isSpace(text.charAt(pos - 1)))) {
        k--;
      }
    }
    return pos;
  }

  private boolean isSpace(char c) {
    return c < 128 && classOf[c] == SPACE;
  }

  private static boolean isWord(char c) {
    return c < 128 ? WORD[c] : Character.isLetterOrDigit(c);
  }
}
