package dev.mainstay.backend.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.backend.http.Secret;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.Endpoints;
import dev.mainstay.core.Operation;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

final class OpenAiConfigTest {

  @Test
  void fromUri_allParameters_configure() {
    // Given
    OpenAiConfig c = OpenAiConfig.fromUri(URI.create("openai:https://api.openai.com/v1?model=gpt-4o-mini"
        + "&apiKeyEnv=OPENAI_API_KEY&id=oai-eu&region=eu-west&zone=a&tier=1&weight=3&organization=org-1&project=proj-1"
        + "&connectTimeout=2s&timeout=45s&maxResponseBytes=65536&maxContextTokens=128000&inputPrice=0.15&outputPrice=0.6"
        + "&operations=chat,embedding&embeddingModel=text-embedding-3-small&maxTokensField=max_completion_tokens"
        + "&map.fast=gpt-4o-mini&map.smart=gpt-4o"), Map.of("OPENAI_API_KEY", "sk-ENV-1")::get);
    // Then
    assertThat(c.id()).isEqualTo("oai-eu");
    assertThat(c.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
    assertThat(c.apiKey().reveal()).isEqualTo("sk-ENV-1");
    assertThat(c.apiKey().origin()).isEqualTo("env:OPENAI_API_KEY");
    assertThat(c.http().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.http().requestTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.http().maxResponseBytes()).isEqualTo(65536);
    assertThat(c.operations()).containsExactlyInAnyOrder(Operation.CHAT, Operation.EMBEDDING);
    assertThat(c.providerModel("smart", Operation.CHAT)).isEqualTo("gpt-4o");
    assertThat(c.providerModel("default", Operation.CHAT)).isEqualTo("gpt-4o-mini");
    assertThat(c.providerModel("default", Operation.EMBEDDING)).isEqualTo("text-embedding-3-small");
    assertThat(c.toString()).doesNotContain("sk-ENV-1");
    assertThat(c.region()).isEqualTo("eu-west");
    assertThat(c.tier()).isEqualTo(1);
    assertThat(c.weight()).isEqualTo(3);
    assertThat(c.inputPricePerMillion()).isEqualTo(0.15);
  }

  /** The local-server URIs documented in docs/backends.md. */
  @ParameterizedTest
  @ValueSource(strings = {
      "openai:http://localhost:8000/v1?model=meta-llama/Llama-3.1-8B-Instruct&id=vllm-local",
      "openai:http://localhost:11434/v1?model=llama3.1:8b&id=ollama-local",
      "openai:http://localhost:8080/v1?model=local&id=llamacpp-local",
      "openai:http://localhost:3000/v1?model=tgi&id=tgi-local",
      "openai:http://localhost:1234/v1?model=qwen2.5-7b-instruct&id=lmstudio-local"})
  void endpointsOpen_localServerUris_openKeylessEndpoints(String uri) {
    // When opened through the SPI
    try (Endpoint e = Endpoints.open(uri)) {
      // Then
      assertThat(e.info().provider()).isEqualTo("openai");
      assertThat(e.info().id()).endsWith("-local");
      assertThat(e.supports(Operation.CHAT)).isTrue();
    }
  }

  @Test
  void builder_invalidOrRepeatedSettings_rejected() {
    assertThatThrownBy(() -> OpenAiConfig.builder("http://h/v1").model("a").model("b"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> OpenAiConfig.builder("http://h/v1").apiKey(Secret.of("k")).apiKeyEnv("K"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> OpenAiConfig.builder("http://h/v1").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("model");
    assertThatThrownBy(() -> OpenAiConfig.builder("http://h/v1").model("m").operations(Set.of(Operation.PREDICT)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiConfig.builder("http://h/v1").model("m").maxTokensField("tokens").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenAiConfig.fromUri(URI.create("openai:https://api.openai.com/v1?model=m&apiKeyEnv=NOT_SET_X"), n -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOT_SET_X");
    assertThatThrownBy(() -> OpenAiConfig.fromUri(URI.create("openai:https://api.openai.com/v1?apiKeyEnv=X")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
    assertThatThrownBy(() -> Endpoints.open("openai:https://api.openai.com/v1?model=m&api_key=sk-LEAK"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sk-LEAK");
  }
}
