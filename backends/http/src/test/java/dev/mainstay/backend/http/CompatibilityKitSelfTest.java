package dev.mainstay.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.testkit.compat.EndpointCompatibilityKit;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The compatibility kit fails providers that break the contract (so passing it means something). */
final class CompatibilityKitSelfTest {
  private static final String SECRET = "sk-kit-SECRET-1";
  private static final EndpointInfo INFO = EndpointInfo.builder("bad").operations(Operation.CHAT).build();

  static final class Kit extends EndpointCompatibilityKit {
    private final Endpoint healthy;
    private final Map<ErrorKind, Supplier<Endpoint>> failing;

    Kit(Endpoint healthy, Map<ErrorKind, Supplier<Endpoint>> failing) {
      this.healthy = healthy;
      this.failing = failing;
    }

    @Override
    protected Endpoint healthyEndpoint() {
      return healthy;
    }

    @Override
    protected ModelRequest request() {
      return ModelRequest.chat("hi " + PROMPT_CANARY);
    }

    @Override
    protected Map<ErrorKind, Supplier<Endpoint>> failingEndpoints() {
      return failing;
    }

    @Override
    protected List<String> secrets() {
      return List.of(SECRET);
    }
  }

  private static EndpointCompatibilityKit.Check check(EndpointCompatibilityKit kit, String prefix) {
    return kit.checks().stream().filter(c -> c.name().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  void kit_leakingOrMisclassifyingOrMisattributingEndpoint_fails() {
    // Given endpoints that leak the secret, report the wrong kind, and answer with another id
    Endpoint leaks = Endpoint.of(INFO, r -> {
      throw new ModelException(ErrorKind.RATE_LIMITED, "key " + SECRET + " was throttled");
    });
    Endpoint wrongKind = Endpoint.of(INFO, r -> {
      throw new ModelException(ErrorKind.UNAVAILABLE, "no");
    });
    Endpoint otherId = Endpoint.of(INFO, r -> ModelResponse.builder(Operation.CHAT).text("x").endpointId("someone-else").build());
    // Then each breach fails its check
    assertThatThrownBy(check(new Kit(otherId, Map.of(ErrorKind.RATE_LIMITED, () -> leaks)), "failure maps to RATE_LIMITED")::run)
        .isInstanceOf(AssertionError.class).hasMessageContaining("secret");
    assertThatThrownBy(check(new Kit(otherId, Map.of(ErrorKind.TRANSIENT, () -> wrongKind)), "failure maps to TRANSIENT")::run)
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected TRANSIENT");
    assertThatThrownBy(check(new Kit(otherId, Map.of()), "endpoint answers")::run)
        .isInstanceOf(AssertionError.class).hasMessageContaining("endpointId");
    // and the hang checks are skipped, with a reason, when the provider cannot hang
    assertThat(check(new Kit(otherId, Map.of()), "endpoint honours").skipReason()).contains("cannot be made to hang");
  }
}
