package dev.mainstay.security;

/**
 * A check over one text: the extension point for custom scanners. A scanner reports {@link
 * Finding}s through the {@link ScanContext}; the guard it is added to decides with the scanner's
 * {@link Action} what happens to them.
 *
 * <p>Implementations must be thread-safe, must not throw on any input (lone surrogates and
 * control characters included), must run in time linear in the text's length, and must not keep
 * or log the text.
 */
public interface Scanner {

  /**
   * A short, stable name used in findings, events and exception messages.
   *
   * @return the name
   */
  String name();

  /**
   * Scans one text.
   *
   * @param context the text, its scan view, and where to report
   */
  void scan(ScanContext context);

  /**
   * Whether this scanner also runs over payloads other scanners decode (base64, smuggled tag
   * characters, ROT13, …). Content scanners (injection, ban lists) say yes.
   *
   * @return true to rescan decoded payloads; false by default
   */
  default boolean rescansDecoded() {
    return false;
  }

  /**
   * What replaces a finding when its scanner's action is {@link Action#REDACT}.
   *
   * @param finding the finding
   * @return the replacement; by default the typed placeholder {@code [TYPE]}
   */
  default String replacement(Finding finding) {
    return "[" + finding.type() + "]";
  }
}
