/**
 * The scenario runner: N concurrent callers drive any {@link dev.mainstay.core.ModelClient} for a
 * duration or a call count, in real time, and the result reports throughput, latency percentiles,
 * successes and errors by kind, overall and per time window.
 */
package dev.mainstay.bench.scenario;
