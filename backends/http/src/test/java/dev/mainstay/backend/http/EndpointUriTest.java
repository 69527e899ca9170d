package dev.mainstay.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class EndpointUriTest {
  private static final Set<String> KEYS = Set.of("model", "timeout", "tier");

  @Test
  void parse_wrappedBaseAndQuery_splitAndDecoded() {
    // When
    EndpointUri u = EndpointUri.parse(URI.create("openai:http://localhost:8000/v1/?model=meta-llama%2FLlama-3.1-8B&timeout=1m30s&map.fast=a"),
        "openai", KEYS, Set.of("map."));
    // Then
    assertThat(u.base()).isEqualTo(URI.create("http://localhost:8000/v1"));
    assertThat(u.get("model")).isEqualTo("meta-llama/Llama-3.1-8B");
    assertThat(u.duration("timeout")).isEqualTo(Duration.ofSeconds(90));
    assertThat(u.withPrefix("map.")).containsEntry("fast", "a");
  }

  @Test
  void parse_badInput_rejectedWithoutEchoingSecrets() {
    assertThatThrownBy(() -> EndpointUri.parse(URI.create("openai:https://h/v1?apiKey=sk-LEAK"), "openai", KEYS, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiKeyEnv").hasMessageNotContaining("sk-LEAK");
    assertThatThrownBy(() -> EndpointUri.parse(URI.create("openai:https://user:sk-LEAK@h/v1"), "openai", KEYS, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sk-LEAK");
    assertThatThrownBy(() -> EndpointUri.parse(URI.create("openai:https://h/v1?colour=red"), "openai", KEYS, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
    assertThatThrownBy(() -> EndpointUri.parse(URI.create("openai:https://h/v1?tier=1&tier=2"), "openai", KEYS, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> EndpointUri.parse(URI.create("openai:ftp://h/v1"), "openai", KEYS, Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EndpointUri.parse(URI.create("openai:https://h/v1?tier=x"), "openai", KEYS, Set.of()).integer("tier"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secret_toStringMasked_envResolved() {
    Secret s = Secret.fromEnvironment("K", n -> n.equals("K") ? " sk-VALUE " : null);
    assertThat(s.reveal()).isEqualTo("sk-VALUE");
    assertThat(s.toString()).doesNotContain("sk-VALUE").contains("env:K");
    assertThatThrownBy(() -> Secret.fromEnvironment("MISSING", n -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MISSING");
    assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kindForStatus_table() {
    assertThat(HttpErrors.kindForStatus(401)).isEqualTo(dev.mainstay.core.ErrorKind.AUTHENTICATION);
    assertThat(HttpErrors.kindForStatus(408)).isEqualTo(dev.mainstay.core.ErrorKind.TIMEOUT);
    assertThat(HttpErrors.kindForStatus(418)).isEqualTo(dev.mainstay.core.ErrorKind.INVALID_REQUEST);
    assertThat(HttpErrors.kindForStatus(529)).isEqualTo(dev.mainstay.core.ErrorKind.OVERLOADED);
    assertThat(HttpErrors.kindForStatus(507)).isEqualTo(dev.mainstay.core.ErrorKind.TRANSIENT);
    assertThat(HttpErrors.kindForStatus(302)).isEqualTo(dev.mainstay.core.ErrorKind.UNAVAILABLE);
    assertThat(HttpErrors.safeToken("context_length_exceeded")).isEqualTo("context_length_exceeded");
    assertThat(HttpErrors.safeToken("has spaces and prompt")).isNull();
  }
}
