package dev.mainstay.security.internal;

import dev.mainstay.core.ModelRequest;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;
import java.util.List;
import java.util.Map;

/**
 * Limits the size of the input: characters and UTF-8 bytes per text and for the whole request, and
 * an approximate token count per model (ASCII counts four chars a token, every other char a
 * token; a deliberate over-estimate for non-Latin text).
 */
public final class SizeScanner implements Scanner {
  private final long maxChars;
  private final long maxBytes;
  private final long maxTokens;
  private final Map<String, Long> maxTokensPerModel;

  /**
   * Creates the scanner.
   *
   * @param maxChars most chars over the request
   * @param maxBytes most UTF-8 bytes over the request
   * @param maxTokens most approximate tokens when the model has no own limit
   * @param maxTokensPerModel token limits per model alias
   */
  public SizeScanner(long maxChars, long maxBytes, long maxTokens, Map<String, Long> maxTokensPerModel) {
    this.maxChars = maxChars;
    this.maxBytes = maxBytes;
    this.maxTokens = maxTokens;
    this.maxTokensPerModel = Map.copyOf(maxTokensPerModel);
  }

  @Override
  public String name() {
    return "size";
  }

  @Override
  public void scan(ScanContext context) {
    if (context.depth() > 0) {
      return;
    }
    ModelRequest request = context.request();
    // the whole request is checked once, on its first text; a standalone text is checked alone
    if (request != null && context.textIndex() > 0) {
      return;
    }
    long chars = 0;
    long bytes = 0;
    long tokens = 0;
    String own = context.text();
    for (String t : request == null ? List.of(own) : request.texts()) {
      chars += t.length();
      if (t == own && context.plainAscii()) {
        bytes += t.length(); // one byte per ASCII char, no need to look at them again
        tokens += (t.length() + 3) / 4;
      } else {
        long[] bt = measure(t);
        bytes += bt[0];
        tokens += bt[1];
      }
    }
    int end = context.text().length();
    if (chars > maxChars) {
      context.report("TOO_MANY_CHARS", 0, end, 1.0);
    } else if (bytes > maxBytes) {
      context.report("TOO_MANY_BYTES", 0, end, 1.0);
    } else {
      long limit = request == null ? maxTokens
          : maxTokensPerModel.getOrDefault(request.model(), maxTokens);
      if (tokens > limit) {
        context.report("TOO_MANY_TOKENS", 0, end, 1.0);
      }
    }
  }

  /** UTF-8 bytes and approximate tokens of a text. */
  static long[] measure(String s) {
    long bytes = 0;
    long ascii = 0;
    long other = 0;
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
        ascii++;
      } else if (c < 0x800) {
        bytes += 2;
        other++;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        other++;
        i++;
      } else {
        bytes += 3;
        other++;
      }
    }
    return new long[] {bytes, (ascii + 3) / 4 + other};
  }
}
