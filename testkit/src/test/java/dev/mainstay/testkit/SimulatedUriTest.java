package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Endpoints;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SimulatedUriTest {
  private static final String CANARY = "sk-CANARY-5e1f-secret";

  @Test
  void endpointsOpen_simulatedScheme_foundThroughServiceLoader() {
    // Given the testkit on the class path
    // When a simulated URI is opened through core's Endpoints
    Endpoint e = Endpoints.open("simulated:chat?id=primary&latency=lognormal:50ms,0.5&errorRate=TRANSIENT:0.05&seed=42");
    // Then the simulated provider made it
    assertThat(Endpoints.providers()).containsKey("simulated");
    assertThat(e).isInstanceOf(SimulatedEndpoint.class);
    SimulatedEndpoint sim = (SimulatedEndpoint) e;
    assertThat(sim.info().id()).isEqualTo("primary");
    assertThat(sim.info().operations()).containsExactlyInAnyOrder(Operation.CHAT, Operation.COMPLETION);
    assertThat(sim.latency()).isEqualTo(LatencyModel.logNormal(Duration.ofMillis(50), 0.5));
    assertThat(sim.faults()).isEqualTo(Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.05).build());
    assertThat(sim.seed()).isEqualTo(42);
  }

  @Test
  void endpointsOpen_unknownScheme_listsAvailableSchemes() {
    // When an unknown scheme is opened / Then the error names the schemes available, simulated included
    assertThatThrownBy(() -> Endpoints.open("nosuch:thing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nosuch")
        .hasMessageContaining("simulated");
  }

  @Test
  void uri_everyInfoParameter_reachesInfo() {
    // When a URI sets every info parameter
    SimulatedEndpoint sim = SimulatedEndpoint.builderFromUri(
        "simulated:all?id=eu-1&model=llama-3.1-8b&region=eu-west-1&zone=b&tier=1&weight=3&price=0.15,0.6&maxContext=8192").build();
    // Then the info carries them
    assertThat(sim.info()).isEqualTo(EndpointInfo.builder("eu-1").provider("simulated").model("llama-3.1-8b")
        .region("eu-west-1").zone("b").tier(1).weight(3).pricePerMillion(0.15, 0.6).maxContextTokens(8192)
        .operations(Operation.CHAT, Operation.COMPLETION, Operation.EMBEDDING, Operation.PREDICT).build());
  }

  @Test
  void uri_faultsAndOutages_buildTheSamePlanAsTheBuilder() {
    // When a URI lists rates, a window and a call range
    SimulatedEndpoint sim = SimulatedEndpoint.builderFromUri("simulated:chat?errorRate=TRANSIENT:0.05,RATE_LIMITED(2s):0.01,hang:0.001"
        + "&errorRate=throw:0.002,null:0.003&outage=10s..20s&outageCalls=100..200/OVERLOADED&outage=1m..2m/hang").build();
    // Then the plan equals the builder's, in order
    Faults expected = Faults.builder()
        .errorRate(ErrorKind.TRANSIENT, 0.05).rateLimited(0.01, Duration.ofSeconds(2)).hangRate(0.001)
        .throwRate(0.002).nullRate(0.003)
        .outage(Duration.ofSeconds(10), Duration.ofSeconds(20))
        .outage(Duration.ofMinutes(1), Duration.ofMinutes(2), FaultAction.hang())
        .outageCalls(100, 200, FaultAction.fail(ErrorKind.OVERLOADED)).build();
    assertThat(sim.faults()).isEqualTo(expected);
  }

  @Test
  void uri_templateAndDims_configureAnswers() {
    // When a URI sets an encoded template, embedding dims and both modes
    SimulatedEndpoint chat = SimulatedEndpoint.builderFromUri("simulated:chat?id=p&answer=template:answer%20%7Bn%7D%20from%20%7Bid%7D").build();
    SimulatedEndpoint emb = SimulatedEndpoint.builderFromUri("simulated:embedding?dims=12").build();
    // Then answers follow
    assertThat(chat.call(ModelRequest.chat("x")).text()).isEqualTo("answer 1 from p");
    assertThat(emb.call(ModelRequest.embedding("x")).embeddings().get(0).dimensions()).isEqualTo(12);
    assertThat(emb.info().id()).isEqualTo("simulated-embedding");
  }

  @Test
  void uri_predictWithShift_shiftsAfterCall() {
    // Given a predict endpoint that shifts after call 2
    SimulatedEndpoint sim = SimulatedEndpoint.builderFromUri(
        "simulated:predict?score=normal:0.1,0,0.5,fraud,legit&shift=2@categorical:a=0,b=1").build();
    // When called 3 times
    ModelRequest req = ModelRequest.predict(Map.of("amount", 10));
    String l1 = sim.call(req).prediction().label();
    String l2 = sim.call(req).prediction().label();
    String l3 = sim.call(req).prediction().label();
    // Then calls 1-2 use the first distribution and call 3 the shifted one
    assertThat(l1).isEqualTo("legit");
    assertThat(l2).isEqualTo("legit");
    assertThat(l3).isEqualTo("b");
  }

  @Test
  void builderFromUri_addsManualTimeSource() {
    // Given a URI with a window outage, built on manual time
    ManualTimeSource time = new ManualTimeSource();
    SimulatedEndpoint sim = SimulatedEndpoint.builderFromUri("simulated:chat?outage=5s..10s").timeSource(time).build();
    // When time enters the window / Then calls fail UNAVAILABLE
    time.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> sim.call(ModelRequest.chat("x")))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    assertThat(sim.timeSource()).isSameAs(time);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "simulated:chat?latency=fast | 'latency'",
      "simulated:chat?latency=lognormal:50ms | 'latency'",
      "simulated:chat?latency=lognormal:50ms,9 | sigma",
      "simulated:chat?latency=uniform:50ms,10ms | 'latency'",
      "simulated:chat?latency=fixed:20 | unit",
      "simulated:chat?tier=first | 'tier'",
      "simulated:chat?tier=-1 | 'tier'",
      "simulated:chat?weight=0 | 'weight'",
      "simulated:chat?errorRate=TRANSIENT:1.5 | 'errorRate'",
      "simulated:chat?errorRate=TRANSIENT:0.6,TIMEOUT:0.6 | sum to at most 1",
      "simulated:chat?errorRate=FLAKY:0.1 | ErrorKind",
      "simulated:chat?errorRate=TRANSIENT | 'errorRate'",
      "simulated:chat?outage=20s..10s | 'outage'",
      "simulated:chat?outageCalls=5 | 'outageCalls'",
      "simulated:chat?seed=abc | 'seed'",
      "simulated:chat?tier=1&tier=2 | more than once",
      "simulated:chat?answer=shout | 'answer'",
      "simulated:chat?score=beta:1,2 | 'score'",
      "simulated:chat?score=categorical:a=0.5,b=0.4 | sum to 1",
      "simulated:chat?shift=0@normal:0.5,0.1 | 'shift'",
      "simulated:chat?dims=0 | 'dims'",
      "simulated:chat?price=1 | 'price'",
      "simulated:chat?maxContext=0 | 'maxContext'",
      "simulated:chat?colour=blue | unknown parameter 'colour'",
      "simulated:chat?tier | needs a value",
      "simulated:banana | mode",
      "simulated:chat?id= | 'id'",
      "simulated:chat?ops=chat,chat | 'ops'",
  })
  void uri_badParameter_clearErrorNamingIt(String uri, String expected) {
    // When a bad URI is opened / Then an IllegalArgumentException names what is wrong
    assertThatThrownBy(() -> Endpoints.open(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void uri_badValues_neverEchoed() {
    // Given secrets pasted into the wrong places
    String[] uris = {
        "simulated:chat?latency=" + CANARY,
        "simulated:chat?apiKey=x&latency=fixed:" + CANARY,
        "simulated:chat?errorRate=" + CANARY + ":0.1",
        "simulated:chat?seed=" + CANARY,
        "simulated:chat?score=categorical:" + CANARY,
        "simulated:chat?outage=" + CANARY,
        "simulated:" + CANARY,
    };
    for (String uri : uris) {
      // When opened / Then the error does not contain the secret
      IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> Endpoints.open(uri));
      assertThat(e).as(uri).isNotNull();
      assertThat(e.getMessage()).as(uri).doesNotContain("CANARY");
    }
  }

  @Test
  void uri_unknownParameter_listsKnownOnes() {
    // When an unknown parameter is used / Then the message lists the known ones
    assertThatThrownBy(() -> Endpoints.open("simulated:chat?latancy=fixed:1ms"))
        .hasMessageContaining("latancy")
        .hasMessageContaining("latency")
        .hasMessageContaining("errorRate");
  }

  @Test
  void uri_hierarchicalFormAndDefaults_accepted() {
    // When the URI has slashes, no mode, or no query
    SimulatedEndpoint a = (SimulatedEndpoint) Endpoints.open("simulated://chat?id=a");
    SimulatedEndpoint b = (SimulatedEndpoint) Endpoints.open("simulated:?id=b");
    SimulatedEndpoint c = (SimulatedEndpoint) Endpoints.open("simulated:predict");
    // Then they parse with defaults
    assertThat(a.info().id()).isEqualTo("a");
    assertThat(b.info().operations()).contains(Operation.CHAT);
    assertThat(c.info().id()).isEqualTo("simulated-predict");
    assertThat(c.latency()).isEqualTo(LatencyModel.none());
    assertThat(c.faults().isEmpty()).isTrue();
  }

  @Test
  void toUri_opensSameEndpointThroughEndpoints() {
    // Given a chat-only endpoint with a template and faults (chat-only needs the ops parameter)
    SimulatedEndpoint sim = SimulatedEndpoint.builder("x y").operations(Operation.CHAT).template("{n}: {input}")
        .faults(Faults.builder().rateLimited(0.5, Duration.ofSeconds(3)).build()).seed(5).build();
    // When its URI is opened through Endpoints
    SimulatedEndpoint back = (SimulatedEndpoint) Endpoints.open(sim.toUri());
    // Then it is the same endpoint, and behaves the same
    assertThat(sim.toUri()).contains("ops=chat");
    assertThat(back.info()).isEqualTo(sim.info());
    assertThat(SimulatedEndpointTest.outcomes(back, 50)).isEqualTo(SimulatedEndpointTest.outcomes(sim, 50));
  }

  @Test
  void uri_opsParameter_overridesMode() {
    // When ops lists operations / Then they replace the mode's
    SimulatedEndpoint sim = SimulatedEndpoint.builderFromUri("simulated:chat?ops=embedding,predict").build();
    assertThat(sim.info().operations()).containsExactlyInAnyOrder(Operation.EMBEDDING, Operation.PREDICT);
    assertThatThrownBy(() -> Endpoints.open("simulated:chat?ops=chat,speech")).hasMessageContaining("'ops'");
  }
}
