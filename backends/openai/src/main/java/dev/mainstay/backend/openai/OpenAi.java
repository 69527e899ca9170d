package dev.mainstay.backend.openai;

import static java.util.Objects.requireNonNull;

import dev.mainstay.backend.openai.internal.OpenAiEndpoint;
import dev.mainstay.core.Endpoint;

/** Opens OpenAI-compatible endpoints. */
public final class OpenAi {
  private OpenAi() {}

  /**
   * Opens an endpoint. It owns an HTTP client (unless the config supplies one) that {@link
   * Endpoint#close()} releases.
   *
   * @param config the configuration
   * @return a thread-safe endpoint serving the configured operations
   */
  public static Endpoint open(OpenAiConfig config) {
    return new OpenAiEndpoint(requireNonNull(config, "config"));
  }
}
