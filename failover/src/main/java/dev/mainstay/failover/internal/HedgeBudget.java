package dev.mainstay.failover.internal;

import dev.mainstay.core.TimeSource;

/**
 * Bounds hedges to a fraction of calls over a sliding window (ten buckets), so hedging cannot
 * multiply the load during an incident: a hedge is allowed while {@code hedges + 1 <= ratio *
 * calls + minPerWindow} over the window. Thread-safe.
 */
final class HedgeBudget {
  private static final int BUCKETS = 10;

  private final TimeSource ts;
  private final double ratio;
  private final int minPerWindow;
  private final long bucketNanos;
  private final long[] calls = new long[BUCKETS];
  private final long[] hedges = new long[BUCKETS];
  private long currentBucket; // guarded by this; absolute bucket index

  HedgeBudget(TimeSource ts, double ratio, int minPerWindow, long windowNanos) {
    this.ts = ts;
    this.ratio = ratio;
    this.minPerWindow = minPerWindow;
    this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    this.currentBucket = Math.floorDiv(ts.nanoTime(), bucketNanos);
  }

  synchronized void recordCall() {
    roll();
    calls[(int) Math.floorMod(currentBucket, (long) BUCKETS)]++;
  }

  synchronized boolean tryAcquire() {
    roll();
    long c = 0;
    long h = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c += calls[i];
      h += hedges[i];
    }
    if (h + 1 > ratio * c + minPerWindow) {
      return false;
    }
    hedges[(int) Math.floorMod(currentBucket, (long) BUCKETS)]++;
    return true;
  }

  synchronized void refund() {
    int i = (int) Math.floorMod(currentBucket, (long) BUCKETS);
    if (hedges[i] > 0) {
      hedges[i]--;
    }
  }

  private void roll() {
    long bucket = Math.floorDiv(ts.nanoTime(), bucketNanos);
    if (bucket <= currentBucket) {
      return;
    }
    long steps = Math.min(BUCKETS, bucket - currentBucket);
    for (long s = 1; s <= steps; s++) {
      int i = (int) Math.floorMod(currentBucket + s, (long) BUCKETS);
      calls[i] = 0;
      hedges[i] = 0;
    }
    currentBucket = bucket;
  }
}
