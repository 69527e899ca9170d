package dev.mainstay.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The caller-thread attempt without a future (a client with no listeners, attempts on the caller's
 * thread): the same outcomes as the future-based path, its timeout abort interrupting only the
 * attempt, and the permit always returned.
 */
class CallerAttemptTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  /** Generous slack for a timeout firing on a loaded machine (a wrong watch is seconds late). */
  private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

  /** A manual clock whose scheduled tasks the test fires by hand. */
  private static final class HandClock implements TimeSource {
    final List<Runnable> tasks = new ArrayList<>();
    final AtomicInteger cancels = new AtomicInteger();

    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
      tasks.add(task);
      return () -> {
        cancels.incrementAndGet();
        return true;
      };
    }

    synchronized Runnable task(int i) {
      return tasks.get(i);
    }

    synchronized int scheduled() {
      return tasks.size();
    }
  }

  private static Endpoint endpoint(ModelClient body) {
    Endpoint plain = Endpoint.of(EndpointInfo.builder("ep").provider("test").build(), body);
    return new Endpoint() {
      @Override
      public EndpointInfo info() {
        return plain.info();
      }

      @Override
      public ModelResponse call(ModelRequest request) {
        return plain.call(request);
      }

      @Override
      public boolean honoursInterrupts() {
        return true;
      }
    };
  }

  private static ModelClient client(Endpoint e, TimeSource ts, AttemptIsolation isolation) {
    return Mainstay.client("fast").endpoint(e).timeSource(ts).timeout(TIMEOUT)
        .maxConcurrentAttempts(1).attemptIsolation(isolation).build();
  }

  @Test
  void call_answers_responseAttributedAndTimeoutCancelled_specVisibleOnlyInside() {
    HandClock clock = new HandClock();
    AtomicReference<AttemptSpec> seen = new AtomicReference<>();
    ModelClient client = client(endpoint(r -> {
      seen.set(AttemptSpec.current());
      return ModelResponse.ofText("ok");
    }), clock, AttemptIsolation.AUTO);

    ModelResponse r = client.call(ModelRequest.chat("hi"));

    assertThat(r.text()).isEqualTo("ok");
    assertThat(r.endpointId()).isEqualTo("ep");
    assertThat(seen.get()).isNotNull();
    assertThat(seen.get().number()).isEqualTo(1);
    assertThat(AttemptSpec.current()).isNull();
    assertThat(clock.scheduled()).isEqualTo(1);
    assertThat(clock.cancels).hasValue(1);
    // the timeout firing late does nothing, and the permit is back (maxConcurrentAttempts = 1)
    clock.task(0).run();
    assertThat(Thread.interrupted()).isFalse();
    assertThat(client.call(ModelRequest.chat("again")).text()).isEqualTo("ok");
  }

  @Test
  void call_endpointHangs_timeoutAbortsWithTimeout_interruptClearedAfterwards() throws Exception {
    HandClock clock = new HandClock();
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean hang = new AtomicBoolean(true);
    ModelClient client = client(endpoint(r -> {
      if (!hang.get()) {
        return ModelResponse.ofText("ok");
      }
      entered.countDown();
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelException(ErrorKind.UNAVAILABLE, "interrupted");
      }
      return ModelResponse.ofText("late");
    }), clock, AttemptIsolation.CALLER);
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);
    CompletableFuture<ModelException> outcome = CompletableFuture.supplyAsync(() -> {
      ModelException e = catchThrowableOfType(() -> client.call(ModelRequest.chat("hi")), ModelException.class);
      interruptedAfter.set(Thread.currentThread().isInterrupted());
      return e;
    });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    clock.task(0).run(); // the deadline

    ModelException e = outcome.get(10, TimeUnit.SECONDS);
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.endpointId()).contains("ep");
    assertThat(e.attempt()).isEqualTo(1);
    assertThat(interruptedAfter).isFalse();
    hang.set(false);
    assertThat(client.call(ModelRequest.chat("again")).text()).isEqualTo("ok");
  }

  @Test
  void call_endpointThrowsModelException_attributedToTheAttempt() {
    ModelClient client = client(endpoint(r -> {
      throw new ModelException(ErrorKind.RATE_LIMITED, "slow down");
    }), new HandClock(), AttemptIsolation.CALLER);

    ModelException e = catchThrowableOfType(() -> client.call(ModelRequest.chat("hi")), ModelException.class);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.endpointId()).contains("ep");
    assertThat(e.attempt()).isEqualTo(1);
  }

  @Test
  void systemTimer_dueTimeout_interruptsTheRunner_andFinishReportsTheAbort() throws Exception {
    AttemptSpec spec = new AttemptSpec(endpoint(r -> ModelResponse.ofText("x")), 1, false, null);
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicReference<ErrorKind> kind = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean(true);
    Thread runner = new Thread(() -> {
      CallerAttempt a = new CallerAttempt(Thread.currentThread());
      long stamp = a.arm(spec, 0, System.nanoTime(), SystemTimeSource.INSTANCE.timer()); // due at once
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      kind.set(a.finish(stamp));
      flagAfter.set(Thread.currentThread().isInterrupted());
    });
    runner.start();
    runner.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(interrupted.getCount()).isZero();
    assertThat(kind.get()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(flagAfter).isFalse();
  }

  @Test
  void finishFirst_timeoutNeverRuns() {
    AttemptSpec spec = new AttemptSpec(endpoint(r -> ModelResponse.ofText("x")), 1, false, null);
    CallerAttempt a = new CallerAttempt(Thread.currentThread());
    long stamp = a.arm(spec, 0, 0, null);

    assertThat(a.finish(stamp)).isNull();
    a.timeout(stamp);

    assertThat(Thread.interrupted()).isFalse();
    assertThat(a.abortKind()).isNull();
    assertThat(a.armed()).isFalse();
  }

  @Test
  void lateTimeoutOfAnEarlierArming_neverAbortsTheNextAttempt() {
    AttemptSpec spec = new AttemptSpec(endpoint(r -> ModelResponse.ofText("x")), 1, false, null);
    CallerAttempt a = new CallerAttempt(Thread.currentThread());
    long first = a.arm(spec, 0, 0, null);
    assertThat(a.finish(first)).isNull();
    long second = a.arm(spec, 0, 0, null);

    a.timeout(first); // the first attempt's timeout, late

    assertThat(Thread.interrupted()).isFalse();
    assertThat(a.finish(second)).isNull();
    a.timeout(second);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void timeoutThenNextArming_startsClean() {
    AttemptSpec spec = new AttemptSpec(endpoint(r -> ModelResponse.ofText("x")), 1, false, null);
    CallerAttempt a = new CallerAttempt(Thread.currentThread());
    long first = a.arm(spec, 0, 0, null);
    a.timeout(first);
    assertThat(a.abortKind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(a.finish(first)).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();

    long second = a.arm(spec, 0, 0, null);

    assertThat(a.abortKind()).isNull();
    assertThat(a.finish(second)).isNull();
  }

  @Test
  void attemptInsideAnAttempt_getsItsOwnCallerAttempt_andTheThreadKeepsReusingItsOwn() {
    AttemptSpec spec = new AttemptSpec(endpoint(r -> ModelResponse.ofText("x")), 1, false, null);
    AttemptThread thread = AttemptThread.get();
    CallerAttempt own = thread.callerAttempt(true);
    long stamp = own.arm(spec, 0, 0, null);

    CallerAttempt nested = thread.callerAttempt(true);

    assertThat(nested).isNotSameAs(own);
    assertThat(own.finish(stamp)).isNull();
    assertThat(thread.callerAttempt(true)).isSameAs(own);
    assertThat(thread.callerAttempt(false)).isNotSameAs(own);
  }

  @Test
  void systemTimer_watchOfAnEarlierArmingMovesToTheLaterDeadline_neverAbortsEarly() throws Exception {
    AttemptSpec spec = new AttemptSpec(endpoint(r -> ModelResponse.ofText("x")), 1, false, null);
    AtomicReference<ErrorKind> kind = new AtomicReference<>();
    AtomicLong abortedAt = new AtomicLong();
    AtomicLong secondDeadline = new AtomicLong();
    Thread runner = new Thread(() -> {
      CallerAttempt a = new CallerAttempt(Thread.currentThread());
      LazyTimer timer = SystemTimeSource.INSTANCE.timer();
      long first = a.arm(spec, 0, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), timer);
      a.finish(first);
      // The first arming's watch (due in 20 ms) is reused and must move on to this deadline.
      long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      secondDeadline.set(at);
      long second = a.arm(spec, 0, at, timer);
      try {
        Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      } catch (InterruptedException e) {
        abortedAt.set(System.nanoTime());
      }
      kind.set(a.finish(second));
    });
    runner.start();
    runner.join(TimeUnit.SECONDS.toMillis(20));

    assertThat(kind.get()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(abortedAt.get() - secondDeadline.get()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void systemTimer_manyThreadsMixingHangsAndQuickCalls_onlyHangsTimeOut_neverEarly_noInterruptLeaks()
      throws Exception {
    // One reusable attempt per thread and one watch per thread across calls: a watch left over from
    // an earlier call (with an earlier or a later deadline) must never abort a later quick call, and
    // every hanging call must time out at its own deadline, not before.
    ModelClient client = Mainstay.client("watch-stress").attemptIsolation(AttemptIsolation.CALLER)
        .endpoint(endpoint(r -> {
          if (r.attributes().containsKey("hang")) {
            try {
              Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new ModelException(ErrorKind.UNAVAILABLE, "interrupted");
            }
          }
          return ModelResponse.ofText("ok");
        }))
        .build();
    int threads = 8;
    int calls = 150;
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger timedOut = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      Thread w = new Thread(() -> {
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < calls; i++) {
          boolean hang = rnd.nextInt(6) == 0;
          Duration timeout = Duration.ofMillis(hang ? 10 + rnd.nextInt(40) : 5 + rnd.nextInt(5000));
          ModelRequest.Builder b = ModelRequest.builder(dev.mainstay.core.Operation.CHAT).user("q")
              .timeout(timeout);
          if (hang) {
            b.attribute("hang", "1");
          }
          long start = System.nanoTime();
          try {
            client.call(b.build());
            answered.incrementAndGet();
            if (hang) {
              problems.add("a hanging call answered");
            }
          } catch (ModelException e) {
            long took = System.nanoTime() - start;
            if (!hang) {
              problems.add("a quick call failed: " + e.kind());
            } else if (e.kind() != ErrorKind.TIMEOUT) {
              problems.add("a hanging call ended with " + e.kind());
            } else if (took < timeout.toNanos()) {
              problems.add("timed out " + (timeout.toNanos() - took) + " ns early");
            } else if (took > timeout.toNanos() + LATE_NANOS) {
              problems.add("timed out " + (took - timeout.toNanos()) / 1_000_000 + " ms late");
            } else {
              timedOut.incrementAndGet();
            }
          }
          if (Thread.currentThread().isInterrupted()) {
            problems.add("interrupt flag left set");
            Thread.interrupted();
          }
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(w.isAlive()).as("a worker still running").isFalse();
    }
    client.close();

    assertThat(problems).isEmpty();
    assertThat(timedOut.get() + answered.get()).isEqualTo(threads * calls);
    assertThat(timedOut.get()).isPositive();
  }
}
