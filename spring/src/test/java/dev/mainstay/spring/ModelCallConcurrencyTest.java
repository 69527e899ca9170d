package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ModelException;
import dev.mainstay.spring.internal.InvocationClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Many threads call {@code @ModelCall} methods whose body throws on some attempts, hangs past the
 * attempt timeout on others (until the route aborts the attempt and interrupts it) and answers on
 * the rest. Every call ends exactly once, with its own answer, a fallback or a {@link
 * ModelException}; no pending invocation is left; no body starts after its call ended; every hung
 * body is interrupted.
 */
final class ModelCallConcurrencyTest {
  private static final int THREADS = 16;
  private static final int CALLS_PER_THREAD = 25;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, MainstayAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues(
          "mainstay.clients.flaky.timeout=3s",
          "mainstay.clients.flaky.route.retries=3",
          // a short real deadline: hung attempts are aborted (and interrupted) after it
          "mainstay.clients.flaky.route.attempt-timeout=100ms",
          "mainstay.clients.flaky.route.backoff.initial=1ms",
          "mainstay.clients.flaky.route.backoff.max=2ms",
          "mainstay.clients.flaky.route.breaker.enabled=false",
          "mainstay.clients.flaky.route.outlier-ejection.enabled=false");

  @Test
  void concurrentCalls_withThrowingAndHangingBodies_endOnce_leaveNothingPending() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      Flaky service = context.getBean(Flaky.class);
      Tracker t = context.getBean(Tracker.class);
      InvocationClients invocations = context.getBean(InvocationClients.class);

      // When THREADS threads each make CALLS_PER_THREAD calls, half with a fallback method
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      Map<String, String> outcomes = new ConcurrentHashMap<>();
      AtomicInteger duplicates = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int th = 0; th < THREADS; th++) {
        int thread = th;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            String id = "c" + thread + "-" + i;
            boolean withFallback = i % 2 == 0;
            Tracker.Call call = t.open(id);
            String outcome;
            try {
              String r = withFallback ? service.withFallback(id) : service.noFallback(id);
              outcome = r.equals("ok:" + id) ? "ok"
                  : r.equals("fallback:" + id) && withFallback ? "fallback"
                  : "WRONG ANSWER " + r;
            } catch (ModelException e) {
              outcome = withFallback ? "UNEXPECTED " + e : "error:" + e.kind();
            } catch (Throwable e) {
              outcome = "UNEXPECTED " + e;
            } finally {
              call.ended = true;
            }
            if (outcomes.putIfAbsent(id, outcome) != null) {
              duplicates.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      // Then every call ended exactly once with an allowed outcome
      assertThat(duplicates.get()).isZero();
      assertThat(outcomes).hasSize(THREADS * CALLS_PER_THREAD);
      assertThat(outcomes.values()).allMatch(o -> o.equals("ok") || o.equals("fallback") || o.startsWith("error:"),
          "ok, fallback or a typed ModelException");
      // a fallback runs once, only for calls that ended in it
      outcomes.forEach((id, o) -> assertThat(t.calls.get(id).fallbacks.get())
          .as("fallbacks of %s (%s)", id, o).isEqualTo(o.equals("fallback") ? 1 : 0));
      // no invocation left registered
      assertThat(invocations.pendingInvocations()).isZero();
      // no body started after its call had returned
      assertThat(t.lateStarts.get()).isZero();
      // hung bodies are interrupted when their attempt is aborted; wait for the last to unwind
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (t.active.get() > 0 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(t.active.get()).as("bodies still running").isZero();
      assertThat(t.uninterrupted.get()).as("hung bodies never interrupted").isZero();
      // the mix really happened
      assertThat(t.throwsCount.get()).isPositive();
      assertThat(t.hangs.get()).isPositive();
      assertThat(outcomes.values()).contains("ok", "fallback").anyMatch(o -> o.startsWith("error:"));
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Tracker tracker() {
      return new Tracker();
    }

    @Bean
    Flaky flaky(Tracker tracker) {
      return new Flaky(tracker);
    }
  }

  /** What the bodies saw, by call id (CGLIB proxies do not share the target's fields). */
  static final class Tracker {
    static final class Call {
      volatile boolean ended;
      final AtomicInteger attempts = new AtomicInteger();
      final AtomicInteger fallbacks = new AtomicInteger();
    }

    final Map<String, Call> calls = new ConcurrentHashMap<>();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger lateStarts = new AtomicInteger();
    final AtomicInteger uninterrupted = new AtomicInteger();
    final AtomicInteger throwsCount = new AtomicInteger();
    final AtomicInteger hangs = new AtomicInteger();

    Call open(String id) {
      Call c = new Call();
      calls.put(id, c);
      return c;
    }
  }

  /** The annotated bean: its body throws, hangs or answers, by call id and attempt number. */
  static class Flaky {
    private final Tracker t;

    Flaky(Tracker t) {
      this.t = t;
    }

    @ModelCall(value = "flaky", fallbackMethod = "fallback")
    public String withFallback(String id) throws InterruptedException {
      return body(id);
    }

    @ModelCall("flaky")
    public String noFallback(String id) throws InterruptedException {
      return body(id);
    }

    String fallback(String id, Throwable failure) {
      t.calls.get(id).fallbacks.incrementAndGet();
      return "fallback:" + id;
    }

    private String body(String id) throws InterruptedException {
      Tracker.Call call = t.calls.get(id);
      if (call.ended) {
        t.lateStarts.incrementAndGet();
      }
      t.active.incrementAndGet();
      try {
        int attempt = call.attempts.incrementAndGet();
        // deterministic per call and attempt: 45% throw, 20% hang, 35% answer
        int roll = Math.floorMod((id + "#" + attempt).hashCode() * 0x9E3779B9, 100);
        if (roll < 45) {
          t.throwsCount.incrementAndGet();
          throw new IllegalStateException("flaky body");
        }
        if (roll < 65) {
          t.hangs.incrementAndGet();
          // hangs past the 100ms attempt timeout; only the route's interrupt ends it
          if (!new CountDownLatch(1).await(10, TimeUnit.SECONDS)) {
            t.uninterrupted.incrementAndGet();
          }
          throw new IllegalStateException("not interrupted");
        }
        return "ok:" + id;
      } finally {
        t.active.decrementAndGet();
      }
    }
  }
}
