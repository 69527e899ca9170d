package dev.mainstay.observability.internal;

import dev.mainstay.core.FinishReason;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import java.util.Locale;

/**
 * Prompt and answer content as the GenAI conventions' message JSON ({@code
 * gen_ai.input.messages} / {@code gen_ai.output.messages}). Only used when content capture is on.
 */
final class ContentJson {
  private ContentJson() {}

  /**
   * The request's messages, or its embedding inputs as user messages.
   *
   * @return JSON, or null when the request carries no text (predictions)
   */
  static @dev.mainstay.core.Nullable String input(ModelRequest request) {
    if (request.operation() == Operation.PREDICT) {
      return null;
    }
    StringBuilder sb = new StringBuilder(64 + (int) Math.min(request.inputChars(), 1 << 20)).append('[');
    boolean first = true;
    if (!request.messages().isEmpty()) {
      for (Message m : request.messages()) {
        first = message(sb, first, m.role().name().toLowerCase(Locale.ROOT), m.text(), null);
      }
    } else {
      for (String s : request.inputs()) {
        first = message(sb, first, "user", s, null);
      }
    }
    return sb.append(']').toString();
  }

  /** One assistant message with the answer's text and finish reason. */
  static String output(String text, FinishReason finish) {
    StringBuilder sb = new StringBuilder(64 + text.length()).append('[');
    message(sb, true, "assistant", text, finish == FinishReason.NONE ? null : finish.wireName());
    return sb.append(']').toString();
  }

  private static boolean message(
      StringBuilder sb, boolean first, String role, String text, @dev.mainstay.core.Nullable String finish) {
    if (!first) {
      sb.append(',');
    }
    sb.append("{\"role\":");
    string(sb, role);
    sb.append(",\"parts\":[{\"type\":\"text\",\"content\":");
    string(sb, text);
    sb.append("}]");
    if (finish != null) {
      sb.append(",\"finish_reason\":");
      string(sb, finish);
    }
    sb.append('}');
    return false;
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
