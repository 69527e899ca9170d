package dev.mainstay.core;

/** What a {@link ModelRequest} asks a model to do. */
public enum Operation {
  /** A conversation of {@link Message}s in, an assistant message out. */
  CHAT("chat"),
  /** A single prompt in, a continuation out. */
  COMPLETION("text_completion"),
  /** Texts in, one vector per text out. */
  EMBEDDING("embeddings"),
  /** A feature map in, scores or a class out (classic ML models). */
  PREDICT("predict");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The operation's name as the OpenTelemetry GenAI conventions spell it ({@code chat},
   * {@code text_completion}, {@code embeddings}); {@code predict} for {@link #PREDICT}.
   *
   * @return the lower-case wire name
   */
  public String wireName() {
    return wireName;
  }
}
