package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class EndpointInfoTest {

  @Test
  void info_badValues_rejectedNamingTheField() {
    assertThatThrownBy(() -> EndpointInfo.builder(" ").build()).hasMessage("endpoint id must not be blank");
    assertThatThrownBy(() -> EndpointInfo.builder(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
    assertThatThrownBy(() -> EndpointInfo.builder("e").tier(-1).build()).hasMessage("tier must be >= 0, was -1");
    assertThatThrownBy(() -> EndpointInfo.builder("e").weight(0).build()).hasMessage("weight must be positive, was 0");
    assertThatThrownBy(() -> EndpointInfo.builder("e").pricePerMillion(-1, 0).build())
        .hasMessage("inputPricePerMillion must be >= 0, was -1.0");
    assertThatThrownBy(() -> EndpointInfo.builder("e").pricePerMillion(0, Double.NaN).build())
        .hasMessage("outputPricePerMillion must be >= 0, was NaN");
    assertThatThrownBy(() -> EndpointInfo.builder("e").pricePerMillion(Double.POSITIVE_INFINITY, 0).build())
        .hasMessageStartingWith("inputPricePerMillion must be >= 0");
    assertThatThrownBy(() -> EndpointInfo.builder("e").maxContextTokens(0).build())
        .hasMessage("maxContextTokens must be positive, was 0");
    assertThatThrownBy(() -> new EndpointInfo("e", "p", "m", "", "", 0, 1, 0, 0, 1, Set.of()))
        .hasMessage("an endpoint must serve at least one operation");
    assertThatThrownBy(() -> EndpointInfo.builder("e").region(null)).isInstanceOf(NullPointerException.class).hasMessage("region");
  }

  @Test
  void info_operations_copiedAndUnmodifiable() {
    // Given a mutable set
    EnumSet<Operation> ops = EnumSet.of(Operation.CHAT);
    EndpointInfo info = new EndpointInfo("e", "p", "m", "", "", 0, 1, 0, 0, 100, ops);
    // When mutated
    ops.add(Operation.PREDICT);
    // Then the info is unchanged
    assertThat(info.operations()).containsExactly(Operation.CHAT);
    assertThatThrownBy(() -> info.operations().add(Operation.EMBEDDING)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(info.toBuilder().build()).isEqualTo(info);
  }

  @Test
  void endpoint_supportsAndCost_followInfo() {
    EndpointInfo info = EndpointInfo.builder("e").operations(Operation.CHAT, Operation.COMPLETION)
        .pricePerMillion(2.0, 8.0).build();
    Endpoint ep = Endpoint.of(info, r -> ModelResponse.ofText("x"));
    assertThat(ep.supports(Operation.CHAT)).isTrue();
    assertThat(ep.supports(Operation.PREDICT)).isFalse();
    assertThat(info.cost(new Usage(1_000_000, 500_000))).isEqualTo(6.0);
    assertThat(ep.toString()).isEqualTo("Endpoint[e]");
  }
}
