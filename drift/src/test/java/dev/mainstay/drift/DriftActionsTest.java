package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointDegradedEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.core.event.ModelRolledBackEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class DriftActionsTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final List<ModelEvent> published = new CopyOnWriteArrayList<>();

  /** A context that only records what is published, for calling actions directly. */
  private final ClientContext context = new ClientContext() {
    @Override
    public String clientName() {
      return "fraud";
    }

    @Override
    public dev.mainstay.core.TimeSource timeSource() {
      return time;
    }

    @Override
    public Duration defaultTimeout() {
      return Duration.ofSeconds(1);
    }

    @Override
    public boolean publishing() {
      return true;
    }

    @Override
    public void publish(ModelEvent event) {
      published.add(event);
    }

    @Override
    public ModelClient attemptChain(
        dev.mainstay.core.Endpoint endpoint, java.util.function.UnaryOperator<ModelClient> protection) {
      throw new UnsupportedOperationException();
    }

    @Override
    public dev.mainstay.core.AttemptLauncher attempts() {
      throw new UnsupportedOperationException();
    }
  };

  private DriftDetectedEvent alarm(String endpoint, String model, String signal) {
    return new DriftDetectedEvent("fraud", "r1", time.now(), endpoint, model, signal, "ks", 0.3,
        0.01, 0.001, 500);
  }

  @Test
  void degradation_alarmOnEndpoint_marksItUntilExpiryAndPublishes() {
    // Given a policy degrading for 10 minutes
    EndpointDegradation policy = EndpointDegradation.builder()
        .degradeFor(Duration.ofMinutes(10)).coolDown(Duration.ofMinutes(30)).timeSource(time).build();
    // When an alarm arrives for endpoint a
    policy.onDrift(alarm("a", "v1", "score"), context);
    // Then a is degraded, b is not, and one event says until when
    assertThat(policy.isDegraded("a")).isTrue();
    assertThat(policy.isDegraded("b")).isFalse();
    assertThat(policy.remaining("a")).contains(Duration.ofMinutes(10));
    assertThat(published).singleElement().isInstanceOfSatisfying(EndpointDegradedEvent.class, e -> {
      assertThat(e.endpointId()).isEqualTo("a");
      assertThat(e.reason()).isEqualTo("drift:score");
      assertThat(e.until()).isEqualTo(time.now().plus(Duration.ofMinutes(10)));
    });
    // And after 10 minutes it is healthy again
    time.advance(Duration.ofMinutes(10));
    assertThat(policy.isDegraded("a")).isFalse();
  }

  @Test
  void degradation_repeatedAlarms_withinCoolDown_doNotFlap() {
    // Given a policy with a 30-minute cool-down
    EndpointDegradation policy = EndpointDegradation.builder()
        .degradeFor(Duration.ofMinutes(5)).coolDown(Duration.ofMinutes(30)).timeSource(time).build();
    policy.onDrift(alarm("a", "v1", "score"), context);
    // When alarms keep coming after the mark expired but inside the cool-down
    time.advance(Duration.ofMinutes(6));
    policy.onDrift(alarm("a", "v1", "score"), context);
    // Then the endpoint is not re-marked
    assertThat(policy.isDegraded("a")).isFalse();
    assertThat(published).hasSize(1);
    // And once the cool-down passed, an alarm marks it again
    time.advance(Duration.ofMinutes(25));
    policy.onDrift(alarm("a", "v1", "score"), context);
    assertThat(policy.isDegraded("a")).isTrue();
    assertThat(published).hasSize(2);
  }

  @Test
  void degradation_clientWideOrFilteredSignal_isIgnored() {
    // Given a policy for the score signal only
    EndpointDegradation policy =
        EndpointDegradation.builder().signals(Set.of("score")).timeSource(time).build();
    // When a client-wide alarm and an alarm of another signal arrive
    policy.onDrift(alarm("", "", "score"), context);
    policy.onDrift(alarm("a", "v1", "latency_ms"), context);
    // Then nothing is marked
    assertThat(policy.isDegraded("a")).isFalse();
    assertThat(published).isEmpty();
    assertThat(EndpointHealth.allHealthy().isDegraded("a")).isFalse();
  }

  @Test
  void aliases_promoteAndRollback_keepHistory() {
    // Given fraud -> v1 -> v2
    ModelAliases aliases = ModelAliases.create().promote("fraud", "fraud-v1").promote("fraud", "fraud-v2");
    // When/Then
    assertThat(aliases.current("fraud")).contains("fraud-v2");
    assertThat(aliases.history("fraud")).containsExactly("fraud-v2", "fraud-v1");
    assertThat(aliases.aliasOf("fraud-v2")).contains("fraud");
    assertThat(aliases.rollbackFrom("fraud", "fraud-v1")).isEmpty();
    assertThat(aliases.rollback("fraud")).contains("fraud-v1");
    assertThat(aliases.rollback("fraud")).isEmpty();
    assertThat(aliases.resolve("other")).isEqualTo("other");
  }

  @Test
  void rollback_alarmOnCurrentVersion_switchesBackOnceWithinCoolDown() {
    // Given fraud -> v1 -> v2 -> v3 and a rollback policy with a cool-down
    ModelAliases aliases = ModelAliases.create()
        .promote("fraud", "v1").promote("fraud", "v2").promote("fraud", "v3");
    ModelRollback policy =
        ModelRollback.builder(aliases).coolDown(Duration.ofMinutes(30)).timeSource(time).build();
    // When v3 drifts
    policy.onDrift(alarm("a", "v3", "score"), context);
    // Then fraud points at v2 and an event says so
    assertThat(aliases.current("fraud")).contains("v2");
    assertThat(published).singleElement().isInstanceOfSatisfying(ModelRolledBackEvent.class, e -> {
      assertThat(e.alias()).isEqualTo("fraud");
      assertThat(e.from()).isEqualTo("v3");
      assertThat(e.to()).isEqualTo("v2");
    });
    // And when v2 drifts right away, the cool-down keeps it
    policy.onDrift(alarm("a", "v2", "score"), context);
    assertThat(aliases.current("fraud")).contains("v2");
    // And a late alarm on the old v3 changes nothing
    time.advance(Duration.ofHours(1));
    policy.onDrift(alarm("a", "v3", "score"), context);
    assertThat(aliases.current("fraud")).contains("v2");
  }

  @Test
  void rollback_endToEnd_shiftedNewVersionIsRolledBackAndTrafficRecovers() {
    // Given alias fraud -> fraud-v2 (fraud-v1 behind it), whose scores shift up after call 100
    ModelAliases aliases = ModelAliases.create().promote("fraud", "fraud-v1").promote("fraud", "fraud-v2");
    FakePredictEndpoint endpoint =
        new FakePredictEndpoint("fraud-eu", 3, 100, 0.2, 0.5, 0, "fraud-v2"::equals);
    Signal score = Signal.score().detector(() -> Detectors.pageHinkley(
        PageHinkleyConfig.builder().threshold(5).build()));
    DriftMonitor monitor = DriftMonitor.builder().signal(score).perClient(false)
        .action(ModelRollback.builder(aliases).timeSource(time).build())
        .build();
    List<String> modelsSeen = new CopyOnWriteArrayList<>();
    try (ModelClient client = Mainstay.client("fraud").endpoint(endpoint).timeSource(time)
        .with(aliases).with(monitor).listener(published::add).build()) {
      // When callers keep asking for the alias
      for (int i = 0; i < 300; i++) {
        modelsSeen.add(client.call(ModelRequest.predict(Map.of("amount", i)).model("fraud"))
            .model());
      }
    }
    // Then page-hinkley alarmed on fraud-v2 after the shift and the alias went back to fraud-v1
    assertThat(published).anySatisfy(e -> assertThat(e).isInstanceOf(ModelRolledBackEvent.class));
    assertThat(modelsSeen.subList(0, 100)).containsOnly("fraud-v2");
    assertThat(aliases.current("fraud")).contains("fraud-v1");
    assertThat(modelsSeen.get(0)).isEqualTo("fraud-v2");
    assertThat(modelsSeen.get(modelsSeen.size() - 1)).isEqualTo("fraud-v1");
  }
}
