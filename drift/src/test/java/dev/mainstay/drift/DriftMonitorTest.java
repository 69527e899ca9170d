package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Prediction;
import dev.mainstay.core.Stage;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DriftMonitorTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final List<ModelEvent> events = new CopyOnWriteArrayList<>();

  private static ModelRequest predict(double amount) {
    return ModelRequest.predict(Map.of("amount", amount));
  }

  private ModelClient client(FakePredictEndpoint endpoint, Object... decorators) {
    var b = Mainstay.client("fraud").endpoint(endpoint).timeSource(time).listener(events::add);
    for (Object d : decorators) {
      b.with((dev.mainstay.core.Decorator) d);
    }
    return b.build();
  }

  private List<DriftDetectedEvent> alarms() {
    return events.stream()
        .filter(DriftDetectedEvent.class::isInstance)
        .map(DriftDetectedEvent.class::cast)
        .collect(Collectors.toList());
  }

  private static Signal ks(int window) {
    return Signal.score().detector(() -> Detectors.numericWindow(
        WindowConfig.builder(WindowTest.KS).referenceSize(window).windowSize(window).build()));
  }

  @Test
  void monitor_predictScoreShifts_alarmsWithinOneWindowAndCarriesNumbers() {
    // Given a PREDICT endpoint whose score mean moves from 0.2 to 0.35 after call 400
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-eu", 400, 0.2, 0.35);
    DriftMonitor monitor = DriftMonitor.builder().signal(ks(200)).build();
    try (ModelClient client = client(endpoint, monitor)) {
      // When 400 calls run before the shift and up to 400 after
      int alarmedAt = -1;
      for (int i = 1; i <= 800 && alarmedAt < 0; i++) {
        client.call(predict(i));
        if (!alarms().isEmpty()) {
          alarmedAt = i;
        }
      }
      // Then the alarm comes after the shift and within two windows of it
      assertThat(alarmedAt).isGreaterThan(400).isLessThanOrEqualTo(800);
      DriftDetectedEvent alarm = alarms().get(0);
      assertThat(alarm.client()).isEqualTo("fraud");
      assertThat(alarm.signal()).isEqualTo("score");
      assertThat(alarm.detector()).isEqualTo("ks");
      assertThat(alarm.endpointId()).isIn("fraud-eu", "");
      assertThat(alarm.threshold()).isEqualTo(0.01);
      assertThat(alarm.pValue()).isLessThan(0.01);
      assertThat(alarm.statistic()).isGreaterThan(0.0);
      assertThat(alarm.requestId()).isNotEmpty();
      assertThat(alarm.at()).isEqualTo(time.now());
    }
  }

  @Test
  void monitor_keepsOneDetectorPerEndpointModelAndOnePerClient() {
    // Given a monitor with per-endpoint and per-client detectors
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-eu", 10_000, 0.2, 0.2);
    DriftMonitor monitor = DriftMonitor.builder().signal(ks(50)).build();
    try (ModelClient client = client(endpoint, monitor)) {
      // When 30 calls run for model v1 and 20 for v2
      for (int i = 0; i < 30; i++) {
        client.call(predict(i).model("fraud-v1"));
      }
      for (int i = 0; i < 20; i++) {
        client.call(predict(i).model("fraud-v2"));
      }
    }
    // Then there is one detector per model on the endpoint and one client-wide
    Map<String, Long> seen = monitor.status().stream()
        .collect(Collectors.toMap(s -> s.endpointId() + "/" + s.model(), DriftStatus::observations));
    assertThat(seen).containsOnly(
        Map.entry("fraud-eu/fraud-v1", 30L), Map.entry("fraud-eu/fraud-v2", 20L), Map.entry("/", 50L));
    assertThat(alarms()).isEmpty();
  }

  @Test
  void monitor_cacheHitsAnsweredAboveTheRoute_areNotObservedByTheTap() {
    // Given a fake cache at the CACHE stage that answers every other call itself
    CallDecorator fakeCache = new CallDecorator() {
      private int n;

      @Override
      public Stage stage() {
        return Stage.CACHE;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return request -> (n++ % 2 == 0)
            ? ModelResponse.builder(Operation.PREDICT).prediction(Prediction.score("s", 0.9)).build()
            : next.call(request);
      }
    };
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-eu", 10_000, 0.2, 0.2);
    DriftMonitor monitor = DriftMonitor.builder().signal(ks(50)).perClient(false).build();
    try (ModelClient client = client(endpoint, monitor, fakeCache)) {
      // When 40 calls are made
      for (int i = 0; i < 40; i++) {
        client.call(predict(i));
      }
    }
    // Then the tap saw only the 20 real model answers
    assertThat(endpoint.calls.get()).isEqualTo(20);
    assertThat(monitor.status()).singleElement()
        .satisfies(s -> assertThat(s.observations()).isEqualTo(20));
  }

  @Test
  void monitor_errorRateRises_hddmAAlarmsOnErrorSignal() {
    // Given an endpoint that starts failing 40% of attempts after call 300
    FakePredictEndpoint endpoint =
        new FakePredictEndpoint("fraud-eu", 7, 300, 0.2, 0.2, 0.4, m -> true);
    DriftMonitor monitor = DriftMonitor.builder().signal(Signal.error()).perClient(false).build();
    try (ModelClient client = client(endpoint, monitor)) {
      // When 600 calls run (failures are expected and ignored here)
      for (int i = 0; i < 600; i++) {
        try {
          client.call(predict(i));
        } catch (ModelException expected) {
          // the endpoint's injected failure
        }
      }
    }
    // Then the error signal raised an alarm after the change, from HDDM_A
    assertThat(alarms()).isNotEmpty();
    assertThat(alarms().get(0).signal()).isEqualTo("error");
    assertThat(alarms().get(0).detector()).isEqualTo("hddm-a");
    assertThat(alarms().get(0).pValue()).isNaN();
  }

  @Test
  void monitor_callLevelFeatureShift_alarmsClientWide() {
    // Given a call-level signal on the 'amount' feature
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-eu", 10_000, 0.2, 0.2);
    Signal amount = Signal.feature("amount").detector(() -> Detectors.numericWindow(
        WindowConfig.builder(WindowTest.KS).referenceSize(100).windowSize(100).build()));
    DriftMonitor monitor = DriftMonitor.builder().signal(amount).build();
    java.util.Random rnd = new java.util.Random(1);
    try (ModelClient client = client(endpoint, monitor)) {
      // When amounts jump from ~100 to ~160 after 200 calls
      for (int i = 0; i < 400; i++) {
        client.call(predict((i < 200 ? 100 : 160) + 20 * rnd.nextGaussian()));
      }
    }
    // Then the input population alarm is client-wide
    assertThat(alarms()).isNotEmpty();
    assertThat(alarms().get(0).signal()).isEqualTo("feature:amount");
    assertThat(alarms().get(0).endpointId()).isEmpty();
    assertThat(alarms().get(0).model()).isEmpty();
  }

  @Test
  void monitor_failingAction_neverFailsTheCall() {
    // Given an action that throws
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-eu", 100, 0.2, 0.6);
    DriftMonitor monitor = DriftMonitor.builder().signal(ks(50))
        .action((alarm, ctx) -> {
          throw new IllegalStateException("boom");
        })
        .build();
    try (ModelClient client = client(endpoint, monitor)) {
      // When the score shifts and the action runs
      for (int i = 0; i < 300; i++) {
        assertThat(client.call(predict(i))).isNotNull();
      }
    }
    // Then calls succeeded and the alarm was still published
    assertThat(alarms()).isNotEmpty();
  }

  @Test
  void monitor_chatTraffic_eventsNeverContainPromptOrAnswerText() {
    // Given chat calls carrying a canary in the prompt
    String canary = "CANARY-7f3a-secret";
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("chat-eu", 100, 0.1, 0.9);
    try (ModelClient client = client(endpoint, DriftMonitor.standard())) {
      // When output lengths shift and alarms fire
      for (int i = 0; i < 400; i++) {
        client.call(ModelRequest.chat("summarise " + canary + " " + i));
      }
    }
    // Then some alarm fired and no event mentions the canary
    assertThat(alarms()).isNotEmpty();
    assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain(canary));
  }

  @Test
  void monitor_snapshotRoundTrip_pinnedBaselineDetectsWithoutWarmUp(@TempDir Path dir) {
    // Given a monitor that has filled its reference on unshifted traffic
    FakePredictEndpoint first = FakePredictEndpoint.scoreShift("fraud-eu", 10_000, 0.2, 0.2);
    DriftMonitor learning = DriftMonitor.builder().signal(ks(100)).build();
    try (ModelClient client = client(first, learning)) {
      for (int i = 0; i < 150; i++) {
        client.call(predict(i));
      }
    }
    Path file = dir.resolve("baseline.tsv");
    learning.snapshot().write(file);
    // When a new monitor pins that baseline and sees shifted traffic from the first call
    DriftSnapshot baseline = DriftSnapshot.read(file);
    assertThat(baseline.find("score", "fraud-eu")).isPresent();
    DriftMonitor pinned = DriftMonitor.builder().signal(ks(100)).baseline(baseline).build();
    FakePredictEndpoint shifted = FakePredictEndpoint.scoreShift("fraud-eu", 0, 0.2, 0.4);
    events.clear();
    try (ModelClient client = client(shifted, pinned)) {
      for (int i = 0; i < 100; i++) {
        client.call(predict(i));
      }
    }
    // Then it alarms on the first full window, with no reference warm-up
    assertThat(alarms()).isNotEmpty();
  }

  @Test
  void monitor_alarmCoolDown_suppressesRepeatsUntilTimePasses() {
    // Given a cool-down of one minute and a persistent shift
    FakePredictEndpoint endpoint = FakePredictEndpoint.scoreShift("fraud-eu", 50, 0.2, 0.7);
    DriftMonitor monitor = DriftMonitor.builder().signal(ks(50)).perClient(false)
        .alarmCoolDown(Duration.ofMinutes(1)).build();
    try (ModelClient client = client(endpoint, monitor)) {
      // When many shifted windows pass without time moving
      for (int i = 0; i < 400; i++) {
        client.call(predict(i));
      }
      // Then one alarm was published
      assertThat(alarms()).hasSize(1);
      // And after the cool-down another shifted window alarms again
      time.advance(Duration.ofMinutes(2));
      for (int i = 0; i < 100; i++) {
        client.call(predict(i));
      }
      assertThat(alarms()).hasSize(2);
    }
  }

  @Test
  void builder_duplicateSignalOrSetTwice_fails() {
    // Given/When/Then
    assertThatThrownBy(() -> DriftMonitor.builder().signal(Signal.score()).signal(Signal.score()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DriftMonitor.builder().perClient(true).perClient(false))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> DriftMonitor.builder().build()).isInstanceOf(IllegalStateException.class);
  }
}
