package dev.mainstay.core;

import dev.mainstay.core.internal.DirectRoute;

/**
 * Builds the {@link Stage#ROUTE} terminal of a client: the part that picks endpoints and runs
 * attempts. {@code mainstay-failover} provides failover, balancing and hedging routers; {@link
 * #direct(Endpoint)} sends every call to one endpoint.
 *
 * <p>A router runs each attempt through {@link ClientContext#attempts()} on the chain from {@link
 * ClientContext#attemptChain}, so attempt decorators, timeouts, cancellation and attempt events
 * work the same under every router.
 */
@FunctionalInterface
public interface Router {

  /**
   * Builds the route for a client. Called once per built client.
   *
   * @param context the client being built
   * @return the terminal client; closing it closes the endpoints it owns
   */
  ModelClient build(ClientContext context);

  /**
   * A route to one endpoint: one attempt per call, bounded by the call's deadline.
   *
   * @param endpoint the endpoint
   * @return the router
   */
  static Router direct(Endpoint endpoint) {
    return new DirectRoute.Factory(java.util.Objects.requireNonNull(endpoint, "endpoint"));
  }
}
