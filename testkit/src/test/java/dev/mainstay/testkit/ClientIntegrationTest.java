package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mainstay.core.Endpoints;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test kit's endpoints behind a built client: the core contract holds for every fault. */
final class ClientIntegrationTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final Async async = new Async();

  @AfterEach
  void tearDown() throws InterruptedException {
    async.close();
  }

  private ModelClient client(SimulatedEndpoint endpoint) {
    return Mainstay.client("it").endpoint(endpoint).timeout(Duration.ofSeconds(2)).timeSource(time).build();
  }

  @Test
  void hangingEndpoint_clientTimesOutAtDeadline() throws Exception {
    // Given a client with a 2 s timeout over an endpoint that hangs
    SimulatedEndpoint sim = SimulatedEndpoint.builder("h").faults(Faults.builder().hangRate(1.0).build()).timeSource(time).build();
    ModelClient client = client(sim);
    // When a call runs and 2 s pass on manual time
    Future<ModelResponse> f = async.call(client, ModelRequest.chat("x"));
    time.awaitScheduled(1, Async.REAL_WAIT);
    long entered = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (sim.stats().received() == 0 && System.nanoTime() < entered) {
      Thread.onSpinWait(); // the attempt thread must reach the endpoint before time moves
    }
    time.advance(Duration.ofSeconds(2));
    // Then the caller gets TIMEOUT, and the hung attempt was interrupted and ended
    ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertThat(((ModelException) e.getCause()).kind()).isEqualTo(ErrorKind.TIMEOUT);
    long deadline = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (sim.stats().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(sim.stats().inFlight()).isZero();
    assertThat(sim.stats().hung()).isEqualTo(1);
  }

  @Test
  void nullAndThrowingEndpoint_clientTurnsThemIntoTypedErrors() {
    // Given an endpoint returning null on call 1 and throwing on call 2
    SimulatedEndpoint sim = SimulatedEndpoint.builder("bad").timeSource(time).faults(Faults.builder()
        .outageCalls(1, 1, FaultAction.returnNull()).outageCalls(2, 2, FaultAction.throwUnexpected()).build()).build();
    ModelClient client = client(sim);
    // When called twice / Then both end as typed ModelExceptions
    ModelException nul = catchThrowableOfType(ModelException.class, () -> client.call(ModelRequest.chat("x")));
    ModelException thrown = catchThrowableOfType(ModelException.class, () -> client.call(ModelRequest.chat("x")));
    assertThat(nul.kind()).isEqualTo(ErrorKind.INVALID_OUTPUT);
    assertThat(thrown.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    // And the third call answers
    assertThat(client.call(ModelRequest.chat("x")).text()).isEqualTo("x");
  }

  @Test
  void uriEndpoint_behindClient_answersWithEndpointId() {
    // Given a client over an endpoint opened by URI
    try (ModelClient client = Mainstay.client("uri").endpoint(Endpoints.open("simulated:chat?id=primary&answer=template:ok")).build()) {
      // When called / Then the answer names the endpoint
      ModelResponse r = client.call(ModelRequest.chat("x"));
      assertThat(r.text()).isEqualTo("ok");
      assertThat(r.endpointId()).isEqualTo("primary");
    }
  }
}
