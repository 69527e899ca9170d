package dev.mainstay.core;

/** Why the model stopped producing output. */
public enum FinishReason {
  /** A natural end or a stop sequence. */
  STOP("stop"),
  /** The token limit was reached: the answer is truncated. */
  LENGTH("length"),
  /** The provider's content policy stopped the answer. */
  CONTENT_FILTER("content_filter"),
  /** The model asked to call a tool. */
  TOOL_CALLS("tool_calls"),
  /** Not a generative answer (embeddings, predictions), or the endpoint did not say. */
  NONE("none");

  private final String wireName;

  FinishReason(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The reason as the OpenTelemetry GenAI conventions write it.
   *
   * @return the lower-case name
   */
  public String wireName() {
    return wireName;
  }
}
