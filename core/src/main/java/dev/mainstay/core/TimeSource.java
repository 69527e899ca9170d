package dev.mainstay.core;

import dev.mainstay.core.internal.SystemTimeSource;
import java.time.Duration;
import java.time.Instant;

/**
 * The one seam through which Mainstay reads time and waits: deadlines, attempt timeouts, backoff,
 * hedge delays, cooldowns, cache expiry and drift windows all go through it. Production code uses
 * {@link #system()}; tests use a manual time source (see {@code mainstay-testkit}) so that no test
 * sleeps and none flakes on a slow machine.
 *
 * <p>Implementations are thread-safe.
 */
public interface TimeSource {

  /**
   * The system time source: {@link System#nanoTime()}, the system UTC clock and one shared daemon
   * scheduler thread.
   *
   * @return the shared system time source
   */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }

  /**
   * A monotonic reading in nanoseconds, only meaningful as a difference between two readings.
   *
   * @return the current tick
   */
  long nanoTime();

  /**
   * The current wall-clock instant, for event timestamps and wall-clock deadlines.
   *
   * @return now
   */
  Instant now();

  /**
   * Runs a task once after a delay. The task must be short and must not block; it typically
   * completes a future or wakes a waiting thread.
   *
   * @param delay how long to wait; zero or negative runs the task as soon as possible
   * @param task what to run
   * @return a handle that cancels the task if it has not run yet
   */
  Cancellable schedule(Duration delay, Runnable task);

  /**
   * Blocks the calling thread for a duration, as measured by this time source.
   *
   * @param duration how long to wait; zero or negative returns at once
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  default void sleep(Duration duration) throws InterruptedException {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    Cancellable handle = schedule(duration, latch::countDown);
    try {
      latch.await();
    } finally {
      handle.cancel();
    }
  }

  /**
   * Waits until a future completes or a timeout passes on this time source, whichever is first.
   * Does not complete or cancel the future.
   *
   * @param future the future to wait for
   * @param timeout the longest wait
   * @return true if the future is done
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  default boolean awaitCompletion(java.util.concurrent.CompletableFuture<?> future, Duration timeout)
      throws InterruptedException {
    if (future.isDone()) {
      return true;
    }
    java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
    future.whenComplete((r, e) -> latch.countDown());
    Cancellable handle = schedule(timeout, latch::countDown);
    try {
      latch.await();
    } finally {
      handle.cancel();
    }
    return future.isDone();
  }

  /** A scheduled task that can still be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /**
     * Cancels the task if it has not run yet; does nothing otherwise.
     *
     * @return true if this call stopped the task from running
     */
    boolean cancel();
  }
}
