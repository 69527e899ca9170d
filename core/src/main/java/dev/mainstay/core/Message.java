package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

/**
 * One message of a conversation.
 *
 * <p>{@link #toString()} shows the role and the length, never the text, so a message can be logged
 * without leaking a prompt.
 *
 * @param role who wrote it
 * @param text what was written; may be empty, never null
 */
public record Message(Role role, String text) {

  /** Validates the components. */
  public Message {
    requireNonNull(role, "role");
    requireNonNull(text, "text");
  }

  /**
   * A system message.
   *
   * @param text the instructions
   * @return the message
   */
  public static Message system(String text) {
    return new Message(Role.SYSTEM, text);
  }

  /**
   * A user message.
   *
   * @param text the user's words
   * @return the message
   */
  public static Message user(String text) {
    return new Message(Role.USER, text);
  }

  /**
   * An assistant message.
   *
   * @param text the model's words
   * @return the message
   */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, text);
  }

  /**
   * A copy of this message with other text and the same role.
   *
   * @param newText the replacement text
   * @return a new message
   */
  public Message withText(String newText) {
    return new Message(role, newText);
  }

  @Override
  public String toString() {
    return "Message[role=" + role + ", chars=" + text.length() + "]";
  }
}
