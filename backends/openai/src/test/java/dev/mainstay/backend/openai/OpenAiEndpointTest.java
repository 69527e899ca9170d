package dev.mainstay.backend.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.backend.http.Secret;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Usage;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.compat.FakeOpenAiServer;
import dev.mainstay.testkit.compat.FakeOpenAiServer.Fault;
import dev.mainstay.testkit.compat.FakeOpenAiServer.RecordedRequest;
import dev.mainstay.testkit.compat.FakeOpenAiServer.Reply;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class OpenAiEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-test-SECRET-0001";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private FakeOpenAiServer server;

  @BeforeEach
  void start() {
    server = FakeOpenAiServer.builder().model("gpt-4o-mini").start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiConfig.Builder config() {
    return OpenAiConfig.builder(server.baseUrl()).id("oai").model("gpt-4o-mini").apiKey(Secret.of(KEY));
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void chat_allParameters_sendsExactRequestAndParsesAnswer() throws Exception {
    // Given an endpoint with org, project and a model mapping, and a scripted answer
    server.enqueue(Reply.raw(200, Map.of(), "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Bonjour\"},\"finish_reason\":\"length\"}],"
        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}"));
    try (Endpoint e = OpenAi.open(config().organization("org-1").project("proj-1").mapModel("smart", "gpt-4o").build())) {
      ModelRequest req = ModelRequest.builder(Operation.CHAT).model("smart")
          .system("Be brief.").user("Say hi").message(Message.assistant("Hi")).user("Again")
          .parameters(Parameters.builder().temperature(0.2).topP(0.9).maxTokens(64).stop("\n\n", "END").seed(42)
              .jsonObject().extra("user", "u-7").extra("logit_bias", "{\"50256\":-100}").extra("n", "1").build())
          .build();
      // When
      ModelResponse r = e.call(req);
      // Then the request is exactly the OpenAI wire format
      RecordedRequest sent = server.requests().get(0);
      assertThat(sent.method()).isEqualTo("POST");
      assertThat(sent.path()).isEqualTo("/v1/chat/completions");
      assertThat(sent.headers()).containsEntry("authorization", "Bearer " + KEY)
          .containsEntry("openai-organization", "org-1").containsEntry("openai-project", "proj-1")
          .containsEntry("content-type", "application/json");
      assertThat(json(sent.body())).isEqualTo(json("{\"model\":\"gpt-4o\",\"messages\":["
          + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hi\"},"
          + "{\"role\":\"assistant\",\"content\":\"Hi\"},{\"role\":\"user\",\"content\":\"Again\"}],"
          + "\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":64,\"stop\":[\"\\n\\n\",\"END\"],\"seed\":42,"
          + "\"response_format\":{\"type\":\"json_object\"},\"logit_bias\":{\"50256\":-100},\"n\":1,\"user\":\"u-7\"}"));
      // and the answer is parsed
      assertThat(r.text()).isEqualTo("Bonjour");
      assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(r.usage()).isEqualTo(new Usage(12, 3));
      assertThat(r.model()).isEqualTo("gpt-4o-2024-08-06");
      assertThat(r.endpointId()).isEqualTo("oai");
    }
  }

  @Test
  void chat_noKeyJsonSchemaAndMaxCompletionTokens_sendsThoseFields() throws Exception {
    // Given a keyless local-server endpoint using max_completion_tokens
    try (Endpoint e = OpenAi.open(OpenAiConfig.builder(server.baseUrl()).model("llama").maxTokensField("max_completion_tokens").build())) {
      // When
      e.call(ModelRequest.builder(Operation.CHAT).user("x")
          .parameters(Parameters.builder().maxTokens(5).jsonSchema("{\"type\":\"object\"}").build()).build());
      // Then
      RecordedRequest sent = server.requests().get(0);
      assertThat(sent.headers()).doesNotContainKey("authorization");
      assertThat(json(sent.body())).isEqualTo(json("{\"model\":\"llama\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
          + "\"max_completion_tokens\":5,\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
          + "{\"name\":\"response\",\"strict\":true,\"schema\":{\"type\":\"object\"}}}}"));
    }
  }

  @Test
  void embeddings_outOfOrderIndexes_areReordered() throws Exception {
    // Given an answer listing embeddings in reverse index order
    server.enqueue(Reply.raw(200, Map.of(), "{\"object\":\"list\",\"model\":\"text-embedding-3-small\",\"data\":["
        + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,0.25]},"
        + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[1.0,-1.0]}],\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"));
    try (Endpoint e = OpenAi.open(config().embeddingModel("text-embedding-3-small").build())) {
      // When
      ModelResponse r = e.call(ModelRequest.embedding("a", "b"));
      // Then
      RecordedRequest sent = server.requests().get(0);
      assertThat(sent.path()).isEqualTo("/v1/embeddings");
      assertThat(json(sent.body())).isEqualTo(json(
          "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\"}"));
      assertThat(r.embeddings().get(0).toArray()).containsExactly(1.0f, -1.0f);
      assertThat(r.embeddings().get(1).toArray()).containsExactly(0.5f, 0.25f);
      assertThat(r.usage()).isEqualTo(new Usage(4, 0));
      assertThat(r.finishReason()).isEqualTo(FinishReason.NONE);
    }
  }

  @Test
  void embeddings_wrongCount_isInvalidOutput() {
    server.enqueue(Reply.raw(200, Map.of(), "{\"data\":[{\"index\":0,\"embedding\":[1.0]}]}"));
    try (Endpoint e = OpenAi.open(config().build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.embedding("a", "b")))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_OUTPUT));
    }
  }

  static Stream<Arguments> errorAnswers() {
    String rfc1123 = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(30).atOffset(ZoneOffset.UTC));
    return Stream.of(
        Arguments.of(429, Map.of("Retry-After", "7"), err("rate_limit_exceeded"), ErrorKind.RATE_LIMITED, Duration.ofSeconds(7)),
        Arguments.of(429, Map.of("Retry-After", rfc1123), err("rate_limit_exceeded"), ErrorKind.RATE_LIMITED, Duration.ofSeconds(30)),
        Arguments.of(429, Map.of("retry-after-ms", "250", "Retry-After", "1"), err("rate_limit_exceeded"), ErrorKind.RATE_LIMITED, Duration.ofMillis(250)),
        Arguments.of(429, Map.of("x-ratelimit-reset-requests", "6m0s", "x-ratelimit-remaining-requests", "0",
            "x-ratelimit-reset-tokens", "20ms", "x-ratelimit-remaining-tokens", "900"), err(null), ErrorKind.RATE_LIMITED, Duration.ofMinutes(6)),
        Arguments.of(429, Map.of("x-ratelimit-reset-requests", "6m0s", "x-ratelimit-remaining-requests", "10",
            "x-ratelimit-reset-tokens", "20ms", "x-ratelimit-remaining-tokens", "0"), err(null), ErrorKind.RATE_LIMITED, Duration.ofMillis(20)),
        Arguments.of(429, Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "1m2.5s"), err(null), ErrorKind.RATE_LIMITED, Duration.ofMillis(62_500)),
        Arguments.of(429, Map.of(), err("rate_limit_exceeded"), ErrorKind.RATE_LIMITED, null),
        Arguments.of(429, Map.of(), err("insufficient_quota"), ErrorKind.UNAVAILABLE, null),
        Arguments.of(500, Map.of(), err(null), ErrorKind.TRANSIENT, null),
        Arguments.of(502, Map.of(), "<html>bad gateway</html>", ErrorKind.TRANSIENT, null),
        Arguments.of(503, Map.of("Retry-After", "3"), "", ErrorKind.TRANSIENT, Duration.ofSeconds(3)),
        Arguments.of(504, Map.of(), "", ErrorKind.TIMEOUT, null),
        Arguments.of(408, Map.of(), "", ErrorKind.TIMEOUT, null),
        Arguments.of(529, Map.of(), "", ErrorKind.OVERLOADED, null),
        Arguments.of(400, Map.of(), err("context_length_exceeded"), ErrorKind.CONTEXT_TOO_LONG, null),
        Arguments.of(400, Map.of(), "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
            ErrorKind.CONTEXT_TOO_LONG, null),
        Arguments.of(400, Map.of(), err("content_policy_violation"), ErrorKind.CONTENT_FILTERED, null),
        Arguments.of(400, Map.of(), err("content_filter"), ErrorKind.CONTENT_FILTERED, null),
        Arguments.of(401, Map.of(), err("invalid_api_key"), ErrorKind.AUTHENTICATION, null),
        Arguments.of(403, Map.of(), err(null), ErrorKind.AUTHENTICATION, null),
        Arguments.of(404, Map.of(), err("model_not_found"), ErrorKind.NOT_FOUND, null),
        Arguments.of(400, Map.of(), err("model_not_found"), ErrorKind.NOT_FOUND, null),
        Arguments.of(404, Map.of(), "{\"object\":\"error\",\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\",\"code\":404}", ErrorKind.NOT_FOUND, null),
        Arguments.of(400, Map.of(), err("invalid_value"), ErrorKind.INVALID_REQUEST, null),
        Arguments.of(422, Map.of(), "{\"error\":\"Input validation error\",\"error_type\":\"validation\"}", ErrorKind.INVALID_REQUEST, null),
        Arguments.of(200, Map.of(), choice("\"content\":\"\"", "content_filter"), ErrorKind.CONTENT_FILTERED, null),
        Arguments.of(200, Map.of(), choice("\"content\":null,\"refusal\":\"I can't help with that.\"", "stop"), ErrorKind.CONTENT_FILTERED, null),
        Arguments.of(200, Map.of(), "{\"choices\": [", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), "", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), "[]", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), "{\"id\":\"x\",\"choices\":[]}", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), "{\"id\":\"x\"}", ErrorKind.INVALID_OUTPUT, null),
        Arguments.of(200, Map.of(), choice("\"content\":null", "stop"), ErrorKind.INVALID_OUTPUT, null));
  }

  private static String err(String code) {
    return "{\"error\":{\"message\":\"provider says CANARY-PROMPT-5d1f0c\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":"
        + (code == null ? "null" : "\"" + code + "\"") + "}}";
  }

  private static String choice(String message, String finish) {
    return "{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\"," + message
        + "},\"finish_reason\":\"" + finish + "\"}]}";
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("errorAnswers")
  void call_errorAnswer_mapsToKindAndRetryAfter(int status, Map<String, String> headers, String body, ErrorKind kind, Duration retryAfter) {
    // Given a server answering with the status, headers and body, and a clock at T0
    server.enqueue(Reply.raw(status, headers, body));
    ManualTimeSource ts = new ManualTimeSource(T0);
    try (Endpoint e = OpenAi.open(config().timeSource(ts).build())) {
      // When / Then
      assertThatThrownBy(() -> e.call(ModelRequest.chat("hello " + "CANARY-PROMPT-5d1f0c")))
          .isInstanceOfSatisfying(ModelException.class, m -> {
            assertThat(m.kind()).isEqualTo(kind);
            assertThat(m.retryAfter().orElse(null)).isEqualTo(retryAfter);
            assertThat(m.endpointId()).contains("oai");
            assertThat(m.getMessage()).doesNotContain("CANARY").doesNotContain(KEY);
          });
    }
  }

  @Test
  void call_hugeBodyWithLength_isInvalidOutputNotOom() {
    // Given an answer of 2 MiB and a limit of 64 KiB
    server.enqueue(Reply.raw(200, Map.of(), "{\"pad\":\"" + "x".repeat(2 << 20) + "\"}"));
    try (Endpoint e = OpenAi.open(config().maxResponseBytes(64 * 1024).build())) {
      // Then
      assertThatThrownBy(() -> e.call(ModelRequest.chat("hi")))
          .isInstanceOfSatisfying(ModelException.class, m -> {
            assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_OUTPUT);
            assertThat(m.getMessage()).contains("65536");
          });
    }
  }

  @Test
  void call_hugeChunkedBody_isInvalidOutput() throws Exception {
    // Given a chunked (no Content-Length) 1 MiB answer and a 16 KiB limit
    try (ChunkedServer big = new ChunkedServer(1 << 20);
        Endpoint e = OpenAi.open(OpenAiConfig.builder(big.baseUrl()).model("m").maxResponseBytes(16 * 1024).build())) {
      // Then
      assertThatThrownBy(() -> e.call(ModelRequest.chat("hi")))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_OUTPUT));
    }
  }

  @Test
  void call_slowServer_endsAtDeadlineOnItsTimeSource() throws Exception {
    // Given a server that never answers and a deadline on manual time
    server.enqueue(Reply.fault(Fault.HANG));
    ManualTimeSource ts = new ManualTimeSource();
    try (Endpoint e = OpenAi.open(config().build())) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          e.call(ModelRequest.chat("hi").withDeadline(Deadline.after(Duration.ofSeconds(3), ts)));
        } catch (Throwable x) {
          thrown.set(x);
        }
      });
      t.start();
      ts.awaitScheduled(1, Duration.ofSeconds(10));
      // When the deadline passes
      ts.advance(Duration.ofSeconds(3));
      t.join(10_000);
      // Then
      assertThat(t.isAlive()).isFalse();
      assertThat(thrown.get()).isInstanceOfSatisfying(ModelException.class, m -> {
        assertThat(m.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(m.getMessage()).contains("deadline");
      });
    }
  }

  @Test
  void call_noDeadline_endsAtRequestTimeout() throws Exception {
    // Given a hanging server, a 5 s request timeout and manual time
    server.enqueue(Reply.fault(Fault.HANG));
    ManualTimeSource ts = new ManualTimeSource();
    try (Endpoint e = OpenAi.open(config().timeSource(ts).requestTimeout(Duration.ofSeconds(5)).build())) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          e.call(ModelRequest.chat("hi"));
        } catch (Throwable x) {
          thrown.set(x);
        }
      });
      t.start();
      ts.awaitScheduled(1, Duration.ofSeconds(10));
      // When
      ts.advance(Duration.ofSeconds(5));
      t.join(10_000);
      // Then
      assertThat(thrown.get()).isInstanceOfSatisfying(ModelException.class, m -> {
        assertThat(m.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(m.getMessage()).contains("5000 ms");
      });
    }
  }

  @Test
  void call_interrupted_stopsWaitingAndClosesConnection() throws Exception {
    // Given a raw server that reads the request and holds the connection
    try (RawServer raw = new RawServer();
        Endpoint e = OpenAi.open(OpenAiConfig.builder(raw.baseUrl()).model("m").build())) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          e.call(ModelRequest.chat("hi"));
        } catch (Throwable x) {
          thrown.set(x);
        } finally {
          flag.set(Thread.currentThread().isInterrupted());
        }
      });
      t.start();
      assertThat(raw.requestSeen.await(10, TimeUnit.SECONDS)).isTrue();
      // When the caller is interrupted
      t.interrupt();
      t.join(10_000);
      // Then the call ends CANCELLED, keeps the interrupt flag, and the connection is closed
      assertThat(thrown.get()).isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.CANCELLED));
      assertThat(flag.get()).isTrue();
      assertThat(raw.clientClosed.await(10, TimeUnit.SECONDS)).as("server saw the connection closed").isTrue();
    }
  }

  @Test
  void call_deadlinePassed_closesConnection() throws Exception {
    // Given a raw server that holds the connection, and manual time
    ManualTimeSource ts = new ManualTimeSource();
    try (RawServer raw = new RawServer();
        Endpoint e = OpenAi.open(OpenAiConfig.builder(raw.baseUrl()).model("m").build())) {
      Thread t = new Thread(() -> {
        try {
          e.call(ModelRequest.chat("hi").withDeadline(Deadline.after(Duration.ofSeconds(1), ts)));
        } catch (ModelException expected) {
          // TIMEOUT, asserted in another test
        }
      });
      t.start();
      assertThat(raw.requestSeen.await(10, TimeUnit.SECONDS)).isTrue();
      // When
      ts.advance(Duration.ofSeconds(1));
      // Then
      assertThat(raw.clientClosed.await(10, TimeUnit.SECONDS)).isTrue();
      t.join(10_000);
      assertThat(t.isAlive()).isFalse();
    }
  }

  @Test
  void call_droppedConnection_isTransient() {
    server.enqueue(Reply.fault(Fault.DROP_CONNECTION));
    try (Endpoint e = OpenAi.open(config().build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.chat("hi")))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.TRANSIENT));
    }
  }

  @Test
  void call_connectionRefused_isTransient() throws Exception {
    // Given a port nobody listens on
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Endpoint e = OpenAi.open(OpenAiConfig.builder("http://127.0.0.1:" + port + "/v1").model("m").build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.chat("hi")))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.TRANSIENT));
    }
  }

  @Test
  void call_afterClose_isUnavailable() {
    Endpoint e = OpenAi.open(config().build());
    e.close();
    assertThatThrownBy(() -> e.call(ModelRequest.chat("hi")))
        .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
  }

  @Test
  void call_predictOrToolMessage_isInvalidRequestWithoutSending() {
    try (Endpoint e = OpenAi.open(config().build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.predict(Map.of("x", 1.0))))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
      assertThatThrownBy(() -> e.call(ModelRequest.chat(List.of(new Message(dev.mainstay.core.Role.TOOL, "r")))))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void builtClient_throughEndpointsOpen_answersAndTimesOut() throws Exception {
    // Given a client built on an endpoint opened from a URI through the SPI, on manual time
    ManualTimeSource ts = new ManualTimeSource();
    try (ModelClient client = Mainstay.client("chat").endpoint(dev.mainstay.core.Endpoints.open(server.endpointUri("local")))
        .timeSource(ts).timeout(Duration.ofSeconds(2)).build()) {
      // When it answers
      ModelResponse ok = client.call(ModelRequest.chat("hi"));
      assertThat(ok.text()).isEqualTo("Hello from gpt-4o-mini.");
      assertThat(ok.endpointId()).isEqualTo("local");
      // and when the server hangs, the client's timeout ends the call
      server.enqueue(Reply.fault(Fault.HANG));
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try {
          client.call(ModelRequest.chat("hi"));
        } catch (Throwable x) {
          thrown.set(x);
        }
      });
      t.start();
      ts.awaitScheduled(2, Duration.ofSeconds(10));
      ts.advance(Duration.ofSeconds(2));
      t.join(10_000);
      assertThat(thrown.get()).isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }
  }
}
