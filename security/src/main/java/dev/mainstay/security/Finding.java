package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

/**
 * Something a scanner found. A finding never holds the text it was found in: only where it is.
 *
 * @param scanner the name of the scanner that found it
 * @param type what was found, an upper-case code (for example {@code EMAIL}, {@code
 *     PROMPT_INJECTION}, {@code TAG_CHARACTERS})
 * @param textIndex which text of the request it is in (the index into {@code
 *     ModelRequest.texts()}), 0 for a single scanned text
 * @param start the offset of its first char in that text (inclusive)
 * @param end the offset after its last char (exclusive), at least {@code start}
 * @param score how sure or how severe, in [0, 1]
 * @param via how the text was unwrapped before the scanner saw it: {@code ""} for the text itself,
 *     otherwise a path such as {@code "base64"} or {@code "tag/rot13"}; offsets then cover the
 *     whole wrapped run
 */
public record Finding(
    String scanner, String type, int textIndex, int start, int end, double score, String via) {

  /** Validates the components. */
  public Finding {
    requireNonNull(scanner, "scanner");
    requireNonNull(type, "type");
    requireNonNull(via, "via");
    if (textIndex < 0 || start < 0 || end < start) {
      throw new IllegalArgumentException(
          "invalid finding position: text " + textIndex + " [" + start + ", " + end + ")");
    }
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
  }

  /**
   * The length of the finding in chars.
   *
   * @return {@code end - start}
   */
  public int length() {
    return end - start;
  }

  @Override
  public String toString() {
    return scanner + "/" + type + (via.isEmpty() ? "" : " via " + via) + " @" + textIndex + "["
        + start + "," + end + ") score=" + Math.round(score * 100) / 100.0;
  }
}
