package dev.mainstay.core;

/** Who wrote a {@link Message}. */
public enum Role {
  /** Instructions from the application. */
  SYSTEM,
  /** The end user's words. */
  USER,
  /** The model's words. */
  ASSISTANT,
  /** Output of a tool the model called. */
  TOOL
}
