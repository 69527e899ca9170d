package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.failover.Scripted.Step;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

final class BalancingTest {
  private final Sim sim = new Sim();

  private static ModelRequest chat() {
    return ModelRequest.chat("hello");
  }

  private List<String> answers(ModelClient client, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(client.call(chat()).endpointId());
    }
    return out;
  }

  @Test
  void roundRobin_healthyTier_alternates() {
    // Given two endpoints in one tier
    Scripted a = Scripted.always("a", sim.time, Step.ok());
    Scripted b = Scripted.always("b", sim.time, Step.ok());
    ModelClient client = sim.client(Route.failover().tier(a, b).balancing(Balancing.ROUND_ROBIN));
    // When / Then
    assertThat(answers(client, 4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void weightedRandom_weights3to1_splitsTrafficByWeight() {
    // Given weights 3 and 1 and a seeded random source
    Scripted a = new Scripted(EndpointInfo.builder("a").weight(3).build(), sim.time, n -> Step.ok());
    Scripted b = new Scripted(EndpointInfo.builder("b").weight(1).build(), sim.time, n -> Step.ok());
    ModelClient client = sim.client(Route.failover().tier(a, b).balancing(Balancing.WEIGHTED_RANDOM)
        .random(new SplittableRandom(42)));
    // When
    answers(client, 4000);
    // Then about three quarters go to a
    assertThat(a.calls.get() / 4000.0).isBetween(0.72, 0.78);
  }

  @Test
  void peakEwma_slowAndFastEndpoint_prefersFast() {
    // Given a 100 ms and a 10 ms endpoint
    Scripted slow = Scripted.always("slow", sim.time, Step.ok(Duration.ofMillis(100)));
    Scripted fast = Scripted.always("fast", sim.time, Step.ok(Duration.ofMillis(10)));
    ModelClient client = sim.client(Route.failover().tier(slow, fast).balancing(Balancing.PEAK_EWMA));
    // When
    answers(client, 20);
    // Then after trying each once, the fast one takes the rest
    assertThat(slow.calls).hasValue(1);
    assertThat(fast.calls).hasValue(19);
  }

  @Test
  void peakEwma_latencySpike_shiftsTrafficAtOnce() {
    // Given two equal endpoints where a turns slow after 10 calls
    Scripted a = Scripted.of("a", sim.time, n -> Step.ok(Duration.ofMillis(n < 5 ? 10 : 500)));
    Scripted b = Scripted.always("b", sim.time, Step.ok(Duration.ofMillis(20)));
    ModelClient client = sim.client(Route.failover().tier(a, b).balancing(Balancing.PEAK_EWMA)
        .peakEwmaDecay(Duration.ofSeconds(1)));
    // When
    answers(client, 40);
    // Then one slow answer moved the traffic to b (peak), a gets only decay-driven re-tries
    assertThat(a.calls.get()).isLessThan(10);
  }

  @Test
  void cost_pricedEndpoints_cheapestFirstThenNext() {
    // Given an expensive and a cheap endpoint
    Scripted pricey = new Scripted(EndpointInfo.builder("pricey").pricePerMillion(10, 30).build(), sim.time,
        n -> Step.ok());
    Scripted cheap = new Scripted(EndpointInfo.builder("cheap").pricePerMillion(0.1, 0.4).build(), sim.time,
        n -> n < 3 ? Step.ok() : Step.fail(ErrorKind.TRANSIENT));
    ModelClient client = sim.client(Route.failover().tier(pricey, cheap).balancing(Balancing.COST));
    // When / Then
    assertThat(answers(client, 4)).containsExactly("cheap", "cheap", "cheap", "pricey");
  }

  @Test
  void leastOutstanding_busyEndpoint_isAvoided() throws Exception {
    // Given three endpoints where a's first call hangs (real threads, manual clock)
    ManualTimeSource ts = new ManualTimeSource();
    Scripted a = Scripted.of("a", ts, n -> n == 0 ? Step.hanging() : Step.ok());
    Scripted b = Scripted.always("b", ts, Step.ok());
    Scripted c = Scripted.always("c", ts, Step.ok());
    ModelClient client = Mainstay.client("lor").route(Route.failover().tier(a, b, c)
        .balancing(Balancing.LEAST_OUTSTANDING)).timeSource(ts).build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture<ModelResponse> first = CompletableFuture.supplyAsync(() -> client.call(chat()), pool);
      HedgingTest.awaitActive(a, 1);
      // When six more calls arrive while a is busy
      List<String> rest = answers(client, 6);
      // Then none goes to a
      assertThat(rest).doesNotContain("a").contains("b", "c");
      a.release.countDown();
      assertThat(first.get().endpointId()).isEqualTo("a");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void region_callerRegion_preferredAndSpillsOverOnlyWhileLocalUnhealthy() {
    // Given a tier with one endpoint in each of two regions; eu's fails twice then recovers
    Scripted us = new Scripted(EndpointInfo.builder("us").region("us-east-1").build(), sim.time, n -> Step.ok());
    Scripted eu = new Scripted(EndpointInfo.builder("eu").region("eu-west-1").build(), sim.time,
        n -> n < 2 ? Step.fail(ErrorKind.UNAVAILABLE) : Step.ok());
    ModelClient client = sim.client(Route.failover().tier(us, eu).localRegion("us-east-1")
        .outlierEjection(2, Duration.ofSeconds(30)));
    ModelRequest fromEu = chat().attribute(FailoverRouter.REGION_ATTRIBUTE, "eu-west-1");
    // When / Then callers without the attribute use the route's local region
    assertThat(answers(client, 3)).containsOnly("us");
    // eu callers spill over to us while eu fails, and it gets ejected
    assertThat(client.call(fromEu).endpointId()).isEqualTo("us");
    assertThat(client.call(fromEu).endpointId()).isEqualTo("us");
    assertThat(client.call(fromEu).endpointId()).isEqualTo("us");
    assertThat(eu.calls).hasValue(2);
    // once it is re-admitted, eu callers go back to eu
    sim.time.advance(Duration.ofSeconds(30));
    assertThat(client.call(fromEu).endpointId()).isEqualTo("eu");
    assertThat(client.call(fromEu).endpointId()).isEqualTo("eu");
  }

  @Test
  void endpoints_groupedByInfoTier_lowestTierFirst() {
    Scripted t1 = new Scripted(EndpointInfo.builder("t1").tier(1).build(), sim.time, n -> Step.ok());
    Scripted t0 = new Scripted(EndpointInfo.builder("t0").tier(0).build(), sim.time, n -> Step.fail(ErrorKind.TRANSIENT));
    ModelClient client = sim.client(Route.failover().endpoints(List.of(t1, t0)));
    assertThat(client.call(chat()).endpointId()).isEqualTo("t1");
    assertThat(t0.calls).hasValue(1);
  }
}
