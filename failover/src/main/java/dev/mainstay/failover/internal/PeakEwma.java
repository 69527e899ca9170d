package dev.mainstay.failover.internal;

/**
 * Finagle-style peak-EWMA latency estimate: a slower sample replaces the estimate at once (the
 * peak), a faster one is blended in with weight {@code 1 - exp(-dt / tau)}, and the estimate decays
 * toward zero while no samples arrive, so an idle endpoint is tried again. Thread-safe.
 */
final class PeakEwma {
  private final double tauNanos;
  private double cost; // guarded by this
  private long stamp; // guarded by this
  private boolean seen; // guarded by this

  PeakEwma(long tauNanos) {
    this.tauNanos = Math.max(1, tauNanos);
  }

  synchronized void observe(long rttNanos, long now) {
    double rtt = Math.max(0, rttNanos);
    if (!seen) {
      cost = rtt;
      seen = true;
    } else if (rtt > cost) {
      cost = rtt;
    } else {
      double w = Math.exp(-Math.max(0, now - stamp) / tauNanos);
      cost = cost * w + rtt * (1 - w);
    }
    stamp = now;
  }

  /** The decayed estimate in nanoseconds; 0 before any sample. */
  synchronized double estimate(long now) {
    if (!seen) {
      return 0;
    }
    return cost * Math.exp(-Math.max(0, now - stamp) / tauNanos);
  }
}
