/**
 * Routes over redundant endpoints: ordered priority tiers with failover and fail-back, balancing
 * within a tier (weighted random, round-robin, least-outstanding, peak-EWMA, cost), region
 * preference, retries with jittered backoff under one attempt budget, hedging with a budget,
 * per-endpoint Resilience4j circuit breakers, bulkheads and rate limiters, outlier ejection, active
 * health probes, response validators, and the client-wide {@code LIMIT} stage.
 *
 * <p>Start with {@link dev.mainstay.failover.Route#failover()}. Types in {@code
 * dev.mainstay.failover.internal} are implementation details and not API.
 */
package dev.mainstay.failover;
