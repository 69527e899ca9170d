package dev.mainstay.core;

/**
 * Tokens a call consumed.
 *
 * @param inputTokens tokens in the prompt, zero or more
 * @param outputTokens tokens in the answer, zero or more
 */
public record Usage(long inputTokens, long outputTokens) {

  /** No usage reported. */
  public static final Usage NONE = new Usage(0, 0);

  /** Validates the components. */
  public Usage {
    if (inputTokens < 0) {
      throw new IllegalArgumentException("inputTokens must be >= 0, was " + inputTokens);
    }
    if (outputTokens < 0) {
      throw new IllegalArgumentException("outputTokens must be >= 0, was " + outputTokens);
    }
  }

  /**
   * The sum of input and output tokens.
   *
   * @return total tokens
   */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
