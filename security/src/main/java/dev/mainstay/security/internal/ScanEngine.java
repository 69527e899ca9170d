package dev.mainstay.security.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;
import dev.mainstay.security.Action;
import dev.mainstay.security.Finding;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Runs bound scanners over texts, rescans decoded payloads within depth and size bounds, decides
 * per finding, and redacts. Thread-safe: all per-scan state lives in {@link Outcome} and contexts.
 */
public final class ScanEngine {

  /**
   * A scanner with the action its findings trigger at or above a score threshold.
   *
   * @param scanner the scanner
   * @param action what its findings cause
   * @param threshold the least score that triggers the action; lower findings are ignored
   */
  public record Binding(Scanner scanner, Action action, double threshold) {
    /** Validates. */
    public Binding {
      requireNonNull(scanner, "scanner");
      requireNonNull(action, "action");
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
      }
    }
  }

  /** The result of scanning the texts of one request. */
  public static final class Outcome {
    /** Every finding that reached its threshold, in scan order. */
    public final List<Finding> findings = new ArrayList<>();
    /** The action of each finding (same order). */
    public final List<Action> actions = new ArrayList<>();
    /** The scanner binding of each finding (same order). */
    final List<Binding> bindings = new ArrayList<>();
    /** Whether any BLOCK finding was reported. */
    public boolean blocked;
    /** Whether scanning stops at the first BLOCK finding. */
    boolean stopOnBlock = true;
    /** Per text: the redacted text, or null when unchanged. */
    public final String[] redacted;

    Outcome(int texts) {
      redacted = new String[texts];
    }

    /**
     * The findings with one action.
     *
     * @param action the action
     * @return the findings
     */
    public List<Finding> with(Action action) {
      List<Finding> out = new ArrayList<>();
      for (int i = 0; i < findings.size(); i++) {
        if (actions.get(i) == action) {
          out.add(findings.get(i));
        }
      }
      return out;
    }

    /**
     * Whether any text was changed by redaction.
     *
     * @return true when redacted
     */
    public boolean anyRedacted() {
      for (String s : redacted) {
        if (s != null) {
          return true;
        }
      }
      return false;
    }
  }

  private final List<Binding> bindings;
  private final int maxDepth;
  private final int maxDecodedChars;

  /**
   * Creates an engine.
   *
   * @param bindings scanners in the order they run
   * @param maxDepth how many layers of decoding to follow
   * @param maxDecodedChars the most decoded chars rescanned per text
   */
  public ScanEngine(List<Binding> bindings, int maxDepth, int maxDecodedChars) {
    this.bindings = List.copyOf(bindings);
    this.maxDepth = maxDepth;
    this.maxDecodedChars = maxDecodedChars;
  }

  /**
   * The bindings.
   *
   * @return scanners in order
   */
  public List<Binding> bindings() {
    return bindings;
  }

  /**
   * Scans texts, stopping at the first blocking finding.
   *
   * @param texts the texts
   * @param request the request they belong to, or null
   * @param values per-scan values for scanners
   * @param placeholder replacement override for REDACT findings (for a vault), given the finding
   *     and the text it is in; null (or a null result) for the scanner's own replacement
   * @return the outcome
   */
  public Outcome scan(List<@Nullable String> texts, @Nullable ModelRequest request, Map<String, String> values,
      @Nullable BiFunction<Finding, String, @Nullable String> placeholder) {
    Outcome out = new Outcome(texts.size());
    for (int t = 0; t < texts.size(); t++) {
      String text = texts.get(t);
      if (text == null) {
        continue;
      }
      int from = out.findings.size();
      scanText(out, text, t, request, values);
      if (out.blocked) {
        break;
      }
      String next = redact(out, text, t, placeholder, from);
      // rescan the redacted text until no more redactions apply, so redaction is idempotent
      // (removing an invisible char can join the halves of a secret); findings of later rounds
      // carry offsets into the partly redacted text
      for (int round = 0; next != null && round < 3; round++) {
        out.redacted[t] = next;
        Outcome again = new Outcome(1);
        again.stopOnBlock = false;
        scanText(again, next, t, request, values);
        int before = out.findings.size();
        for (int i = 0; i < again.findings.size(); i++) {
          if (again.actions.get(i) == Action.REDACT) {
            out.findings.add(again.findings.get(i));
            out.actions.add(Action.REDACT);
            out.bindings.add(again.bindings.get(i));
          }
        }
        next = redact(out, next, t, placeholder, before);
      }
    }
    return out;
  }

  private void scanText(Outcome out, String text, int t, @Nullable ModelRequest request,
      Map<String, String> values) {
    TextView tv = TextView.of(text);
    Ctx root = new Ctx(this, out, text, tv, t, request, values, 0, -1, -1, "", new int[] {0});
    for (Binding b : bindings) {
      root.binding = b;
      runScanner(b, root);
      if (out.blocked && out.stopOnBlock) {
        return;
      }
    }
  }

  /**
   * Runs one scanner; a scanner that throws fails closed with a blocking {@code SCANNER_ERROR}
   * finding (its exception, which might quote the text, is dropped).
   */
  /** The most findings one scan may collect before the reporting scanner is failed closed. */
  static final int MAX_FINDINGS = 100_000;

  private static void runScanner(Binding b, Ctx ctx) {
    try {
      b.scanner().scan(ctx);
    } catch (RuntimeException | StackOverflowError e) {
      ctx.failed(b);
    }
  }

  private @Nullable String redact(Outcome out, String text, int t,
      @Nullable BiFunction<Finding, String, @Nullable String> placeholder, int from) {
    Outcome only = new Outcome(1);
    for (int i = from; i < out.findings.size(); i++) {
      Finding f = out.findings.get(i);
      if (f.textIndex() == t && out.actions.get(i) == Action.REDACT) {
        only.findings.add(f);
        only.actions.add(Action.REDACT);
        only.bindings.add(out.bindings.get(i));
      }
    }
    if (only.findings.isEmpty()) {
      return null;
    }
    String r = applyRedactions(only, text, t, placeholder);
    return r.equals(text) ? null : r;
  }

  /**
   * Applies the REDACT findings of one text; overlapping findings merge, the earliest (then
   * longest) finding's replacement wins, and a placeholder wins over a removal.
   */
  static String applyRedactions(Outcome o, String text, int t,
      @Nullable BiFunction<Finding, String, @Nullable String> placeholder) {
    List<int[]> idx = new ArrayList<>();
    for (int i = 0; i < o.findings.size(); i++) {
      Finding f = o.findings.get(i);
      if (f.textIndex() == t && o.actions.get(i) == Action.REDACT && f.end() <= text.length()) {
        idx.add(new int[] {i});
      }
    }
    idx.sort(Comparator.<int[]>comparingInt(a -> o.findings.get(a[0]).start())
        .thenComparingInt(a -> -o.findings.get(a[0]).end()));
    StringBuilder sb = new StringBuilder(text.length());
    int pos = 0;
    int k = 0;
    while (k < idx.size()) {
      int i = idx.get(k)[0];
      Finding f = o.findings.get(i);
      int start = Math.max(f.start(), pos);
      int end = f.end();
      String repl = replacement(o, i, placeholder, text);
      k++;
      while (k < idx.size() && o.findings.get(idx.get(k)[0]).start() < end) {
        int j = idx.get(k)[0];
        end = Math.max(end, o.findings.get(j).end());
        if (repl.isEmpty()) {
          repl = replacement(o, j, placeholder, text);
        }
        k++;
      }
      if (start >= end && f.start() < pos) {
        continue;
      }
      // never split a surrogate pair
      if (start > 0 && start < text.length() && Character.isLowSurrogate(text.charAt(start))
          && Character.isHighSurrogate(text.charAt(start - 1)) && start - 1 >= pos) {
        start--;
      }
      if (end < text.length() && Character.isLowSurrogate(text.charAt(end))
          && end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      sb.append(text, pos, start).append(repl);
      pos = end;
    }
    sb.append(text, pos, text.length());
    return sb.toString();
  }

  private static String replacement(Outcome o, int i,
      @Nullable BiFunction<Finding, String, @Nullable String> placeholder, String text) {
    Finding f = o.findings.get(i);
    if (placeholder != null) {
      String p = placeholder.apply(f, text);
      if (p != null) {
        return p;
      }
    }
    return o.bindings.get(i).scanner().replacement(f);
  }

  /**
   * The plain-ASCII bytes of a context's text, when the context is the engine's own and the text
   * is plain ASCII. A plain-ASCII text is its own view ({@link TextView#of}), so the bytes are
   * also the bytes of {@link ScanContext#view()}, char for char: callers need no further check.
   *
   * @param ctx a scan context
   * @return the bytes (one per char of both text and view), or null
   */
  static byte @Nullable [] asciiBytes(ScanContext ctx) {
    return ctx instanceof Ctx ? ((Ctx) ctx).asciiBytes() : null;
  }

  /** The scan context of one text or one decoded payload. */
  static final class Ctx implements ScanContext {
    private final ScanEngine engine;
    private final Outcome out;
    private final String text;
    private final TextView tv;
    private final int textIndex;
    private final @Nullable ModelRequest request;
    private final Map<String, String> values;
    private final int depth;
    private final int rootStart;
    private final int rootEnd;
    private final String via;
    private final int[] decodedBudget;
    @Nullable Binding binding;

    Ctx(ScanEngine engine, Outcome out, String text, TextView tv, int textIndex,
        @Nullable ModelRequest request, Map<String, String> values, int depth, int rootStart,
        int rootEnd, String via, int[] decodedBudget) {
      this.engine = engine;
      this.out = out;
      this.text = text;
      this.tv = tv;
      this.textIndex = textIndex;
      this.request = request;
      this.values = values;
      this.depth = depth;
      this.rootStart = rootStart;
      this.rootEnd = rootEnd;
      this.via = via;
      this.decodedBudget = decodedBudget;
    }

    @Override
    public String text() {
      return text;
    }

    @Override
    public String view() {
      return tv.view;
    }

    @Override
    public boolean plainAscii() {
      return tv.plainAscii;
    }

    /** The text as bytes when it is plain ASCII, made once per text and shared by scanners. */
    private byte @Nullable [] ascii;

    /**
     * The plain-ASCII text as one byte per char, for scanners' byte-oriented fast paths.
     *
     * @return the bytes, or null when the text is not plain ASCII
     */
    byte @Nullable [] asciiBytes() {
      if (!tv.plainAscii || tv.view != text) { // plain ASCII implies view == text (TextView.of)
        return null;
      }
      byte[] b = ascii;
      if (b == null) {
        b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ascii = b;
      }
      return b;
    }

    @Override
    public int toTextOffset(int viewOffset) {
      int[] m = tv.map;
      if (m == null) {
        return Math.max(0, Math.min(viewOffset, text.length()));
      }
      int v = Math.max(0, Math.min(viewOffset, tv.view.length()));
      return m[v];
    }

    @Override
    public int textIndex() {
      return textIndex;
    }

    @Override
    public @Nullable ModelRequest request() {
      return request;
    }

    @Override
    public int depth() {
      return depth;
    }

    @Override
    public @Nullable String value(String key) {
      return values.get(key);
    }

    @Override
    public void report(String type, int start, int end, double score) {
      Binding b = binding;
      if (b == null || !(score >= b.threshold())) {
        return;
      }
      if (out.findings.size() >= MAX_FINDINGS) {
        // A scanner that reports without bound is broken; fail it closed instead of exhausting
        // the heap (runScanner turns this into a blocking SCANNER_ERROR finding).
        throw new IllegalStateException("scanner reported more than " + MAX_FINDINGS + " findings");
      }
      int s;
      int e;
      if (rootStart >= 0) {
        s = rootStart;
        e = rootEnd;
      } else {
        s = Math.max(0, Math.min(start, text.length()));
        e = Math.max(s, Math.min(end, text.length()));
      }
      out.findings.add(new Finding(b.scanner().name(), type, textIndex, s, e,
          Math.max(0, Math.min(1, score)), via));
      out.actions.add(b.action());
      out.bindings.add(b);
      if (b.action() == Action.BLOCK) {
        out.blocked = true;
      }
    }

    void failed(Binding b) {
      out.findings.add(new Finding(b.scanner().name(), "SCANNER_ERROR", textIndex,
          rootStart >= 0 ? rootStart : 0, rootStart >= 0 ? rootEnd : text.length(), 1.0, via));
      out.actions.add(Action.BLOCK);
      out.bindings.add(b);
      out.blocked = true;
    }

    @Override
    public void reportInView(String type, int viewStart, int viewEnd, double score) {
      int s = toTextOffset(viewStart);
      int e = viewEnd >= tv.view.length() ? text.length() : toTextOffset(viewEnd);
      if (tv.map != null && viewEnd > viewStart && viewEnd < tv.view.length()) {
        // end at the char after the last mapped one
        e = Math.max(e, tv.map[viewEnd - 1] + 1);
      }
      report(type, s, Math.max(s, e), score);
    }

    @Override
    public boolean rescan(String decoded, int viewStart, int viewEnd, String how) {
      if (depth >= engine.maxDepth || out.blocked && out.stopOnBlock) {
        return false;
      }
      if (decodedBudget[0] + decoded.length() > engine.maxDecodedChars) {
        return false;
      }
      decodedBudget[0] += decoded.length();
      int s;
      int e;
      if (rootStart >= 0) {
        s = rootStart;
        e = rootEnd;
      } else {
        s = toTextOffset(viewStart);
        e = viewEnd >= tv.view.length() ? text.length() : toTextOffset(viewEnd);
        e = Math.max(s, e);
      }
      Ctx child = new Ctx(engine, out, decoded, TextView.of(decoded), textIndex, request, values,
          depth + 1, s, e, via.isEmpty() ? how : via + "/" + how, decodedBudget);
      Binding saved = binding;
      try {
        for (Binding b : engine.bindings) {
          if (b.scanner().rescansDecoded()) {
            child.binding = b;
            runScanner(b, child);
            if (out.blocked && out.stopOnBlock) {
              break;
            }
          }
        }
      } finally {
        binding = saved;
      }
      return true;
    }
  }
}
