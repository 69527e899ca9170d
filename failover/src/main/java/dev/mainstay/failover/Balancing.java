package dev.mainstay.failover;

/**
 * How a route orders the endpoints of one priority tier. Whatever the strategy, endpoints in the
 * caller's region come before the tier's other endpoints, and unhealthy endpoints (breaker open,
 * cooling down, ejected) are skipped.
 */
public enum Balancing {
  /** Random order, each endpoint first with probability proportional to its weight. */
  WEIGHTED_RANDOM,
  /** The first endpoint rotates with every call. */
  ROUND_ROBIN,
  /** The endpoint with the fewest attempts in flight first; ties rotate. */
  LEAST_OUTSTANDING,
  /**
   * Latency-aware (Finagle's peak-EWMA): the lowest {@code peakEwmaLatency * (outstanding + 1)}
   * first. The latency estimate jumps to a slower sample at once and decays toward faster ones with
   * a configurable time constant.
   */
  PEAK_EWMA,
  /** The cheapest endpoint for the request first, by its prices per token; ties rotate. */
  COST
}
