package dev.mainstay.security;

import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;

/**
 * What a {@link Scanner} sees of one text, and where it reports. Implemented by the guard; not
 * thread-safe (a context serves one scan on one thread).
 *
 * <p>A scanner sees the {@link #text() text} as received and a {@link #view() scan view}: the text
 * with invisible characters, combining marks and variation selectors removed, compatibility forms
 * (fullwidth, mathematical letters, ligatures) decomposed, diacritics stripped and common
 * confusable letters (Cyrillic, Greek, Armenian look-alikes) mapped to their Latin skeleton. Pure
 * ASCII text is its own view (the fast path).
 */
public interface ScanContext {

  /**
   * The text as received.
   *
   * @return the text
   */
  String text();

  /**
   * The normalised scan view of the text; identical to {@link #text()} for plain printable ASCII.
   *
   * @return the view
   */
  String view();

  /**
   * Whether the text is plain printable ASCII (tab, newline and carriage return allowed), so the
   * view is the text itself.
   *
   * @return true for plain ASCII
   */
  boolean plainAscii();

  /**
   * Maps an offset in the {@link #view()} to an offset in the {@link #text()}.
   *
   * @param viewOffset an offset in [0, view().length()]
   * @return the matching offset in the text
   */
  int toTextOffset(int viewOffset);

  /**
   * Which text of the request is being scanned.
   *
   * @return the index into {@code ModelRequest.texts()}, 0 for a standalone scan
   */
  int textIndex();

  /**
   * The request the text belongs to.
   *
   * @return the request, or null for a standalone text scan
   */
  @Nullable ModelRequest request();

  /**
   * How deep in decoded payloads this scan is: 0 for the text itself, 1 for a payload decoded from
   * it, and so on.
   *
   * @return the depth
   */
  int depth();

  /**
   * A per-scan value set by the guard (for example the canary token of the request).
   *
   * @param key the key
   * @return the value, or null
   */
  @Nullable String value(String key);

  /**
   * Reports a finding at text offsets.
   *
   * @param type an upper-case type code
   * @param start start offset in {@link #text()}
   * @param end end offset in {@link #text()}
   * @param score in [0, 1]
   */
  void report(String type, int start, int end, double score);

  /**
   * Reports a finding at view offsets; the guard maps them to text offsets.
   *
   * @param type an upper-case type code
   * @param viewStart start offset in {@link #view()}
   * @param viewEnd end offset in {@link #view()}
   * @param score in [0, 1]
   */
  void reportInView(String type, int viewStart, int viewEnd, double score);

  /**
   * Hands text decoded from {@code view()[viewStart, viewEnd)} (a base64 run, smuggled tag
   * characters, …) back to the guard, which runs the rescanning scanners over it. Findings in the
   * decoded text are reported at the span it came from. Bounded by the guard's depth and size
   * limits; returns false when a limit stopped it.
   *
   * @param decoded the decoded text
   * @param viewStart start of the encoded run in the view
   * @param viewEnd end of the encoded run in the view
   * @param via a short name of the encoding ({@code "base64"}, {@code "tag"}, …)
   * @return whether the decoded text was scanned
   */
  boolean rescan(String decoded, int viewStart, int viewEnd, String via);
}
