package dev.mainstay.failover.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;
import dev.mainstay.failover.Backoff;
import dev.mainstay.failover.Balancing;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A snapshot of a failover route's settings, validated by the public builder.
 *
 * @param tiers endpoints by priority tier, first tier first
 * @param balancing the order within a tier
 * @param peakEwmaDecay the peak-EWMA time constant
 * @param localRegion the default caller region, or null
 * @param regionAttribute the request attribute naming the caller's region
 * @param maxAttempts the attempt budget per call (hedges included)
 * @param backoff the backoff before retrying an endpoint already tried
 * @param attemptTimeout each attempt's own timeout, or null
 * @param defaultCooldown the cooldown after a 429 without Retry-After
 * @param failoverOnContentFiltered whether CONTENT_FILTERED fails over
 * @param hedgeDelay the fixed hedge delay, or null when not fixed
 * @param hedgeQuantile the adaptive hedge quantile, or 0 when not adaptive
 * @param hedgeInitialDelay the adaptive delay used until enough samples exist, or null
 * @param maxHedges the largest number of hedges per call
 * @param hedgeBudgetRatio the largest ratio of hedges to calls over the window
 * @param hedgeBudgetMin hedges always allowed per window on top of the ratio
 * @param hedgeBudgetWindow the budget's sliding window
 * @param breaker the circuit breaker configuration, or null for no breaker
 * @param bulkhead the bulkhead configuration, or null for none
 * @param rateLimiter the per-endpoint rate limiter configuration, or null for none
 * @param ejectAfter consecutive failures before outlier ejection, 0 for off
 * @param ejectionTime how long an endpoint ejected for the first time stays out (the base)
 * @param maxEjectionTime the cap of the growing ejection time of an endpoint ejected repeatedly
 * @param probeRequest the active health probe, or null when probing is off
 * @param probeInterval the probe interval
 * @param probeTimeout the probe timeout
 * @param random the random source, or null for {@code ThreadLocalRandom}
 */
public record RouteConfig(
    List<List<Endpoint>> tiers,
    Balancing balancing,
    Duration peakEwmaDecay,
    @Nullable String localRegion,
    String regionAttribute,
    int maxAttempts,
    Backoff backoff,
    @Nullable Duration attemptTimeout,
    Duration defaultCooldown,
    boolean failoverOnContentFiltered,
    @Nullable Duration hedgeDelay,
    double hedgeQuantile,
    @Nullable Duration hedgeInitialDelay,
    int maxHedges,
    double hedgeBudgetRatio,
    int hedgeBudgetMin,
    Duration hedgeBudgetWindow,
    @Nullable CircuitBreakerConfig breaker,
    @Nullable BulkheadConfig bulkhead,
    @Nullable RateLimiterConfig rateLimiter,
    int ejectAfter,
    Duration ejectionTime,
    Duration maxEjectionTime,
    @Nullable ModelRequest probeRequest,
    Duration probeInterval,
    Duration probeTimeout,
    @Nullable RandomGenerator random) {

  /** Copies the tiers. */
  public RouteConfig {
    List<List<Endpoint>> copy = new ArrayList<>();
    for (List<Endpoint> t : requireNonNull(tiers, "tiers")) {
      copy.add(List.copyOf(t));
    }
    tiers = List.copyOf(copy);
    requireNonNull(balancing, "balancing");
    requireNonNull(backoff, "backoff");
  }

  /**
   * Whether hedging is on.
   *
   * @return true for a fixed or adaptive hedge delay
   */
  public boolean hedging() {
    return maxHedges > 0 && (hedgeDelay != null || hedgeQuantile > 0);
  }
}
