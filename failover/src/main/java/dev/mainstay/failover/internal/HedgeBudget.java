package dev.mainstay.failover.internal;

import dev.mainstay.core.TimeSource;

/**
 * Bounds hedges to a fraction of calls over a sliding window (ten buckets), so hedging cannot
 * multiply the load during an incident: a hedge is allowed while {@code hedges + 1 <= max(ratio *
 * calls, minPerWindow)} over the window, so at steady traffic hedges never exceed the ratio and a
 * quiet route can still hedge {@code minPerWindow} times.
 *
 * <p>A quarter of the ratio's allowance is reserved for <em>late</em> hedges: calls that were
 * refused at their first hedge time and are still running when they ask again. With a trigger at
 * the p95, demand equals a 5% budget, so the budget binds half of the time; first-come spending
 * would give the budget to the many calls just past the p95 that would have answered a few
 * milliseconds later and leave the true stragglers unhedged. The reserve gives those a hedge.
 * Thread-safe.
 */
final class HedgeBudget {
  private static final int BUCKETS = 10;
  /** The share of the ratio allowance that only late hedges may use. */
  static final double LATE_RESERVE = 0.25;

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

  /** Takes a hedge from the whole allowance (a late hedge). */
  boolean tryAcquire() {
    return tryAcquire(true);
  }

  /**
   * Takes one hedge if the window allows it.
   *
   * @param late whether the call was refused before and is still running (it may use the reserve)
   * @return whether the hedge may launch
   */
  synchronized boolean tryAcquire(boolean late) {
    roll();
    long c = 0;
    long h = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c += calls[i];
      h += hedges[i];
    }
    double byRatio = ratio * c;
    double allowance = Math.max(late ? byRatio : byRatio * (1 - LATE_RESERVE), minPerWindow);
    if (h + 1 > allowance) {
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
