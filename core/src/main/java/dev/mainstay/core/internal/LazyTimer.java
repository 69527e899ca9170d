package dev.mainstay.core.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The system time source's timer, built for the per-call timeouts that almost never fire: an
 * attempt or call arms one and cancels it microseconds to seconds later. Scheduling pushes the task
 * on a lock-free stack (one CAS, no lock, no wake-up unless it is due before the worker's next
 * wake-up); cancelling is one CAS on the task. One daemon thread moves pushed tasks into a heap at
 * least every {@value #DRAIN_MILLIS} ms while tasks arrive, drops the cancelled ones, and runs each
 * due task at its time. A {@code ScheduledThreadPoolExecutor} instead takes a lock twice per
 * timeout (schedule, cancel) and sifts its heap each time.
 *
 * <p>Tasks run on the timer thread, one at a time, and must be short.
 */
final class LazyTimer {
  private static final long DRAIN_MILLIS = 10;
  private static final long DRAIN_NANOS = DRAIN_MILLIS * 1_000_000L;
  private static final long IDLE_NANOS = 60_000_000_000L;
  private static final long PURGE_NANOS = 1_000_000_000L;
  private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 4;

  /**
   * A scheduled task; pending, then either cancelled or run. A subclass may be its own task (set
   * {@link #task} to itself): then cancelling and claiming it are the only atomics its owner needs.
   */
  static class Task implements TimeSource.Cancellable {
    private static final AtomicIntegerFieldUpdater<Task> STATE =
        AtomicIntegerFieldUpdater.newUpdater(Task.class, "state");
    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int RUN = 2;

    final long at;
    /** Cleared by a successful cancel, so a cancelled task waiting to be dropped holds nothing. */
    @Nullable Runnable task;
    @Nullable Task next; // the incoming stack's link; written before the push, read by the worker
    private volatile int state;

    Task(long at, @Nullable Runnable task) {
      this.at = at;
      this.task = task;
    }

    @Override
    public final boolean cancel() {
      if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
        task = null;
        return true;
      }
      return false;
    }

    boolean pending() {
      return state == PENDING;
    }

    final boolean claim() {
      return STATE.compareAndSet(this, PENDING, RUN);
    }

    /**
     * Whether this pending task has nothing to do now, so the periodic purge may claim and run it
     * early (its task then decides what remains to do). Plain tasks never are.
     *
     * @return true to be run by the purge
     */
    boolean dormant() {
      return false;
    }
  }

  private final AtomicReference<@Nullable Task> incoming = new AtomicReference<>();
  private final PriorityQueue<Task> heap = new PriorityQueue<>(64, (a, b) -> Long.compare(a.at - b.at, 0));
  private static final AtomicIntegerFieldUpdater<LazyTimer> IDLE =
      AtomicIntegerFieldUpdater.newUpdater(LazyTimer.class, "idle");

  private volatile long nextWake;
  /** 1 while the worker sleeps without tasks arriving: the next push must wake it to drain. */
  private volatile int idle;
  private final Thread worker;

  LazyTimer(String threadName) {
    this.nextWake = System.nanoTime() + IDLE_NANOS;
    this.worker = new Thread(this::work, threadName);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Runs {@code task} on the timer thread after {@code delayNanos}, unless cancelled first.
   *
   * @param delayNanos the delay, zero or more
   * @param task the task
   * @return the handle to cancel it
   */
  TimeSource.Cancellable schedule(long delayNanos, Runnable task) {
    return scheduleAt(System.nanoTime() + Math.max(0, Math.min(delayNanos, MAX_DELAY_NANOS)), task);
  }

  /**
   * Runs {@code task} on the timer thread at a {@code System.nanoTime()} tick, unless cancelled.
   *
   * @param atNanos when; a past tick runs it at once
   * @param task the task
   * @return the handle to cancel it
   */
  TimeSource.Cancellable scheduleAt(long atNanos, Runnable task) {
    Task t = new Task(atNanos, task);
    push(t);
    return t;
  }

  /**
   * Schedules a task built by the caller (at its {@link Task#at} tick); it runs its {@link
   * Task#task} unless cancelled first.
   *
   * @param t the task, pending and not scheduled before
   */
  void push(Task t) {
    Task head;
    do {
      head = incoming.get();
      t.next = head;
    } while (!incoming.compareAndSet(head, t));
    // Wakes the worker only when this task is due before it would wake anyway. The worker publishes
    // nextWake before it looks at the stack a last time, so one of the two always sees the other.
    if (t.at - nextWake < 0 || idle == 1 && IDLE.compareAndSet(this, 1, 0)) {
      LockSupport.unpark(worker);
    }
  }

  private void work() {
    long lastPurge = System.nanoTime();
    while (true) {
      Task list = incoming.getAndSet(null);
      boolean arriving = list != null;
      while (list != null) {
        Task n = list.next;
        list.next = null;
        if (list.pending()) {
          heap.add(list);
        }
        list = n;
      }
      runDue(System.nanoTime());
      long now = System.nanoTime();
      if (now - lastPurge > PURGE_NANOS) {
        lastPurge = now;
        if (heap.size() > 64) {
          purge();
        }
      }
      Task first = heap.peek();
      long wake = first == null ? now + IDLE_NANOS : first.at;
      if (arriving && wake - (now + DRAIN_NANOS) > 0) {
        // Tasks are arriving: come back soon to move them to the heap (most are cancelled by then).
        wake = now + DRAIN_NANOS;
      }
      nextWake = wake;
      if (!arriving) {
        // Going to sleep with nothing arriving: the first push wakes this thread, whenever it is
        // due, so pushed tasks never pile up unseen for a long sleep.
        idle = 1;
      }
      // Tasks pushed since the drain compared themselves with the old wake-up (and the idle flag
      // before it was set): look at them (pushes after the lines above see the new values).
      Task pushed = incoming.get();
      if (!arriving && pushed != null) {
        idle = 0;
        continue;
      }
      if (dueBefore(pushed, wake)) {
        continue;
      }
      long park = wake - now;
      if (park > 0) {
        LockSupport.parkNanos(this, park);
      }
    }
  }

  /** Whether the worker sleeps with nothing arriving (for tests). */
  boolean idleForTest() {
    return idle == 1;
  }

  /** How many pushed tasks wait to be moved to the heap (for tests). */
  int arrivingForTest() {
    int n = 0;
    for (Task t = incoming.get(); t != null; t = t.next) {
      n++;
    }
    return n;
  }

  private static boolean dueBefore(@Nullable Task list, long wake) {
    for (Task t = list; t != null; t = t.next) {
      if (t.at - wake < 0 && t.pending()) {
        return true;
      }
    }
    return false;
  }

  private void runDue(long now) {
    Task t;
    while ((t = heap.peek()) != null && (!t.pending() || t.at - now <= 0)) {
      heap.poll();
      if (t.claim()) {
        run(t);
      }
    }
  }

  /** Drops cancelled tasks, and runs dormant ones early (they push what they still need). */
  private void purge() {
    for (Iterator<Task> it = heap.iterator(); it.hasNext(); ) {
      Task t = it.next();
      if (!t.pending()) {
        it.remove();
      } else if (t.dormant() && t.claim()) {
        it.remove();
        run(t); // may push, never touches the heap
      }
    }
  }

  private static void run(Task t) {
    Runnable r = t.task;
    if (r == null) {
      return;
    }
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
      if (h != null) {
        try {
          h.uncaughtException(Thread.currentThread(), e);
        } catch (RuntimeException ignored) {
          // nothing more to do
        }
      }
    }
  }
}
