package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.AllEndpointsFailedException;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import dev.mainstay.failover.Scripted.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants over random fault schedules, on simulated time (deterministic, no real waiting). */
final class FailoverProperties {
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

  /** What one endpoint does on its n-th call: a list cycled through. */
  record Behaviour(List<Step> steps) {
    Step at(int n) {
      return steps.get(n % steps.size());
    }

    /** Whether this endpoint answers its n-th call within the attempt timeout. */
    boolean answers(int n) {
      Step s = at(n);
      return s.fail() == null && !s.hang() && s.latency().compareTo(ATTEMPT_TIMEOUT) < 0;
    }
  }

  @Provide
  Arbitrary<Step> steps() {
    Arbitrary<Integer> latencyMs = Arbitraries.integers().between(0, 1500);
    Arbitrary<ErrorKind> kinds = Arbitraries.of(ErrorKind.TRANSIENT, ErrorKind.TIMEOUT, ErrorKind.RATE_LIMITED,
        ErrorKind.OVERLOADED, ErrorKind.UNAVAILABLE, ErrorKind.INVALID_OUTPUT, ErrorKind.AUTHENTICATION,
        ErrorKind.NOT_FOUND);
    Arbitrary<Step> ok = latencyMs.map(ms -> Step.ok(Duration.ofMillis(ms)));
    Arbitrary<Step> fail = Combinators.combine(kinds, latencyMs, Arbitraries.integers().between(0, 3000))
        .as((k, ms, ra) -> new Step(Duration.ofMillis(ms), k,
            k == ErrorKind.RATE_LIMITED && ra > 0 ? Duration.ofMillis(ra) : null, "", false));
    Arbitrary<Step> hang = Arbitraries.just(Step.hanging());
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, ok), net.jqwik.api.Tuple.of(5, fail), net.jqwik.api.Tuple.of(1, hang));
  }

  @Provide
  Arbitrary<List<Behaviour>> schedules() {
    return steps().list().ofMinSize(1).ofMaxSize(4).map(Behaviour::new).list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 200)
  void route_randomFaults_succeedsIffSomeEndpointAnswersAndEndsInTime(
      @ForAll("schedules") List<Behaviour> behaviours,
      @ForAll @IntRange(min = 0, max = 3) int tierSplit,
      @ForAll boolean hedging,
      @ForAll boolean listening,
      @ForAll long seed) {
    // Given endpoints with scripted faults, split into tiers, and enough time to try each once
    Sim sim = new Sim();
    List<Scripted> endpoints = new ArrayList<>();
    for (int i = 0; i < behaviours.size(); i++) {
      Behaviour b = behaviours.get(i);
      endpoints.add(Scripted.of("e" + i, sim.time, b::at));
    }
    FailoverRouter route = Route.failover().retries(behaviours.size()).attemptTimeout(ATTEMPT_TIMEOUT)
        .random(new SplittableRandom(seed)).balancing(Balancing.values()[(int) Math.floorMod(seed, 5L)]);
    int split = Math.min(tierSplit, endpoints.size() - 1);
    if (split > 0) {
      route.tier(endpoints.get(0), endpoints.subList(1, split + 1).toArray(new Endpoint[0]));
      if (split + 1 < endpoints.size()) {
        route.tier(endpoints.get(split + 1), endpoints.subList(split + 2, endpoints.size()).toArray(new Endpoint[0]));
      }
    } else {
      route.tier(endpoints.get(0), endpoints.subList(1, endpoints.size()).toArray(new Endpoint[0]));
    }
    if (hedging) {
      route.hedgeAfter(Duration.ofMillis(300));
    }
    Duration timeout = ATTEMPT_TIMEOUT.multipliedBy(behaviours.size()).plusSeconds(1);
    ModelClient client = sim.client(route, timeout, listening);

    for (int call = 0; call < 3; call++) {
      // When
      int[] before = new int[endpoints.size()];
      boolean someoneAnswers = false;
      for (int i = 0; i < endpoints.size(); i++) {
        before[i] = endpoints.get(i).calls.get();
        // an endpoint tried in this call sees its next scripted step
        someoneAnswers |= behaviours.get(i).answers(before[i]);
      }
      Duration start = sim.time.elapsed();
      ModelResponse response = null;
      ModelException failure = null;
      try {
        response = client.call(ModelRequest.chat("q"));
      } catch (ModelException e) {
        failure = e;
      }
      Duration took = sim.time.elapsed().minus(start);

      // Then: success exactly when someone can answer in time (cooldowns may hide an endpoint
      // only when it already failed with 429, which also means it cannot answer its next step
      // unless the cooldown has passed; we assert the strong direction only for fresh endpoints)
      if (someoneAnswers && allFresh(endpoints, before)) {
        assertThat(failure).as("call %d with %s", call, behaviours).isNull();
      }
      if (!anyCanEverAnswer(behaviours, before)) {
        assertThat(response).as("nobody can answer").isNull();
        assertThat(failure).isInstanceOf(AllEndpointsFailedException.class);
      }
      if (response != null) {
        assertThat(response.facts().attempts()).isBetween(1, behaviours.size() + 1);
      }
      // every call ends within its deadline (simulated time is exact)
      assertThat(took).isLessThanOrEqualTo(timeout);
      // no attempt leaks: every started attempt ended, and no endpoint is still running
      if (listening) {
        assertThat(sim.events.of(AttemptStartedEvent.class)).hasSize(
            sim.events.of(AttemptSucceededEvent.class).size() + sim.events.of(AttemptFailedEvent.class).size());
      }
      for (Scripted s : endpoints) {
        assertThat(s.active).hasValue(0);
      }
    }
  }

  /** No endpoint has been called yet in a previous call (so no cooldown, breaker or ejection state). */
  private static boolean allFresh(List<Scripted> endpoints, int[] before) {
    for (int b : before) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether any endpoint would answer its next call or a later retry (within the script cycle). */
  private static boolean anyCanEverAnswer(List<Behaviour> behaviours, int[] before) {
    for (int i = 0; i < behaviours.size(); i++) {
      Behaviour b = behaviours.get(i);
      for (int k = 0; k < b.steps().size(); k++) {
        if (b.answers(before[i] + k)) {
          return true;
        }
      }
    }
    return false;
  }

  @Property(tries = 300)
  void backoff_anyRetry_staysWithinBounds(
      @ForAll @IntRange(min = 0, max = 5000) int initialMs,
      @ForAll @IntRange(min = 0, max = 60000) int extraMs,
      @ForAll @IntRange(min = 1, max = 80) int retry,
      @ForAll @IntRange(min = 0, max = 120000) int previousMs,
      @ForAll Backoff.Jitter jitter,
      @ForAll long seed) {
    // Given any backoff
    Backoff b = new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(initialMs + (long) extraMs), jitter);
    // When
    Duration d = b.delay(retry, Duration.ofMillis(previousMs), new SplittableRandom(seed));
    // Then it is never negative nor above the cap, and each jitter keeps its own bounds
    assertThat(d).isBetween(Duration.ZERO, b.max());
    // the exponential cap min(max, initial * 2^(retry-1)), computed without overflow
    java.math.BigInteger exp = java.math.BigInteger.valueOf(b.initial().toNanos()).shiftLeft(retry - 1);
    long cap = exp.min(java.math.BigInteger.valueOf(b.max().toNanos())).longValueExact();
    switch (jitter) {
      case NONE:
        assertThat(d.toNanos()).isEqualTo(cap);
        break;
      case FULL:
        assertThat(d.toNanos()).isLessThanOrEqualTo(cap);
        break;
      case DECORRELATED:
        assertThat(d.toNanos()).isGreaterThanOrEqualTo(Math.min(b.initial().toNanos(), b.max().toNanos()));
        long prev = Math.max(b.initial().toNanos(), Duration.ofMillis(previousMs).toNanos());
        assertThat(d.toNanos()).isLessThanOrEqualTo(Math.max(b.initial().toNanos(), Math.min(b.max().toNanos(), prev * 3)));
        break;
    }
  }

  @Property(tries = 50)
  void builder_anySettingOrder_sameBehaviour(@ForAll @Size(min = 1, max = 1) List<@IntRange(min = 0, max = 1) Integer> order) {
    // Given the same settings in two orders
    Sim s1 = new Sim();
    Sim s2 = new Sim();
    Scripted a1 = Scripted.of("a", s1.time, n -> n == 0 ? Step.fail(ErrorKind.TRANSIENT) : Step.ok());
    Scripted b1 = Scripted.always("b", s1.time, Step.ok());
    Scripted a2 = Scripted.of("a", s2.time, n -> n == 0 ? Step.fail(ErrorKind.TRANSIENT) : Step.ok());
    Scripted b2 = Scripted.always("b", s2.time, Step.ok());
    FailoverRouter r1 = Route.failover().tier(a1).tier(b1).retries(2).attemptTimeout(ATTEMPT_TIMEOUT);
    FailoverRouter r2 = order.get(0) == 0
        ? Route.failover().attemptTimeout(ATTEMPT_TIMEOUT).retries(2).tier(a2).tier(b2)
        : Route.failover().retries(2).tier(a2).attemptTimeout(ATTEMPT_TIMEOUT).tier(b2);
    // When / Then
    assertThat(s1.client(r1).call(ModelRequest.chat("x")).endpointId())
        .isEqualTo(s2.client(r2).call(ModelRequest.chat("x")).endpointId());
  }
}
