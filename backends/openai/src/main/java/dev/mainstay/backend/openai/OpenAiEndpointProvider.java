package dev.mainstay.backend.openai;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointProvider;
import java.net.URI;

/**
 * The {@code openai:} scheme for {@link dev.mainstay.core.Endpoints#open(URI)}, for example {@code
 * openai:http://localhost:8000/v1?model=meta-llama/Llama-3.1-8B-Instruct&id=vllm-local}. See {@link
 * OpenAiConfig#fromUri(URI)} for the parameters.
 */
public final class OpenAiEndpointProvider implements EndpointProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public OpenAiEndpointProvider() {}

  @Override
  public String scheme() {
    return "openai";
  }

  @Override
  public Endpoint open(URI uri) {
    return OpenAi.open(OpenAiConfig.fromUri(uri));
  }
}
