package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import dev.mainstay.failover.Scripted.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many callers at once against faulty endpoints, on real threads. Endpoints answer or fail at once
 * (no simulated latency), except rare hangs that only end by cancellation or attempt timeout; the
 * assertions are invariants, not timings.
 */
final class ConcurrencyTest {

  @Test
  void route_manyCallersWithFaults_everyCallSucceedsAndNoAttemptLeaks() throws Exception {
    // Given two flaky endpoints (30% faults, 2% hangs) and a healthy last tier
    TimeSource ts = TimeSource.system();
    Recorder events = new Recorder();
    Scripted a = Scripted.of("a", ts, n -> flaky());
    Scripted b = Scripted.of("b", ts, n -> flaky());
    Scripted c = Scripted.always("c", ts, Step.ok());
    ModelClient client = Mainstay.client("conc")
        .route(Route.failover().tier(a, b).tier(c).balancing(Balancing.LEAST_OUTSTANDING)
            .retries(5).attemptTimeout(Duration.ofSeconds(1)).hedgeAfter(Duration.ofMillis(20))
            .hedgeBudget(0.2, 5, Duration.ofSeconds(1))
            .backoff(Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(5))))
        .listener(events).timeout(Duration.ofSeconds(5)).build();
    int callers = 16;
    int perCaller = 150;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<Integer>> results = new ArrayList<>();
    // When
    for (int i = 0; i < callers; i++) {
      results.add(pool.submit(() -> {
        int ok = 0;
        for (int j = 0; j < perCaller; j++) {
          ModelResponse r = client.call(ModelRequest.chat("q"));
          assertThat(r.facts().attempts()).isBetween(1, 6);
          ok++;
        }
        return ok;
      }));
    }
    int total = 0;
    for (Future<Integer> f : results) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    // Then every call succeeded, and every attempt ended (cancelled hedges included)
    assertThat(total).isEqualTo(callers * perCaller);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (a.active.get() + b.active.get() + c.active.get() > 0 && System.nanoTime() < end) {
      Thread.sleep(5); // synchronisation only: cancelled attempts finish on their own threads
    }
    assertThat(a.active.get() + b.active.get() + c.active.get()).isZero();
    int started = events.of(AttemptStartedEvent.class).size();
    int ended = events.of(AttemptSucceededEvent.class).size() + events.of(AttemptFailedEvent.class).size();
    assertThat(ended).isEqualTo(started);
    assertThat(started).isGreaterThanOrEqualTo(callers * perCaller);
  }

  private static Step flaky() {
    int r = ThreadLocalRandom.current().nextInt(100);
    if (r < 2) {
      return Step.hanging();
    }
    if (r < 12) {
      return Step.fail(ErrorKind.TRANSIENT);
    }
    if (r < 22) {
      return Step.fail(ErrorKind.OVERLOADED);
    }
    if (r < 32) {
      return Step.rateLimited(Duration.ofMillis(5));
    }
    return Step.ok();
  }
}
