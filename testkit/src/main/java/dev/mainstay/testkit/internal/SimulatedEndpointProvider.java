package dev.mainstay.testkit.internal;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointProvider;
import java.net.URI;

/**
 * The {@code simulated:} endpoint provider, registered in {@code
 * META-INF/services/dev.mainstay.core.EndpointProvider}. Endpoints opened by URI use the system
 * time source; use {@link dev.mainstay.testkit.SimulatedEndpoint#builderFromUri(String)} to add a
 * manual one.
 */
public final class SimulatedEndpointProvider implements EndpointProvider {

  /** Creates the provider (for {@link java.util.ServiceLoader}). */
  public SimulatedEndpointProvider() {}

  @Override
  public String scheme() {
    return SimulatedUri.SCHEME;
  }

  @Override
  public Endpoint open(URI uri) {
    return SimulatedUri.parse(uri).build();
  }

  @Override
  public String toString() {
    return "SimulatedEndpointProvider[simulated:]";
  }
}
