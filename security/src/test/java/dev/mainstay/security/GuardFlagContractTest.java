package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.Attributes;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The guards mark what they flag with the shared attribute the cache honours. */
final class GuardFlagContractTest {

  @Test
  void inputGuard_flaggedPrompt_forwardsSharedFlag() {
    // Given a guard that flags confusables, over an endpoint that records what it receives
    AtomicReference<ModelRequest> seen = new AtomicReference<>();
    Endpoint endpoint = Endpoint.of(EndpointInfo.builder("e").build(), r -> {
      seen.set(r);
      return ModelResponse.ofText("ok");
    });
    ModelClient client = Mainstay.client("flag").endpoint(endpoint)
        .with(InputGuard.builder().scanner(Scanners.confusables(), Action.FLAG).build()).build();

    // When a prompt mixes Cyrillic look-alikes into a Latin word
    client.call(ModelRequest.chat("Log in to your p\u0430yp\u0430l account"));

    // Then the forwarded request carries the shared flag
    assertThat(Attributes.isFlagged(seen.get().attributes().get(Attributes.GUARD_FLAGGED))).isTrue();
  }

  @Test
  void inputGuard_cleanPrompt_forwardsNoFlag() {
    AtomicReference<ModelRequest> seen = new AtomicReference<>();
    Endpoint endpoint = Endpoint.of(EndpointInfo.builder("e").build(), r -> {
      seen.set(r);
      return ModelResponse.ofText("ok");
    });
    ModelClient client = Mainstay.client("clean").endpoint(endpoint)
        .with(InputGuard.standard()).build();

    client.call(ModelRequest.chat("What time do you open on Saturday?"));

    assertThat(seen.get().attributes()).doesNotContainKey(Attributes.GUARD_FLAGGED);
  }
}
