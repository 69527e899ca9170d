package dev.mainstay.backend.anthropic;

import static java.util.Objects.requireNonNull;

import dev.mainstay.backend.anthropic.internal.AnthropicEndpoint;
import dev.mainstay.core.Endpoint;

/** Opens Anthropic Messages API endpoints. */
public final class Anthropic {
  private Anthropic() {}

  /**
   * Opens an endpoint; {@link Endpoint#close()} releases its HTTP client.
   *
   * @param config the configuration
   * @return a thread-safe endpoint serving CHAT and COMPLETION
   */
  public static Endpoint open(AnthropicConfig config) {
    return new AnthropicEndpoint(requireNonNull(config, "config"));
  }
}
