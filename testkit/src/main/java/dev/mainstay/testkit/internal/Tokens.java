package dev.mainstay.testkit.internal;

import dev.mainstay.core.Message;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Role;

/** Rough token arithmetic for simulated usage: about four characters per token. */
public final class Tokens {
  private Tokens() {}

  /**
   * Approximate tokens in a text: {@code ceil(chars / 4)}.
   *
   * @param text a text
   * @return the estimate, zero for empty text
   */
  public static long estimate(String text) {
    return (text.length() + 3L) / 4L;
  }

  /**
   * Approximate input tokens of a request: messages or embedding inputs; one per feature.
   *
   * @param request the request
   * @return the estimate
   */
  public static long input(ModelRequest request) {
    long sum = 0;
    for (Message m : request.messages()) {
      sum += estimate(m.text()) + 1; // a token for the role marker
    }
    for (String s : request.inputs()) {
      sum += estimate(s);
    }
    return sum + request.features().size();
  }

  /**
   * The text of the last user message, else of the last message, else empty.
   *
   * @param request the request
   * @return the text
   */
  public static String lastUserText(ModelRequest request) {
    for (int i = request.messages().size() - 1; i >= 0; i--) {
      Message m = request.messages().get(i);
      if (m.role() == Role.USER) {
        return m.text();
      }
    }
    return request.messages().isEmpty()
        ? ""
        : request.messages().get(request.messages().size() - 1).text();
  }
}
