package dev.mainstay.core.internal;

import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The system time source: {@code System.nanoTime()}, the UTC clock, one daemon timer thread. */
public final class SystemTimeSource implements TimeSource {
  /** The shared instance. */
  public static final SystemTimeSource INSTANCE = new SystemTimeSource();

  private final ScheduledThreadPoolExecutor timer;

  private SystemTimeSource() {
    timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "mainstay-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    // A periodic no-op keeps a task due within a second at the head of the timer's queue, so
    // scheduling the usual, longer timeouts does not wake the timer thread on every call.
    timer.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS);
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
    ScheduledFuture<?> f = timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
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
