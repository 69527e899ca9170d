package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.HedgeCancelledEvent;
import dev.mainstay.core.event.HedgeLaunchedEvent;
import dev.mainstay.core.event.HedgeWonEvent;
import dev.mainstay.failover.Scripted.Step;
import dev.mainstay.testkit.ManualTimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hedging needs attempts racing on real threads; time still moves only on the manual clock. */
final class HedgingTest {
  private static final Duration REAL_WAIT = Duration.ofSeconds(10);
  private final ManualTimeSource ts = new ManualTimeSource();
  private final Recorder events = new Recorder();
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
  }

  private ModelClient client(FailoverRouter route) {
    return Mainstay.client("hedge").route(route).timeSource(ts).listener(events)
        .timeout(Duration.ofSeconds(10)).build();
  }

  private CompletableFuture<ModelResponse> callAsync(ModelClient client) {
    return CompletableFuture.supplyAsync(() -> client.call(ModelRequest.chat("hi")), callers);
  }

  /** A breaker that would open on a single counted failure. */
  private static CircuitBreakerConfig touchyBreaker() {
    return CircuitBreakerConfig.custom()
        .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(1).build();
  }

  @Test
  void hedge_primarySlow_backupWinsAndLoserCancelledWithoutCounting() throws Exception {
    // Given a primary that hangs and a fast backup, hedging after 800 ms
    Scripted a = Scripted.always("a", ts, Step.hanging());
    Scripted b = Scripted.always("b", ts, Step.ok());
    ModelClient client = client(Route.failover().tier(a).tier(b).hedgeAfter(Duration.ofMillis(800))
        .circuitBreaker(touchyBreaker()));
    // When the hedge delay passes
    CompletableFuture<ModelResponse> f = callAsync(client);
    ts.awaitScheduled(2, REAL_WAIT); // attempt 1's deadline timer and the hedge timer
    awaitActive(a, 1); // the primary's attempt has reached the endpoint
    ts.advance(Duration.ofMillis(800));
    ModelResponse r = f.get(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
    // Then the hedge answered, the primary was cancelled, and its breaker did not count it
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(r.facts().hedged()).isTrue();
    assertThat(r.facts().attempts()).isEqualTo(2);
    awaitIdle(a);
    assertThat(a.interrupted).hasValue(1);
    assertThat(events.of(HedgeLaunchedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.delay()).isEqualTo(Duration.ofMillis(800)));
    assertThat(events.of(HedgeWonEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.endpointId()).isEqualTo("b"));
    assertThat(events.of(HedgeCancelledEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.endpointId()).isEqualTo("a"));
    assertThat(events.of(AttemptFailedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(events.of(BreakerStateChangedEvent.class)).isEmpty();
  }

  @Test
  void hedge_maxHedgesTwo_launchesTwoHedgesOnDifferentEndpoints() throws Exception {
    // Given two hanging endpoints and a fast third, up to two hedges 100 ms apart
    Scripted a = Scripted.always("a", ts, Step.hanging());
    Scripted b = Scripted.always("b", ts, Step.hanging());
    Scripted c = Scripted.always("c", ts, Step.ok());
    ModelClient client = client(Route.failover().tier(a).tier(b).tier(c)
        .hedgeAfter(Duration.ofMillis(100)).maxHedges(2).hedgeBudget(1.0, 10, Duration.ofSeconds(10)));
    // When
    CompletableFuture<ModelResponse> f = callAsync(client);
    ts.awaitScheduled(2, REAL_WAIT);
    ts.advance(Duration.ofMillis(100));
    ts.awaitScheduled(3, REAL_WAIT);
    ts.advance(Duration.ofMillis(100));
    ModelResponse r = f.get(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
    // Then
    assertThat(r.endpointId()).isEqualTo("c");
    assertThat(r.facts().attempts()).isEqualTo(3);
    assertThat(events.of(HedgeLaunchedEvent.class)).hasSize(2);
    assertThat(events.of(HedgeCancelledEvent.class)).extracting(HedgeCancelledEvent::endpointId)
        .containsExactlyInAnyOrder("a", "b");
    awaitIdle(a);
    awaitIdle(b);
  }

  @Test
  void hedge_budgetSpent_noHedgeAndFailoverAfterAttemptTimeout() throws Exception {
    // Given a hedge budget that allows nothing, and an attempt timeout of 2 s
    Scripted a = Scripted.always("a", ts, Step.hanging());
    Scripted b = Scripted.always("b", ts, Step.ok());
    ModelClient client = client(Route.failover().tier(a).tier(b).hedgeAfter(Duration.ofMillis(100))
        .hedgeBudget(0.01, 0, Duration.ofSeconds(10)).attemptTimeout(Duration.ofSeconds(2)));
    // When the hedge time passes, nothing is launched; at the attempt timeout the route fails over
    CompletableFuture<ModelResponse> f = callAsync(client);
    ts.awaitScheduled(2, REAL_WAIT);
    ts.advance(Duration.ofMillis(100));
    assertThat(b.calls).hasValue(0);
    ts.advance(Duration.ofMillis(1900));
    ModelResponse r = f.get(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
    // Then
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(r.facts().hedged()).isFalse();
    assertThat(events.of(HedgeLaunchedEvent.class)).isEmpty();
    awaitIdle(a);
  }

  @Test
  void hedge_refusedAtItsTime_asksAgainWhileRunning_andTheLateAskMayUseTheReserve() throws Exception {
    // Given a 5% budget without a floor: after 20 fast calls it holds one hedge, but the reserve
    // (a quarter of it) is kept for late asks, so an ask at the hedge time is refused
    Scripted a = Scripted.of("a", ts, n -> n < 20 ? Step.ok() : Step.hanging());
    Scripted b = Scripted.always("b", ts, Step.ok());
    ModelClient client = client(Route.failover().tier(a).tier(b).hedgeAfter(Duration.ofMillis(100))
        .hedgeBudget(0.05, 0, Duration.ofSeconds(10)));
    for (int i = 0; i < 20; i++) {
      assertThat(client.call(ModelRequest.chat("warm")).endpointId()).isEqualTo("a");
    }
    // When the 21st call's primary hangs past the hedge time
    CompletableFuture<ModelResponse> f = callAsync(client);
    ts.awaitScheduled(2, REAL_WAIT); // the attempt's timeout and the hedge timer
    ts.advance(Duration.ofMillis(100));
    // Then nothing is launched at once, but the call asks again half a delay later
    ts.awaitScheduled(2, REAL_WAIT);
    assertThat(b.calls).hasValue(0);
    assertThat(events.of(HedgeLaunchedEvent.class)).isEmpty();
    ts.advance(Duration.ofMillis(50));
    ModelResponse r = f.get(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(r.facts().hedged()).isTrue();
    assertThat(events.of(HedgeLaunchedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.delay()).isEqualTo(Duration.ofMillis(150)));
    awaitIdle(a);
  }

  @Test
  void hedge_adaptive_usesObservedQuantileAfterWarmUp() throws Exception {
    // Given an adaptive p95 hedge with a 10 s initial delay; 20 instant answers warm it up
    Scripted a = Scripted.of("a", ts, n -> n < 20 ? Step.ok() : Step.hanging());
    Scripted b = Scripted.always("b", ts, Step.ok());
    ModelClient client = client(Route.failover().tier(a).tier(b)
        .hedgeAdaptive(0.95, Duration.ofSeconds(10)).hedgeBudget(1.0, 10, Duration.ofSeconds(10)));
    for (int i = 0; i < 20; i++) {
      assertThat(client.call(ModelRequest.chat("warm")).endpointId()).isEqualTo("a");
    }
    // When the primary then hangs
    CompletableFuture<ModelResponse> f = callAsync(client);
    ts.awaitScheduled(2, REAL_WAIT);
    ts.advance(Duration.ofMillis(1));
    ModelResponse r = f.get(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
    // Then the hedge went after the observed p95 (0 ms, floored at 1 ms), not the initial 10 s
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(events.of(HedgeLaunchedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.delay()).isEqualTo(Duration.ofMillis(1)));
    awaitIdle(a);
  }

  @Test
  void call_callerInterrupted_cancelsAttemptsWithCancelled() throws Exception {
    // Given a hanging endpoint
    Scripted a = Scripted.always("a", ts, Step.hanging());
    ModelClient client = client(Route.failover().tier(a));
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller = new Thread(() -> {
      try {
        client.call(ModelRequest.chat("hi"));
        outcome.complete(null);
      } catch (RuntimeException e) {
        outcome.complete(e);
      }
    });
    caller.start();
    awaitActive(a, 1);
    // When the caller's thread is interrupted
    caller.interrupt();
    Throwable t = outcome.get(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
    // Then the call ends CANCELLED and the attempt is cancelled
    assertThat(t).isInstanceOfSatisfying(dev.mainstay.core.ModelException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    awaitIdle(a);
    assertThat(a.interrupted).hasValue(1);
  }

  /** Waits (bounded, real time) until the endpoint has no call running. */
  static void awaitIdle(Scripted e) throws InterruptedException {
    awaitActive(e, 0);
  }

  /** Waits (bounded, real time) until the endpoint runs exactly {@code n} calls. */
  static void awaitActive(Scripted e, int n) throws InterruptedException {
    long end = System.nanoTime() + REAL_WAIT.toNanos();
    while (e.active.get() != n) {
      if (System.nanoTime() > end) {
        throw new AssertionError("endpoint " + e + " runs " + e.active.get() + " calls, expected " + n);
      }
      Thread.sleep(1); // synchronisation only, not timing logic
    }
  }
}
