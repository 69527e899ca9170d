package dev.mainstay.observability;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;

/**
 * How calls and attempts are named and described. Implement the methods you want to change; every
 * method has the default the GenAI semantic conventions ask for. Implementations must be
 * thread-safe, fast, and must never return prompt or answer text.
 */
public interface ModelCallObservationConvention {

  /** The defaults. */
  ModelCallObservationConvention DEFAULT = new ModelCallObservationConvention() {};

  /**
   * The name of a call's span: {@code {gen_ai.operation.name} {gen_ai.request.model}}.
   *
   * @param request the request the {@code OBSERVE} stage sees
   * @return a low-cardinality span name
   */
  default String callSpanName(ModelRequest request) {
    return request.operation().wireName() + ' ' + request.model();
  }

  /**
   * The name of an attempt's span: {@code attempt {endpoint id}}.
   *
   * @param endpoint the endpoint the attempt goes to
   * @return a low-cardinality span name
   */
  default String attemptSpanName(EndpointInfo endpoint) {
    return "attempt " + endpoint.id();
  }

  /**
   * The {@code gen_ai.provider.name} of an endpoint. The default is the endpoint's {@link
   * EndpointInfo#provider() provider}, which Mainstay's backends already spell as the conventions
   * do ({@code openai}, {@code anthropic}, …).
   *
   * @param endpoint the endpoint
   * @return the provider name, not blank
   */
  default String providerName(EndpointInfo endpoint) {
    return endpoint.provider().isBlank() ? "unknown" : endpoint.provider();
  }

  /**
   * The server an endpoint talks to, for {@code server.address} / {@code server.port}. {@link
   * EndpointInfo} carries no address, so the default is none; override it to map endpoint ids to
   * hosts.
   *
   * @param endpoint the endpoint
   * @return the address, or null when unknown (the attributes are then left out)
   */
  default @Nullable ServerAddress serverAddress(EndpointInfo endpoint) {
    return null;
  }
}
