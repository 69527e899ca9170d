package dev.mainstay.core;

/**
 * Where a {@link CallDecorator} sits in a client's chain. The library owns the order: whatever
 * order decorators are added in, the built chain nests them outermost first as listed here, so
 * for example a cache never stores an answer the output guard would have rejected and a breaker
 * never counts retries.
 */
public enum Stage {
  /** One span and one set of metrics per logical call; sees cache hits and rejections. */
  OBSERVE,
  /** Who may call which model and operation; quotas and budgets. */
  ACCESS,
  /** Scanners block, redact or flag; everything inside sees the sanitised request. */
  INPUT_GUARD,
  /** Exact or semantic hits return here; single-flight; stale-if-error. */
  CACHE,
  /** Redacts or rejects model output before it is cached or returned. */
  OUTPUT_GUARD,
  /** Client-wide rate and concurrency limits protecting upstream quotas. */
  LIMIT,
  /** The terminal: picks endpoints, retries, fails over, hedges. Set with a {@link Router}. */
  ROUTE
}
