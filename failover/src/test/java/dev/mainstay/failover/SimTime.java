package dev.mainstay.failover;

import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A single-threaded simulated time source for tests that run attempts on the caller's thread (a
 * direct executor): {@link #sleep(Duration)} moves time forward instead of blocking, running every
 * task that falls due on the way, and stops early when one of them interrupts the sleeping thread
 * (an attempt timeout). Nothing in it waits in real time.
 */
final class SimTime implements TimeSource {
  private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
  private long nanos;
  private long seq;
  private final PriorityQueue<long[]> order = new PriorityQueue<>((a, b) ->
      a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
  private final java.util.Map<Long, Runnable> tasks = new java.util.HashMap<>();

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return ORIGIN.plusNanos(nanos);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (delay.isZero() || delay.isNegative()) {
      task.run();
      return () -> false;
    }
    long id;
    synchronized (this) {
      id = seq++;
      order.add(new long[] {nanos + delay.toNanos(), id});
      tasks.put(id, task);
    }
    return () -> {
      synchronized (SimTime.this) {
        return tasks.remove(id) != null;
      }
    };
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isZero() || duration.isNegative()) {
      return;
    }
    long target;
    synchronized (this) {
      target = nanos + duration.toNanos();
    }
    advanceTo(target, true);
  }

  /** Moves time forward by a duration, running due tasks. */
  void advance(Duration d) {
    long target;
    synchronized (this) {
      target = nanos + d.toNanos();
    }
    try {
      advanceTo(target, false);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private void advanceTo(long target, boolean interruptible) throws InterruptedException {
    while (true) {
      Runnable run = null;
      synchronized (this) {
        long[] next = order.peek();
        if (next == null || next[0] > target) {
          nanos = Math.max(nanos, target);
          return;
        }
        order.poll();
        nanos = Math.max(nanos, next[0]);
        run = tasks.remove(next[1]);
      }
      if (run != null) {
        run.run();
      }
      if (interruptible && Thread.interrupted()) {
        throw new InterruptedException("sim sleep interrupted");
      }
    }
  }

  /** Elapsed simulated time since the start. */
  synchronized Duration elapsed() {
    return Duration.ofNanos(nanos);
  }
}
