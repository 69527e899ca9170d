package dev.mainstay.samples;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.Endpoints;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.time.Duration;

/** The README's quick start, compiled and run by {@code QuickStartTest} so it cannot rot. */
public final class QuickStart {
  private QuickStart() {}

  /**
   * Builds a client, calls it once, and returns the answer.
   *
   * @return the answer
   */
  public static ModelResponse run() {
    // region quickstart
    Endpoint primary = Endpoints.open("simulated:chat?id=primary&latency=fixed:5ms");
    try (ModelClient chat = Mainstay.client("chat")
        .endpoint(primary)
        .timeout(Duration.ofSeconds(10))
        .build()) {
      System.out.println(chat); // ModelClient[chat: Direct[primary]]
      ModelResponse answer = chat.call(ModelRequest.chat("Summarise this claim: ...").tenant("acme"));
      System.out.println(answer.text() + " (from " + answer.endpointId() + ")");
      return answer;
    }
    // endregion quickstart
  }

  /**
   * Runs the quick start.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run();
  }
}
