package dev.mainstay.backend.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.backend.http.Secret;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Usage;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.compat.FakeOpenAiServer;
import dev.mainstay.testkit.compat.FakeOpenAiServer.RecordedRequest;
import dev.mainstay.testkit.compat.FakeOpenAiServer.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class AnthropicEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-ant-test-SECRET-0002";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private FakeOpenAiServer server;

  @BeforeEach
  void start() {
    server = FakeOpenAiServer.builder().start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private AnthropicConfig.Builder config() {
    return AnthropicConfig.builder(server.baseUrl()).id("claude").model("claude-sonnet-4-5").apiKey(Secret.of(KEY));
  }

  static String message(String content, String stop) {
    return "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
        + "\"content\":" + content + ",\"stop_reason\":\"" + stop + "\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":21,\"output_tokens\":7,\"cache_read_input_tokens\":4}}";
  }

  @Test
  void call_systemAndParameters_sendsMessagesApiRequestAndParsesAnswer() throws Exception {
    // Given
    server.enqueue(Reply.raw(200, Map.of(), message("[{\"type\":\"text\",\"text\":\"Hello\"},{\"type\":\"text\",\"text\":\", world\"}]", "end_turn")));
    try (Endpoint e = Anthropic.open(config().mapModel("smart", "claude-opus-4-1").build())) {
      ModelRequest req = ModelRequest.builder(Operation.CHAT).model("smart").system("Be brief.").system("Be kind.")
          .user("Hi").message(dev.mainstay.core.Message.assistant("Hey")).user("Again")
          .parameters(Parameters.builder().temperature(0.5).topP(0.9).stop("END").extra("top_k", "40").build()).build();
      // When
      ModelResponse r = e.call(req);
      // Then the wire request
      RecordedRequest sent = server.requests().get(0);
      assertThat(sent.path()).isEqualTo("/v1/messages");
      assertThat(sent.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
          .containsEntry("content-type", "application/json").doesNotContainKey("authorization");
      assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree("{\"model\":\"claude-opus-4-1\",\"max_tokens\":1024,"
          + "\"system\":\"Be brief.\\n\\nBe kind.\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
          + "{\"role\":\"assistant\",\"content\":\"Hey\"},{\"role\":\"user\",\"content\":\"Again\"}],"
          + "\"temperature\":0.5,\"top_p\":0.9,\"stop_sequences\":[\"END\"],\"top_k\":40}"));
      // and the answer
      assertThat(r.text()).isEqualTo("Hello, world");
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.usage()).isEqualTo(new Usage(25, 7));
      assertThat(r.model()).isEqualTo("claude-sonnet-4-5-20250929");
      assertThat(r.endpointId()).isEqualTo("claude");
    }
  }

  @Test
  void call_maxTokensParameter_overridesDefault() throws Exception {
    server.enqueue(Reply.raw(200, Map.of(), message("[{\"type\":\"text\",\"text\":\"x\"}]", "max_tokens")));
    try (Endpoint e = Anthropic.open(config().defaultMaxTokens(99).build())) {
      ModelResponse r = e.call(ModelRequest.builder(Operation.CHAT).user("q").parameters(Parameters.builder().maxTokens(5).build()).build());
      assertThat(JSON.readTree(server.requests().get(0).body()).get("max_tokens").asInt()).isEqualTo(5);
      assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    }
  }

  @Test
  void call_stopSequenceAndToolUse_mapFinishReasons() {
    server.enqueue(Reply.raw(200, Map.of(), message("[{\"type\":\"text\",\"text\":\"a\"}]", "stop_sequence")));
    server.enqueue(Reply.raw(200, Map.of(), message("[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"f\",\"input\":{}}]", "tool_use")));
    try (Endpoint e = Anthropic.open(config().build())) {
      assertThat(e.call(ModelRequest.chat("q")).finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(e.call(ModelRequest.chat("q")).finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }
  }

  static String err(String type) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"provider says CANARY-PROMPT-5d1f0c\"}}";
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(529, Map.of(), err("overloaded_error"), ErrorKind.OVERLOADED, null),
        Arguments.of(429, Map.of("retry-after", "12"), err("rate_limit_error"), ErrorKind.RATE_LIMITED, Duration.ofSeconds(12)),
        Arguments.of(429, Map.of("anthropic-ratelimit-requests-reset", "2026-01-01T00:00:20Z",
            "anthropic-ratelimit-tokens-reset", "2026-01-01T00:00:45Z"), err("rate_limit_error"), ErrorKind.RATE_LIMITED, Duration.ofSeconds(45)),
        Arguments.of(429, Map.of("anthropic-ratelimit-input-tokens-reset", "2026-01-01T01:00:03+01:00"), err("rate_limit_error"), ErrorKind.RATE_LIMITED, Duration.ofSeconds(3)),
        Arguments.of(429, Map.of(), err("rate_limit_error"), ErrorKind.RATE_LIMITED, null),
        Arguments.of(400, Map.of(), "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 201234 tokens > 200000 maximum\"}}",
            ErrorKind.CONTEXT_TOO_LONG, null),
        Arguments.of(400, Map.of(), err("invalid_request_error"), ErrorKind.INVALID_REQUEST, null),
        Arguments.of(401, Map.of(), err("authentication_error"), ErrorKind.AUTHENTICATION, null),
        Arguments.of(403, Map.of(), err("permission_error"), ErrorKind.AUTHENTICATION, null),
        Arguments.of(404, Map.of(), err("not_found_error"), ErrorKind.NOT_FOUND, null),
        Arguments.of(413, Map.of(), err("request_too_large"), ErrorKind.INVALID_REQUEST, null),
        Arguments.of(500, Map.of(), err("api_error"), ErrorKind.TRANSIENT, null),
        Arguments.of(503, Map.of("retry-after", "2"), "", ErrorKind.TRANSIENT, Duration.ofSeconds(2)),
        Arguments.of(504, Map.of(), "", ErrorKind.TIMEOUT, null),
        Arguments.of(200, Map.of(), err("overloaded_error"), ErrorKind.OVERLOADED, null),
        Arguments.of(200, Map.of(), message("[]", "refusal"), ErrorKind.CONTENT_FILTERED, null),
        Arguments.of(200, Map.of(), "{\"type\":\"message\",", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), "", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), "{\"type\":\"message\"}", ErrorKind.INVALID_OUTPUT, null));
  }

  @ParameterizedTest(name = "{0} {2} -> {3}")
  @MethodSource("errors")
  void call_errorAnswer_mapsToKindAndRetryAfter(int status, Map<String, String> headers, String body, ErrorKind kind, Duration retryAfter) {
    // Given
    server.enqueue(Reply.raw(status, headers, body));
    try (Endpoint e = Anthropic.open(config().timeSource(new ManualTimeSource(T0)).build())) {
      // Then
      assertThatThrownBy(() -> e.call(ModelRequest.chat("q CANARY-PROMPT-5d1f0c")))
          .isInstanceOfSatisfying(ModelException.class, m -> {
            assertThat(m.kind()).isEqualTo(kind);
            assertThat(m.retryAfter().orElse(null)).isEqualTo(retryAfter);
            assertThat(m.endpointId()).contains("claude");
            assertThat(m.getMessage()).doesNotContain("CANARY").doesNotContain(KEY);
          });
    }
  }

  @Test
  void call_unsupportedFormatOrTemperature_isInvalidRequestWithoutSending() {
    try (Endpoint e = Anthropic.open(config().build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.builder(Operation.CHAT).user("q").parameters(Parameters.builder().jsonObject().build()).build()))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
      assertThatThrownBy(() -> e.call(ModelRequest.builder(Operation.CHAT).user("q").parameters(Parameters.builder().temperature(1.5).build()).build()))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
      assertThatThrownBy(() -> e.call(ModelRequest.embedding("x")))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void fromUri_parametersAndEnvironmentKey_configureEndpoint() {
    // Given a URI naming an environment variable
    AnthropicConfig c = AnthropicConfig.fromUri(URI.create(
        "anthropic:https://api.anthropic.com/v1?model=claude-sonnet-4-5&apiKeyEnv=ANTHROPIC_API_KEY&maxTokens=2048&id=claude-eu&region=eu&map.smart=claude-opus-4-1&timeout=45s"),
        name -> name.equals("ANTHROPIC_API_KEY") ? KEY : null);
    // Then
    assertThat(c.id()).isEqualTo("claude-eu");
    assertThat(c.defaultMaxTokens()).isEqualTo(2048);
    assertThat(c.providerModel("smart")).isEqualTo("claude-opus-4-1");
    assertThat(c.http().requestTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.apiKey().reveal()).isEqualTo(KEY);
    assertThat(c.toString()).doesNotContain(KEY);
    assertThatThrownBy(() -> AnthropicConfig.fromUri(URI.create("anthropic:https://api.anthropic.com/v1?model=m&apiKeyEnv=NOPE"), n -> null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
    assertThatThrownBy(() -> AnthropicConfig.fromUri(URI.create("anthropic:https://api.anthropic.com/v1?model=m&apiKey=" + KEY)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(KEY);
  }
}
