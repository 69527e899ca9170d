package dev.mainstay.failover;

/**
 * Entry point for routes over several endpoints.
 *
 * <pre>{@code
 * ModelClient chat = Mainstay.client("chat")
 *     .route(Route.failover()
 *         .tier(primaryEu, primaryUs)
 *         .tier(selfHosted)
 *         .localRegion("eu-west-1")
 *         .hedgeAfter(Duration.ofMillis(800))
 *         .retries(3))
 *     .with(ResponseValidators.nonEmpty())
 *     .build();
 * }</pre>
 */
public final class Route {
  private Route() {}

  /**
   * Starts a failover route: ordered priority tiers, balancing within a tier, retries, hedging and
   * per-endpoint protection. The returned builder is itself the {@link dev.mainstay.core.Router}
   * to pass to {@link dev.mainstay.core.ClientBuilder#route}.
   *
   * @return a new route builder
   */
  public static FailoverRouter failover() {
    return new FailoverRouter();
  }
}
