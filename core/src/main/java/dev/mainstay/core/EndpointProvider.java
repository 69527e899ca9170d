package dev.mainstay.core;

import java.net.URI;

/**
 * The service-provider interface for backends, found with {@link java.util.ServiceLoader}. A
 * backend jar ships one implementation and lists it in {@code
 * META-INF/services/dev.mainstay.core.EndpointProvider}; {@link Endpoints#open(URI)} then picks it
 * by URI scheme.
 *
 * <p>Implementations need a public no-argument constructor and must be thread-safe.
 */
public interface EndpointProvider {

  /**
   * The URI scheme this provider opens, lower case ({@code openai}, {@code simulated}, …).
   *
   * @return the scheme
   */
  String scheme();

  /**
   * Opens an endpoint described by a URI of this provider's scheme.
   *
   * @param uri the endpoint URI
   * @return a new endpoint, owned by the caller
   * @throws IllegalArgumentException if the URI is not valid for this provider (the message names
   *     the bad part; it never contains secrets)
   */
  Endpoint open(URI uri);
}
