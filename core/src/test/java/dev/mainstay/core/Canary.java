package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;

/** Canary strings: prompt and answer text that must never show up in logs, messages or events. */
final class Canary {
  static final String PROMPT = "CANARY-prompt-7f3a9c-do-not-log";
  static final String ANSWER = "CANARY-answer-51be02-do-not-log";

  private Canary() {}

  static void assertNoCanary(Object... shown) {
    for (Object o : shown) {
      assertThat(String.valueOf(o))
          .doesNotContain(PROMPT)
          .doesNotContain(ANSWER)
          .doesNotContain("7f3a9c")
          .doesNotContain("51be02");
    }
  }
}
