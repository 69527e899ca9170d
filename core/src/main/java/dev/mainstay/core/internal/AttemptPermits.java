package dev.mainstay.core.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's bound on attempts in flight: a counter that never blocks. Taking a permit is one
 * CAS and returning it one atomic decrement; a {@code Semaphore} does the same work through its
 * queue's bookkeeping, which a bound that never waits does not need.
 */
final class AttemptPermits {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int max;

  /**
   * A bound.
   *
   * @param max the most attempts in flight, positive
   */
  AttemptPermits(int max) {
    this.max = max;
  }

  /**
   * Takes a permit if fewer than the bound are out.
   *
   * @return true if taken (return it with {@link #release()})
   */
  boolean tryAcquire() {
    for (int n = inFlight.get(); n < max; n = inFlight.get()) {
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  /** Returns a permit taken with {@link #tryAcquire()}. */
  void release() {
    inFlight.decrementAndGet();
  }
}
