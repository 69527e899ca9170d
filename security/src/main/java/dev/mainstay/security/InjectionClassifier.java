package dev.mainstay.security;

/**
 * A model that scores how likely a text is a prompt injection or jailbreak (for example an ONNX
 * classifier), combined with the built-in heuristics by {@link Scanners#injection(InjectionClassifier,
 * double)}. Implementations must be thread-safe and must not keep or log the text.
 */
@FunctionalInterface
public interface InjectionClassifier {

  /**
   * Scores a text.
   *
   * @param text the normalised scan view of the text
   * @return the probability of an injection, in [0, 1]
   */
  double score(String text);
}
