package dev.mainstay.cache;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ModelResponse;

/**
 * One stored answer with the times that govern it, all read on the cache's {@link
 * dev.mainstay.core.TimeSource#nanoTime()}.
 *
 * @param response the answer as the model chain returned it (facts as of the original call)
 * @param storedAtNanos when it was stored
 * @param freshNanos how long after {@code storedAtNanos} it is fresh (its time to live); positive
 * @param retainNanos how long after {@code storedAtNanos} a store must keep it at most: the time to
 *     live plus the staleness window; at least {@code freshNanos}
 * @param weightBytes the estimated size of the answer in bytes; positive
 */
public record CachedResponse(
    ModelResponse response, long storedAtNanos, long freshNanos, long retainNanos, int weightBytes) {

  /** Validates the components. */
  public CachedResponse {
    requireNonNull(response, "response");
    if (freshNanos <= 0) {
      throw new IllegalArgumentException("freshNanos must be positive, was " + freshNanos);
    }
    if (retainNanos < freshNanos) {
      throw new IllegalArgumentException("retainNanos must be >= freshNanos");
    }
    if (weightBytes <= 0) {
      throw new IllegalArgumentException("weightBytes must be positive, was " + weightBytes);
    }
  }

  /**
   * How long ago the answer was stored.
   *
   * @param nowNanos the current tick
   * @return the age in nanoseconds, never negative
   */
  public long ageNanos(long nowNanos) {
    return Math.max(0, nowNanos - storedAtNanos);
  }

  /**
   * Whether the answer is still within its time to live.
   *
   * @param nowNanos the current tick
   * @return true while fresh
   */
  public boolean fresh(long nowNanos) {
    return ageNanos(nowNanos) < freshNanos;
  }

  /**
   * Whether the answer has expired but is still within its staleness window.
   *
   * @param nowNanos the current tick
   * @return true while stale but retained
   */
  public boolean staleServable(long nowNanos) {
    long age = ageNanos(nowNanos);
    return age >= freshNanos && age < retainNanos;
  }
}
