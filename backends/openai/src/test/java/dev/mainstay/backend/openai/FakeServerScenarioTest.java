package dev.mainstay.backend.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.Endpoints;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.testkit.compat.FakeOpenAiServer;
import dev.mainstay.testkit.compat.FakeOpenAiServer.Fault;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo's building block: the real openai provider against a faulty in-process server. */
final class FakeServerScenarioTest {

  @Test
  void builtClient_faultyLocalServer_everyCallEndsWithAnswerOrMappedKind() {
    // Given a loopback server with 5 ms latency that fails 30% of calls (seeded)
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().model("local-llama").latency(Duration.ofMillis(5))
            .faultRate(0.3, Fault.SERVER_ERROR, Fault.RATE_LIMITED, Fault.DROP_CONNECTION, Fault.MALFORMED_JSON)
            .seed(7).start();
        ModelClient client = Mainstay.client("demo").endpoint(Endpoints.open(server.endpointUri("local-gpu")))
            .timeout(Duration.ofSeconds(10)).build()) {
      // When 60 calls are made
      Map<ErrorKind, Integer> failures = new EnumMap<>(ErrorKind.class);
      int answered = 0;
      for (int i = 0; i < 60; i++) {
        try {
          assertThat(client.call(ModelRequest.chat("question " + i)).text()).isEqualTo("Hello from local-llama.");
          answered++;
        } catch (ModelException e) {
          failures.merge(e.kind(), 1, Integer::sum);
          if (e.kind() == ErrorKind.RATE_LIMITED) {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
          }
        }
      }
      // Then every call ended, failures carry only the kinds the faults map to
      assertThat(failures.keySet()).isSubsetOf(Set.of(ErrorKind.TRANSIENT, ErrorKind.RATE_LIMITED, ErrorKind.INVALID_OUTPUT));
      assertThat(answered + failures.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
      assertThat(answered).isBetween(30, 55);
      assertThat(server.served()).isEqualTo(60);
    }
  }
}
