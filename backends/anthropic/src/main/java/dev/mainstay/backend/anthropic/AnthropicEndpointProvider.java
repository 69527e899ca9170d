package dev.mainstay.backend.anthropic;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointProvider;
import java.net.URI;

/**
 * The {@code anthropic:} scheme for {@link dev.mainstay.core.Endpoints#open(URI)}, for example
 * {@code anthropic:https://api.anthropic.com/v1?model=claude-sonnet-4-5&apiKeyEnv=ANTHROPIC_API_KEY}.
 * See {@link AnthropicConfig#fromUri(URI)}.
 */
public final class AnthropicEndpointProvider implements EndpointProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public AnthropicEndpointProvider() {}

  @Override
  public String scheme() {
    return "anthropic";
  }

  @Override
  public Endpoint open(URI uri) {
    return Anthropic.open(AnthropicConfig.fromUri(uri));
  }
}
