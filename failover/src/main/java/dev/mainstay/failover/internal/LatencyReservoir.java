package dev.mainstay.failover.internal;

import java.util.Arrays;

/**
 * The last {@code capacity} successful attempt latencies of a route, with a quantile recomputed
 * every {@code size / 32} samples (at most every {@code capacity / 32}; amortised O(log n) per
 * sample; reads are a volatile load). Thread-safe.
 */
final class LatencyReservoir {
  private final long[] ring;
  private final int minSamples;
  private final double quantile;
  private final int recomputeEvery;
  private int next; // guarded by this
  private int size; // guarded by this
  private int sinceRecompute; // guarded by this
  private volatile long cached = -1;

  LatencyReservoir(int capacity, int minSamples, double quantile) {
    this.ring = new long[capacity];
    this.minSamples = minSamples;
    this.quantile = quantile;
    this.recomputeEvery = Math.max(1, capacity / 32);
  }

  synchronized void record(long nanos) {
    ring[next] = nanos;
    next = (next + 1) % ring.length;
    if (size < ring.length) {
      size++;
    }
    if (size >= minSamples && (++sinceRecompute >= Math.min(recomputeEvery, Math.max(1, size / 32)) || cached < 0)) {
      sinceRecompute = 0;
      long[] copy = Arrays.copyOf(ring, size);
      Arrays.sort(copy);
      int idx = (int) Math.ceil(quantile * size) - 1;
      cached = copy[Math.max(0, Math.min(size - 1, idx))];
    }
  }

  /** The quantile in nanoseconds, or -1 while fewer than {@code minSamples} were recorded. */
  long quantileNanos() {
    return cached;
  }
}
