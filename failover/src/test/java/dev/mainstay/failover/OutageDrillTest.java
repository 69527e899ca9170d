package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.testkit.FaultAction;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.SimulatedEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's outage phase on simulated time, with the testkit's simulated endpoints. */
final class OutageDrillTest {

  @Test
  void outage_primaryDownForAWhile_zeroFailedCallsAndFailsBack() {
    // Given a primary and two backups (testkit simulators on simulated time)
    Sim sim = new Sim();
    SimulatedEndpoint primary = SimulatedEndpoint.builder("primary").tier(0)
        .latency(LatencyModel.logNormal(Duration.ofMillis(20), 0.3)).seed(1).timeSource(sim.time).build();
    SimulatedEndpoint backupA = SimulatedEndpoint.builder("backup-a").tier(1)
        .latency(LatencyModel.logNormal(Duration.ofMillis(30), 0.3)).seed(2).timeSource(sim.time).build();
    SimulatedEndpoint backupB = SimulatedEndpoint.builder("backup-b").tier(1)
        .latency(LatencyModel.logNormal(Duration.ofMillis(30), 0.3)).seed(3).timeSource(sim.time).build();
    ModelClient client = sim.client(Route.failover().tier(primary).tier(backupA, backupB)
        .retries(2).attemptTimeout(Duration.ofMillis(500)).outlierEjection(5, Duration.ofSeconds(2))
        .circuitBreaker(CircuitBreakerConfig.custom()
            .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .waitDurationInOpenState(Duration.ofSeconds(5)).permittedNumberOfCallsInHalfOpenState(2).build()));
    Map<String, Integer> answeredBy = new HashMap<>();
    int failed = 0;
    // When 300 calls run and the primary is down (UNAVAILABLE) for calls 100-199
    for (int i = 0; i < 300; i++) {
      if (i == 100) {
        primary.startOutage(FaultAction.fail(ErrorKind.UNAVAILABLE));
      } else if (i == 200) {
        primary.endOutage();
        sim.time.advance(Duration.ofSeconds(5)); // the breaker's open wait and any ejection end
      }
      try {
        answeredBy.merge(client.call(ModelRequest.chat("question " + i)).endpointId(), 1, Integer::sum);
      } catch (ModelException e) {
        failed++;
      }
    }
    // Then no call failed, the failovers are counted, and the primary serves again afterwards
    assertThat(failed).isZero();
    assertThat(sim.events.of(FailedOverEvent.class)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.reason()).isEqualTo(ErrorKind.UNAVAILABLE));
    assertThat(sim.events.of(EndpointEjectedEvent.class)).isNotEmpty();
    assertThat(sim.events.of(BreakerStateChangedEvent.class)).extracting(BreakerStateChangedEvent::toState)
        .contains("OPEN", "HALF_OPEN", "CLOSED");
    assertThat(answeredBy.get("primary")).isGreaterThanOrEqualTo(200);
    assertThat(answeredBy.get("backup-a") + answeredBy.get("backup-b")).isLessThanOrEqualTo(100);
  }
}
