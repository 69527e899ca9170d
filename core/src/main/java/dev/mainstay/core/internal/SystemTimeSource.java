package dev.mainstay.core.internal;

import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The system time source: {@code System.nanoTime()}, the UTC clock, one daemon timer thread (a
 * {@link LazyTimer}, cheap for timeouts that are armed and cancelled on every call).
 */
public final class SystemTimeSource implements TimeSource {
  /** The shared instance. */
  public static final SystemTimeSource INSTANCE = new SystemTimeSource();

  private final LazyTimer timer;

  private SystemTimeSource() {
    timer = new LazyTimer("mainstay-timer");
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
    return timer.schedule(nanos, java.util.Objects.requireNonNull(task, "task"));
  }

  /**
   * Schedules at a {@link #nanoTime()} tick the caller already read, for the per-attempt timeout
   * (no {@code Duration}, no second clock read).
   *
   * @param atNanos when to run
   * @param task the task
   * @return the handle
   */
  Cancellable scheduleAt(long atNanos, Runnable task) {
    return timer.scheduleAt(atNanos, task);
  }

  /**
   * The timer, for tasks that are their own handle (see {@link LazyTimer.Task}).
   *
   * @return the timer
   */
  LazyTimer timer() {
    return timer;
  }

  @Override
  public boolean awaitCompletion(CompletableFuture<?> future, Duration timeout)
      throws InterruptedException {
    if (future.isDone()) {
      return true;
    }
    try {
      future.get(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return future.isDone();
    } catch (ExecutionException | CancellationException e) {
      return true;
    }
    return true;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      TimeUnit.NANOSECONDS.sleep(saturatedNanos(duration));
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return "TimeSource.system()";
  }
}
