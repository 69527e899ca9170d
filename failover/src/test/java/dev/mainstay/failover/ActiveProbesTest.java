package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.EndpointReadmittedEvent;
import dev.mainstay.failover.Scripted.Step;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ActiveProbesTest {
  private final Sim sim = new Sim();

  @Test
  void probes_failingProbe_takesEndpointOutUntilProbeSucceeds() {
    // Given probes every 5 s; a's first call (the first probe) fails, then a is healthy
    Scripted a = Scripted.of("a", sim.time, n -> n == 0 ? Step.fail(ErrorKind.UNAVAILABLE) : Step.ok());
    Scripted b = Scripted.always("b", sim.time, Step.ok());
    ModelClient client = sim.client(Route.failover().tier(a).tier(b)
        .activeProbes(ModelRequest.chat("ping"), Duration.ofSeconds(5), Duration.ofSeconds(1)));
    // When the first probe fails
    sim.time.advance(Duration.ofSeconds(5));
    // Then a is out: calls go to b
    assertThat(sim.events.of(EndpointEjectedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.endpointId()).isEqualTo("a"));
    assertThat(client.call(ModelRequest.chat("q")).endpointId()).isEqualTo("b");
    // When the next probe succeeds, a is back
    sim.time.advance(Duration.ofSeconds(5));
    assertThat(sim.events.of(EndpointReadmittedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.endpointId()).isEqualTo("a"));
    assertThat(client.call(ModelRequest.chat("q")).endpointId()).isEqualTo("a");
    client.close();
  }

  @Test
  void probes_offByDefault_noProbeCalls() {
    Scripted a = Scripted.always("a", sim.time, Step.ok());
    sim.client(Route.failover().tier(a));
    sim.time.advance(Duration.ofMinutes(5));
    assertThat(a.calls).hasValue(0);
  }
}
