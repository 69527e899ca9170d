package dev.mainstay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The real-time timer behind {@code TimeSource.system()}. These tests necessarily run on the real
 * clock; they assert only ordering facts (never before its time, exactly once, never after a
 * successful cancel) and wait on latches with generous bounds, never on sleeps.
 */
class LazyTimerTest {
  private static final LazyTimer TIMER = new LazyTimer("lazy-timer-test");

  @Test
  void schedule_runsOnceNotBeforeItsTime() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong ranAt = new AtomicLong();
    AtomicInteger runs = new AtomicInteger();
    long start = System.nanoTime();
    TIMER.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> {
      ranAt.set(System.nanoTime());
      runs.incrementAndGet();
      done.countDown();
    });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ranAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    assertThat(runs).hasValue(1);
  }

  @Test
  void cancel_beforeItsTime_neverRuns_andReportsWhetherItStoppedIt() throws InterruptedException {
    AtomicInteger cancelledRuns = new AtomicInteger();
    List<TimeSource.Cancellable> handles = new ArrayList<>();
    // Due in 1 s: far enough that a loaded machine still cancels all 10,000 before their time.
    for (int i = 0; i < 10_000; i++) {
      handles.add(TIMER.schedule(TimeUnit.SECONDS.toNanos(1), cancelledRuns::incrementAndGet));
    }
    for (TimeSource.Cancellable h : handles) {
      assertThat(h.cancel()).isTrue();
      assertThat(h.cancel()).isFalse();
    }
    // A later task acts as the barrier: when it has run, every earlier-due task would have too.
    CountDownLatch barrier = new CountDownLatch(1);
    TimeSource.Cancellable last = TIMER.schedule(TimeUnit.MILLISECONDS.toNanos(1100), barrier::countDown);
    assertThat(barrier.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRuns).hasValue(0);
    assertThat(last.cancel()).isFalse();
  }

  @Test
  void schedule_earlierTaskAfterLaterOne_wakesTheTimer_andTasksRunInDueOrder() throws InterruptedException {
    List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch both = new CountDownLatch(2);
    TIMER.schedule(TimeUnit.SECONDS.toNanos(2), () -> {
      order.add(2);
      both.countDown();
    });
    long start = System.nanoTime();
    CountDownLatch early = new CountDownLatch(1);
    TIMER.schedule(TimeUnit.MILLISECONDS.toNanos(5), () -> {
      order.add(1);
      both.countDown();
      early.countDown();
    });
    assertThat(early.await(10, TimeUnit.SECONDS)).isTrue();
    // far before the 2 s task: the early one did not wait for the later one's wake-up
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly(1, 2);
  }

  @Test
  void schedule_manyThreads_everyUncancelledTaskRunsExactlyOnce() throws InterruptedException {
    int threads = 4;
    int perThread = 5_000;
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger kept = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(threads);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        started.countDown();
        for (int i = 0; i < perThread; i++) {
          TimeSource.Cancellable h = TIMER.schedule(TimeUnit.MICROSECONDS.toNanos(i % 500), runs::incrementAndGet);
          if (i % 3 == 0 || !h.cancel()) {
            kept.incrementAndGet();
          }
        }
      });
      ts.add(th);
      th.start();
    }
    for (Thread th : ts) {
      th.join(TimeUnit.SECONDS.toMillis(30));
    }
    CountDownLatch barrier = new CountDownLatch(1);
    TIMER.schedule(TimeUnit.MILLISECONDS.toNanos(20), barrier::countDown);
    assertThat(barrier.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).isEqualTo(kept.get());
  }

  @Test
  void schedule_afterAnIdleSleepUntilAFarTask_stillDrainsLaterTasksSoon() throws InterruptedException {
    // Given a timer whose only pending task is far away, asleep with nothing arriving
    LazyTimer timer = new LazyTimer("lazy-timer-idle-test");
    TimeSource.Cancellable far = timer.schedule(TimeUnit.MINUTES.toNanos(10), () -> { });
    awaitTrue(() -> timer.arrivingForTest() == 0 && timer.idleForTest());
    // When tasks due even later are armed and cancelled (the usual per-call timeout)
    for (int i = 0; i < 1000; i++) {
      timer.schedule(TimeUnit.MINUTES.toNanos(20), () -> { }).cancel();
    }
    // Then the worker wakes and drops them now, not when the far task is due
    awaitTrue(() -> timer.arrivingForTest() == 0);
    assertThat(far.cancel()).isTrue();
  }

  @Test
  void purge_runsDormantTasksEarly_andDropsCancelledOnes() throws InterruptedException {
    // Given a timer with over 64 tasks far away, one of them dormant (nothing left to watch)
    LazyTimer timer = new LazyTimer("lazy-timer-purge-test");
    List<TimeSource.Cancellable> far = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      far.add(timer.schedule(TimeUnit.MINUTES.toNanos(10), () -> { }));
    }
    CountDownLatch ranEarly = new CountDownLatch(1);
    LazyTimer.Task dormant = new LazyTimer.Task(System.nanoTime() + TimeUnit.MINUTES.toNanos(10),
        ranEarly::countDown) {
      @Override
      boolean dormant() {
        return true;
      }
    };
    timer.push(dormant);
    // When tasks keep arriving for longer than the purge period (so the worker keeps waking)
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ranEarly.getCount() > 0 && System.nanoTime() - end < 0) {
      timer.schedule(TimeUnit.MINUTES.toNanos(20), () -> { }).cancel();
      Thread.sleep(2);
    }
    // Then the purge ran the dormant task long before its time, and left the others pending
    assertThat(ranEarly.getCount()).isZero();
    assertThat(dormant.pending()).isFalse();
    for (TimeSource.Cancellable c : far) {
      assertThat(c.cancel()).isTrue();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("condition not met within 10 s").isNegative();
      Thread.sleep(1);
    }
  }
}
