package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.security.internal.BanListScanner;
import dev.mainstay.security.internal.CanaryScanner;
import dev.mainstay.security.internal.ConfusablesScanner;
import dev.mainstay.security.internal.EncodedScanner;
import dev.mainstay.security.internal.InjectionScanner;
import dev.mainstay.security.internal.LinkScanner;
import dev.mainstay.security.internal.PiiScanner;
import dev.mainstay.security.internal.RefusalScanner;
import dev.mainstay.security.internal.SecretScanner;
import dev.mainstay.security.internal.SizeScanner;
import dev.mainstay.security.internal.UnicodeScanner;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in scanners. Each is thread-safe, runs in linear time, never throws on any string, and
 * never keeps the text. Add them to an {@link InputGuard} or {@link OutputGuard} with an {@link
 * Action}.
 */
public final class Scanners {
  private Scanners() {}

  /**
   * Size limits over the whole request.
   *
   * @param maxChars most characters (positive)
   * @param maxBytes most UTF-8 bytes (positive)
   * @param maxTokens most approximate tokens for models without their own limit (positive)
   * @param maxTokensPerModel approximate token limits per model alias
   * @return the scanner (finding types {@code TOO_MANY_CHARS}, {@code TOO_MANY_BYTES}, {@code
   *     TOO_MANY_TOKENS})
   */
  public static Scanner size(long maxChars, long maxBytes, long maxTokens,
      Map<String, Long> maxTokensPerModel) {
    if (maxChars <= 0 || maxBytes <= 0 || maxTokens <= 0) {
      throw new IllegalArgumentException("size limits must be positive");
    }
    requireNonNull(maxTokensPerModel, "maxTokensPerModel");
    return new SizeScanner(maxChars, maxBytes, maxTokens, maxTokensPerModel);
  }

  /**
   * Size limits with defaults: 200,000 chars, 800,000 bytes, 128,000 approximate tokens.
   *
   * @return the scanner
   */
  public static Scanner size() {
    return size(200_000, 800_000, 128_000, Map.of());
  }

  /**
   * Unicode hygiene: controls, bidi controls, zero-width characters, variation-selector runs,
   * tag characters (decoded and rescanned) and lone surrogates; legitimate emoji sequences,
   * subdivision flags and joiners in RTL and Indic scripts pass. Redaction removes the characters.
   *
   * @return the scanner
   */
  public static Scanner unicode() {
    return new UnicodeScanner();
  }

  /**
   * Mixed-script words (Latin with Cyrillic, Greek, Armenian or Cherokee look-alikes).
   *
   * @return the scanner (types {@code MIXED_SCRIPT}, {@code CONFUSABLE_WORD})
   */
  public static Scanner confusables() {
    return new ConfusablesScanner();
  }

  /**
   * Encoded payloads: base64, base32, hex, percent-encoding and ROT13 runs that decode to text,
   * which is rescanned.
   *
   * @return the scanner
   */
  public static Scanner encoded() {
    return new EncodedScanner(16);
  }

  /**
   * Prompt-injection heuristics with a graded score.
   *
   * @return the scanner (types name the strongest category, for example {@code
   *     INSTRUCTION_OVERRIDE}, {@code PROMPT_EXTRACTION}, {@code CHAT_TEMPLATE})
   */
  public static Scanner injection() {
    return new InjectionScanner(null, 0);
  }

  /**
   * Prompt-injection heuristics combined with a model: the score is {@code 1 - (1 - heuristic) *
   * (1 - weight * model)}.
   *
   * @param classifier the model
   * @param weight how much the model counts, in [0, 1]
   * @return the scanner
   */
  public static Scanner injection(InjectionClassifier classifier, double weight) {
    requireNonNull(classifier, "classifier");
    if (!(weight >= 0 && weight <= 1)) {
      throw new IllegalArgumentException("weight must be in [0, 1], was " + weight);
    }
    return new InjectionScanner(classifier, weight);
  }

  /**
   * Credentials: provider keys and tokens, private keys, JWTs and high-entropy tokens.
   *
   * @return the scanner
   */
  public static Scanner secrets() {
    return new SecretScanner(true);
  }

  /**
   * Credentials in known formats only, without the high-entropy heuristic.
   *
   * @return the scanner
   */
  public static Scanner knownSecrets() {
    return new SecretScanner(false);
  }

  /**
   * Personal data: email, phone, payment card (Luhn), IBAN (mod-97), US SSN, IPv4.
   *
   * @return the scanner
   */
  public static Scanner pii() {
    return new PiiScanner();
  }

  /**
   * A ban list: phrases matched case-insensitively on word boundaries in the normalised view.
   *
   * @param name the scanner name
   * @param phrases the banned phrases
   * @return the scanner (type {@code BANNED_PHRASE})
   */
  public static Scanner banList(String name, List<String> phrases) {
    requireNonNull(name, "name");
    requireNonNull(phrases, "phrases");
    if (phrases.isEmpty()) {
      throw new IllegalArgumentException("a ban list needs at least one phrase");
    }
    return new BanListScanner(name, "BANNED_PHRASE", phrases);
  }

  /**
   * The canary-token detector for answers; the {@link OutputGuard} sets the token per request.
   *
   * @return the scanner (type {@code CANARY_LEAK})
   */
  public static Scanner canary() {
    return new CanaryScanner();
  }

  /**
   * Refusal detection in answers.
   *
   * @return the scanner (type {@code REFUSAL})
   */
  public static Scanner refusal() {
    return new RefusalScanner();
  }

  /**
   * Exfiltration links in answers: outside markdown images and links with long query values.
   *
   * @param allowedHosts hosts (and their subdomains) that may appear
   * @return the scanner (types {@code EXFILTRATION_IMAGE}, {@code EXFILTRATION_LINK})
   */
  public static Scanner links(Set<String> allowedHosts) {
    requireNonNull(allowedHosts, "allowedHosts");
    Set<String> lower = new java.util.HashSet<>();
    for (String h : allowedHosts) {
      lower.add(h.toLowerCase(Locale.ROOT));
    }
    return new LinkScanner(lower);
  }
}
