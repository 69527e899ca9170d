package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.AllEndpointsFailedException;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.EndpointCooledDownEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.core.event.RetryScheduledEvent;
import dev.mainstay.failover.Scripted.Step;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class FailoverRouteTest {
  private final Sim sim = new Sim();

  private Scripted ok(String id) {
    return Scripted.always(id, sim.time, Step.text("from " + id));
  }

  private Scripted failing(String id, ErrorKind kind) {
    return Scripted.always(id, sim.time, Step.fail(kind));
  }

  private static ModelRequest chat() {
    return ModelRequest.chat("hello");
  }

  @Test
  void route_primaryHealthy_answersFromPrimaryInOneAttempt() {
    // Given a primary and a backup tier
    Scripted a = ok("a");
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b));
    // When
    ModelResponse r = client.call(chat());
    // Then
    assertThat(r.endpointId()).isEqualTo("a");
    assertThat(r.facts().attempts()).isEqualTo(1);
    assertThat(r.facts().hedged()).isFalse();
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void route_primaryTransient_failsOverAtOnceWithReason() {
    // Given a primary failing with a transient error
    Scripted a = failing("a", ErrorKind.TRANSIENT);
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b));
    // When
    ModelResponse r = client.call(chat());
    // Then the backup answers without any wait, and the failover is an event with its reason
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(r.facts().attempts()).isEqualTo(2);
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ZERO);
    List<FailedOverEvent> fo = sim.events.of(FailedOverEvent.class);
    assertThat(fo).hasSize(1);
    assertThat(fo.get(0).fromEndpointId()).isEqualTo("a");
    assertThat(fo.get(0).toEndpointId()).isEqualTo("b");
    assertThat(fo.get(0).reason()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void route_everyEndpointFails_throwsAllAttemptsInOrder() {
    // Given three endpoints that all fail in different ways, and a budget of three attempts
    Scripted a = failing("a", ErrorKind.TRANSIENT);
    Scripted b = failing("b", ErrorKind.OVERLOADED);
    Scripted c = failing("c", ErrorKind.AUTHENTICATION);
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).tier(c).retries(2));
    // When / Then
    assertThatThrownBy(() -> client.call(chat()))
        .isInstanceOfSatisfying(AllEndpointsFailedException.class, e -> {
          List<String> ids = new ArrayList<>();
          for (ModelException m : e.attempts()) {
            ids.add(m.endpointId().orElseThrow());
          }
          assertThat(ids).containsExactly("a", "b", "c");
          assertThat(e.getSuppressed()).hasSize(3);
          assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
          assertThat(e.attempts().get(0).attempt()).isEqualTo(1);
          assertThat(e.attempts().get(2).attempt()).isEqualTo(3);
        });
  }

  @Test
  void route_onlyEndpointTransient_retriesSameAfterExponentialBackoff() {
    // Given one endpoint failing twice, then answering; backoff 100 ms doubling, no jitter
    Scripted a = Scripted.of("a", sim.time, n -> n < 2 ? Step.fail(ErrorKind.TRANSIENT) : Step.ok());
    ModelClient client = sim.client(Route.failover().tier(a).retries(3)
        .backoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).withJitter(Backoff.Jitter.NONE)));
    // When
    ModelResponse r = client.call(chat());
    // Then it waited 100 ms then 200 ms on the time source
    assertThat(r.facts().attempts()).isEqualTo(3);
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ofMillis(300));
    assertThat(sim.events.of(RetryScheduledEvent.class))
        .extracting(RetryScheduledEvent::backoff)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void route_backoffWouldPassDeadline_givesUpAtOnce() {
    // Given one endpoint that always fails transiently and a backoff longer than the call's time
    Scripted a = failing("a", ErrorKind.TRANSIENT);
    ModelClient client = sim.client(Route.failover().tier(a).retries(5)
        .backoff(new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5), Backoff.Jitter.NONE)),
        Duration.ofSeconds(2));
    // When / Then it fails without sleeping past the deadline
    assertThatThrownBy(() -> client.call(chat())).isInstanceOf(AllEndpointsFailedException.class)
        .extracting(e -> ((ModelException) e).kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(sim.time.elapsed()).isLessThan(Duration.ofSeconds(2));
    assertThat(a.calls).hasValue(1);
  }

  @Test
  void route_rateLimited_coolsDownEndpointAndGoesElsewhereAtOnce() {
    // Given a primary answering 429 with Retry-After 5 s once, then healthy
    Scripted a = Scripted.of("a", sim.time, n -> n == 0 ? Step.rateLimited(Duration.ofSeconds(5)) : Step.ok());
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b));
    // When
    ModelResponse first = client.call(chat());
    ModelResponse second = client.call(chat());
    sim.time.advance(Duration.ofSeconds(5));
    ModelResponse third = client.call(chat());
    // Then the backup answered at once, the primary was skipped while cooling, then used again
    assertThat(first.endpointId()).isEqualTo("b");
    assertThat(second.endpointId()).isEqualTo("b");
    assertThat(third.endpointId()).isEqualTo("a");
    assertThat(a.calls).hasValue(2);
    assertThat(sim.events.of(EndpointCooledDownEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.cooldown()).isEqualTo(Duration.ofSeconds(5)));
  }

  @Test
  void route_onlyEndpointRateLimited_waitsRetryAfterWithinDeadline() {
    // Given the only endpoint answers 429 (Retry-After 2 s) once
    Scripted a = Scripted.of("a", sim.time, n -> n == 0 ? Step.rateLimited(Duration.ofSeconds(2)) : Step.ok());
    ModelClient client = sim.client(Route.failover().tier(a));
    // When
    ModelResponse r = client.call(chat());
    // Then the route waited exactly the Retry-After
    assertThat(r.facts().attempts()).isEqualTo(2);
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void route_retryAfterBeyondDeadline_failsFastWithRetryAfter() {
    // Given the only endpoint asks for 60 s and the call has 10 s
    Scripted a = Scripted.always("a", sim.time, Step.rateLimited(Duration.ofSeconds(60)));
    ModelClient client = sim.client(Route.failover().tier(a));
    // When / Then
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(60));
    });
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void route_contextTooLong_goesOnlyToLargerContextEndpoint() {
    // Given an 8k endpoint that rejects the prompt, a 4k and a 128k endpoint
    Scripted a = new Scripted(EndpointInfo.builder("a8k").maxContextTokens(8_000).build(), sim.time,
        n -> Step.fail(ErrorKind.CONTEXT_TOO_LONG));
    Scripted b = new Scripted(EndpointInfo.builder("b4k").maxContextTokens(4_000).build(), sim.time, n -> Step.ok());
    Scripted c = new Scripted(EndpointInfo.builder("c128k").maxContextTokens(128_000).build(), sim.time, n -> Step.ok());
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).tier(c));
    // When
    ModelResponse r = client.call(chat());
    // Then
    assertThat(r.endpointId()).isEqualTo("c128k");
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void route_contentFilteredByDefault_endsCall() {
    Scripted a = failing("a", ErrorKind.CONTENT_FILTERED);
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b));
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(ModelException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONTENT_FILTERED));
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void route_contentFilteredWithFailover_triesNext() {
    Scripted a = failing("a", ErrorKind.CONTENT_FILTERED);
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).failoverOnContentFiltered(true));
    assertThat(client.call(chat()).endpointId()).isEqualTo("b");
  }

  @Test
  void route_invalidRequest_neitherRetriesNorFailsOver() {
    Scripted a = failing("a", ErrorKind.INVALID_REQUEST);
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b));
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(ModelException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    assertThat(a.calls).hasValue(1);
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void route_failoverKinds_eachFailsOverToBackup() {
    for (ErrorKind kind : ErrorKind.values()) {
      if (!kind.failover() || kind == ErrorKind.CONTEXT_TOO_LONG) {
        continue; // CONTEXT_TOO_LONG needs a larger window: its own test
      }
      // Given a primary failing with this kind
      Sim s = new Sim();
      Scripted a = kind == ErrorKind.RATE_LIMITED
          ? Scripted.always("a", s.time, Step.rateLimited(null))
          : Scripted.always("a", s.time, Step.fail(kind));
      Scripted b = new Scripted(EndpointInfo.builder("b").build(), s.time, n -> Step.ok());
      ModelClient client = s.client(Route.failover().tier(a).tier(b));
      // When / Then the backup answers
      assertThat(client.call(chat()).endpointId()).as(kind.name()).isEqualTo("b");
    }
  }

  @Test
  void route_emptyAnswerWithValidator_failsOverAsInvalidOutput() {
    // Given a primary answering blank text and a nonEmpty validator
    Scripted a = Scripted.always("a", sim.time, Step.text("  "));
    Scripted b = ok("b");
    ModelClient client = dev.mainstay.core.Mainstay.client("v")
        .route(Route.failover().tier(a).tier(b))
        .with(ResponseValidators.nonEmpty())
        .timeSource(sim.time).executor(new DirectExecutor()).attemptIsolation(dev.mainstay.core.AttemptIsolation.CALLER).listener(sim.events).build();
    // When
    ModelResponse r = client.call(chat());
    // Then
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(sim.events.of(FailedOverEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ErrorKind.INVALID_OUTPUT));
  }

  @Test
  void route_attemptTimeout_failsOverAfterTimeoutAndCountsAgainstBreaker() {
    // Given a hanging primary and an attempt timeout of 1 s
    Scripted a = Scripted.always("a", sim.time, Step.hanging());
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).attemptTimeout(Duration.ofSeconds(1)));
    // When
    ModelResponse r = client.call(chat());
    // Then
    assertThat(r.endpointId()).isEqualTo("b");
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sim.events.of(FailedOverEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo(ErrorKind.TIMEOUT));
  }

  @Test
  void route_everythingHangs_endsAtDeadlineWithTimeout() {
    // Given two hanging endpoints and no attempt timeout
    Scripted a = Scripted.always("a", sim.time, Step.hanging());
    Scripted b = Scripted.always("b", sim.time, Step.hanging());
    ModelClient client = sim.client(Route.failover().tier(a).tier(b), Duration.ofSeconds(3));
    // When / Then the call ends exactly at its deadline, never later
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(AllEndpointsFailedException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.calls).hasValue(0);
  }

  @Test
  void route_breakerOpens_skipsPrimaryThenFailsBackThroughHalfOpen() {
    // Given a primary failing 4 times then healthy, and a small breaker (window 4, opens at 50%)
    Scripted a = Scripted.of("a", sim.time, n -> n < 4 ? Step.fail(ErrorKind.TRANSIENT) : Step.ok());
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).noOutlierEjection()
        .circuitBreaker(CircuitBreakerConfig.custom()
            .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(10))
            .permittedNumberOfCallsInHalfOpenState(1).build()));
    // When four calls fail over, the breaker opens
    for (int i = 0; i < 4; i++) {
      assertThat(client.call(chat()).endpointId()).isEqualTo("b");
    }
    // Then the primary is skipped while open
    assertThat(client.call(chat()).endpointId()).isEqualTo("b");
    assertThat(a.calls).hasValue(4);
    // When the open wait passes on the time source, the next call probes it half-open and fails back
    sim.time.advance(Duration.ofSeconds(10).plusMillis(1));
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
    assertThat(sim.events.of(BreakerStateChangedEvent.class))
        .extracting(e -> e.fromState() + "->" + e.toState())
        .containsExactly("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED");
  }

  @Test
  void route_consecutiveFailures_ejectOutlierUntilReadmission() {
    // Given ejection after 2 consecutive failures for 30 s, no breaker
    Scripted a = Scripted.of("a", sim.time, n -> n < 2 ? Step.fail(ErrorKind.UNAVAILABLE) : Step.ok());
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).circuitBreaker(null)
        .outlierEjection(2, Duration.ofSeconds(30)));
    // When
    client.call(chat());
    client.call(chat());
    // Then it is ejected and skipped until readmission
    assertThat(sim.events.of(EndpointEjectedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.consecutiveFailures()).isEqualTo(2));
    assertThat(client.call(chat()).endpointId()).isEqualTo("b");
    assertThat(a.calls).hasValue(2);
    sim.time.advance(Duration.ofSeconds(30));
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
  }

  @Test
  void route_repeatedEjection_backsOffLongerUpToTheCap_andResetsAfterStayingHealthy() {
    // Given ejection after 1 failure, 10 s base, 25 s cap, and a primary that fails while told to
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    Scripted a = Scripted.of("a", sim.time, n -> down.get() ? Step.fail(ErrorKind.UNAVAILABLE) : Step.ok());
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b).circuitBreaker(null)
        .outlierEjection(1, Duration.ofSeconds(10), Duration.ofSeconds(25)));
    // When it fails each time it comes back
    for (int i = 0; i < 4; i++) {
      assertThat(client.call(chat()).endpointId()).isEqualTo("b");
      List<EndpointEjectedEvent> ej = sim.events.of(EndpointEjectedEvent.class);
      Duration out = ej.get(ej.size() - 1).ejection();
      // Then it stays out for base * times ejected, capped, and is skipped until then
      sim.time.advance(out.minusMillis(1));
      assertThat(client.call(chat()).endpointId()).isEqualTo("b");
      assertThat(a.calls).hasValue(i + 1);
      sim.time.advance(Duration.ofMillis(1));
    }
    assertThat(sim.events.of(EndpointEjectedEvent.class)).extracting(EndpointEjectedEvent::ejection)
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(25),
            Duration.ofSeconds(25));
    // When it comes back healthy and stays admitted for 3 base times, one ejection is forgiven per base
    down.set(false);
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
    sim.time.advance(Duration.ofSeconds(30));
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
    down.set(true);
    assertThat(client.call(chat()).endpointId()).isEqualTo("b");
    // Then 4 ejections minus 3 forgiven: the next lasts 2 * base
    List<EndpointEjectedEvent> ej = sim.events.of(EndpointEjectedEvent.class);
    assertThat(ej.get(ej.size() - 1).ejection()).isEqualTo(Duration.ofSeconds(20));
    // And after staying admitted long enough it is back to the base time
    sim.time.advance(Duration.ofSeconds(20));
    down.set(false);
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
    sim.time.advance(Duration.ofMinutes(5));
    down.set(true);
    assertThat(client.call(chat()).endpointId()).isEqualTo("b");
    ej = sim.events.of(EndpointEjectedEvent.class);
    assertThat(ej.get(ej.size() - 1).ejection()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void builder_maxEjectionBelowBase_rejected() {
    assertThatThrownBy(() -> Route.failover().outlierEjection(1, Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEjection");
  }

  @Test
  void route_allBreakersOpen_failsFastUnavailableWithoutAttempts() {
    // Given one endpoint whose breaker is forced open by failures
    Scripted a = failing("a", ErrorKind.TRANSIENT);
    ModelClient client = sim.client(Route.failover().tier(a).retries(0).noOutlierEjection()
        .circuitBreaker(CircuitBreakerConfig.custom()
            .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .waitDurationInOpenState(Duration.ofMinutes(5)).build()));
    assertThatThrownBy(() -> client.call(chat())).isInstanceOf(ModelException.class);
    // When / Then
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(AllEndpointsFailedException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
      assertThat(e.attempts()).isEmpty();
    });
    assertThat(a.calls).hasValue(1);
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void route_messagesNeverEchoPrompt() {
    // Given a prompt with a canary and endpoints that all fail
    String canary = "CANARY-7f3a-secret";
    Scripted a = failing("a", ErrorKind.TRANSIENT);
    Scripted b = failing("b", ErrorKind.CONTEXT_TOO_LONG);
    ModelClient client = sim.client(Route.failover().tier(a, b));
    // When / Then
    assertThatThrownBy(() -> client.call(ModelRequest.chat(canary)))
        .satisfies(e -> {
          assertThat(e.getMessage()).doesNotContain(canary);
          for (Throwable s : e.getSuppressed()) {
            assertThat(s.getMessage()).doesNotContain(canary);
          }
        });
    assertThat(sim.events.events.toString()).doesNotContain(canary);
  }

  @Test
  void route_close_closesEveryEndpoint() {
    Scripted a = ok("a");
    Scripted b = ok("b");
    ModelClient client = sim.client(Route.failover().tier(a).tier(b));
    client.close();
    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
  }

  @Test
  void builder_settingTwice_throws() {
    FailoverRouter r = Route.failover().retries(1);
    assertThatThrownBy(() -> r.retries(2)).isInstanceOf(IllegalStateException.class);
    FailoverRouter h = Route.failover().hedgeAfter(Duration.ofMillis(5));
    assertThatThrownBy(() -> h.hedgeAdaptive(0.95, Duration.ofMillis(5))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Route.failover().retries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.client(Route.failover())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_duplicateEndpointIds_rejected() {
    Scripted a = ok("a");
    Scripted a2 = ok("a");
    assertThatThrownBy(() -> sim.client(Route.failover().tier(a).tier(a2)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'a'");
  }
}
