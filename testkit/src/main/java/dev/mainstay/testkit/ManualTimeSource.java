package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.TimeoutException;

/**
 * A {@link TimeSource} whose time moves only when a test says so, so timing logic (deadlines,
 * backoff, hedge delays, cooldowns, expiry) is tested without sleeping and without flakes.
 *
 * <p>{@link #advance(Duration)} runs every task that falls due, in due order, with the clock set
 * to each task's due time. A task scheduled with no delay runs at once on the scheduling thread.
 * Threads blocked in {@link #sleep(Duration)} wake when time is advanced past their wake-up time.
 * {@link #awaitScheduled(int, Duration)} lets a test wait (in real time, bounded) until other
 * threads have scheduled their timers, before it advances.
 *
 * <p>Thread-safe.
 */
public final class ManualTimeSource implements TimeSource {
  private final Instant origin;
  private long nanos;
  private long sequence;
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();

  /** A time source starting at 2026-01-01T00:00:00Z. */
  public ManualTimeSource() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /**
   * A time source starting at the given wall-clock instant.
   *
   * @param start the wall-clock time at tick zero
   */
  public ManualTimeSource(Instant start) {
    this.origin = requireNonNull(start, "start");
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized Instant now() {
    return origin.plusNanos(nanos);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    requireNonNull(delay, "delay");
    requireNonNull(task, "task");
    if (delay.isZero() || delay.isNegative()) {
      task.run();
      return () -> false;
    }
    Task t;
    synchronized (this) {
      t = new Task(nanos + delay.toNanos(), sequence++, task);
      tasks.add(t);
      notifyAll();
    }
    return () -> {
      synchronized (ManualTimeSource.this) {
        return tasks.remove(t);
      }
    };
  }

  /**
   * Moves time forward, running each task that falls due in order of due time.
   *
   * @param duration how far; zero runs nothing new
   */
  public void advance(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time cannot go back: " + duration);
    }
    long target;
    synchronized (this) {
      target = nanos + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.due > target) {
          nanos = target;
          return;
        }
        tasks.poll();
        nanos = Math.max(nanos, next.due);
      }
      next.task.run();
    }
  }

  /**
   * Moves time forward to the next scheduled task and runs every task due then.
   *
   * @return true if a task ran, false if none was scheduled
   */
  public boolean advanceToNext() {
    long due;
    synchronized (this) {
      Task next = tasks.peek();
      if (next == null) {
        return false;
      }
      due = next.due;
    }
    advance(Duration.ofNanos(Math.max(0, due - nanoTime())));
    return true;
  }

  /**
   * The number of tasks waiting to fall due.
   *
   * @return pending tasks
   */
  public synchronized int scheduled() {
    return tasks.size();
  }

  /**
   * Waits, in real time, until at least {@code count} tasks are scheduled; for synchronising with
   * threads that are about to wait on this time source.
   *
   * @param count how many tasks to wait for
   * @param realTimeout the longest real time to wait
   * @throws TimeoutException if fewer tasks were scheduled in time
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized void awaitScheduled(int count, Duration realTimeout)
      throws TimeoutException, InterruptedException {
    requireNonNull(realTimeout, "realTimeout");
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, was " + count);
    }
    long end = System.nanoTime() + realTimeout.toNanos();
    while (tasks.size() < count) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("expected " + count + " scheduled tasks, have " + tasks.size());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public String toString() {
    return "ManualTimeSource[" + now() + "]";
  }

  private static final class Task implements Comparable<Task> {
    final long due;
    final long seq;
    final Runnable task;

    Task(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
