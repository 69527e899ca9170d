package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointDegradedEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The demo's distribution-shift phase, on a small fake PREDICT endpoint. */
final class DistributionShiftDemoTest {

  @Test
  void demo_scoreShiftAfterCall500_alarmsWithinTwoWindowsAndDegradesEndpoint() {
    // Given a fraud-scoring endpoint whose scores shift from mean 0.20 to 0.35 after call 500,
    // a monitor with a KS test on 200-call windows, and a degradation policy
    ManualTimeSource time = new ManualTimeSource();
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-primary", 500, 0.20, 0.35);
    EndpointDegradation health = EndpointDegradation.builder()
        .degradeFor(Duration.ofMinutes(10)).coolDown(Duration.ofMinutes(30)).timeSource(time).build();
    DriftMonitor drift = DriftMonitor.builder()
        .signal(Signal.score().detector(() -> Detectors.numericWindow(
            WindowConfig.builder(WindowTest.KS).referenceSize(200).windowSize(200).build())))
        .signal(Signal.predictedClass())
        .action(health)
        .alarmCoolDown(Duration.ofMinutes(5))
        .build();
    List<ModelEvent> events = new CopyOnWriteArrayList<>();
    int firstAlarm = -1;
    int calls = 0;
    try (ModelClient client = Mainstay.client("fraud-scoring").endpoint(endpoint).timeSource(time)
        .with(drift).listener(events::add).build()) {
      // When 1,000 calls are made
      for (int i = 1; i <= 1000; i++) {
        client.call(ModelRequest.predict(Map.of("amount", 100.0 + i % 50)));
        calls = i;
        if (firstAlarm < 0 && events.stream().anyMatch(DriftDetectedEvent.class::isInstance)) {
          firstAlarm = i;
        }
      }
    }
    // Then the first alarm comes after the shift and within two windows (400 calls) of it
    assertThat(calls).isEqualTo(1000);
    assertThat(firstAlarm).isGreaterThan(500).isLessThanOrEqualTo(900);
    // And the action is visible: the endpoint is degraded and an event says so, once
    assertThat(health.isDegraded("fraud-primary")).isTrue();
    assertThat(events.stream().filter(EndpointDegradedEvent.class::isInstance)).hasSize(1);
    // And the status view shows the detectors that fired
    assertThat(drift.status()).anySatisfy(s -> {
      assertThat(s.signal()).isEqualTo("score");
      assertThat(s.endpointId()).isEqualTo("fraud-primary");
      assertThat(s.alarms()).isEqualTo(1);
    });
  }
}
