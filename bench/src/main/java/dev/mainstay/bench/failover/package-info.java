/**
 * Benchmarks of {@code mainstay-failover}: the JMH route overhead against a bare Resilience4j
 * breaker-plus-retry decoration, and the real-time outage and heavy-tail scenarios.
 */
package dev.mainstay.bench.failover;
