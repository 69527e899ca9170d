package dev.mainstay.core;

/**
 * The entry point: {@code Mainstay.client("chat").route(...).with(...).build()}.
 *
 * <p>{@snippet :
 * ModelClient chat = Mainstay.client("chat")
 *     .route(Router.direct(Endpoints.open("simulated:chat?latency=fixed:5ms")))
 *     .timeout(Duration.ofSeconds(10))
 *     .build();
 * ModelResponse answer = chat.call(ModelRequest.chat("Hello").tenant("acme"));
 * }
 */
public final class Mainstay {
  private Mainstay() {}

  /**
   * Starts building a client.
   *
   * @param name a name of letters, digits, {@code .}, {@code _} or {@code -}; it appears in
   *     metrics, events and logs
   * @return a new builder
   */
  public static ClientBuilder client(String name) {
    return new ClientBuilder(name);
  }
}
