package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Router;
import dev.mainstay.core.Usage;
import dev.mainstay.testkit.FakeEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class ObservabilityTest {
  private final TestTelemetry t = new TestTelemetry();

  @AfterEach
  void close() {
    t.close();
  }

  private static FakeEndpoint openAi(String id, String answer) {
    return FakeEndpoint.builder(id)
        .info(EndpointInfo.builder(id).provider("openai").model("gpt-4o-mini-2024-07-18")
            .pricePerMillion(0.15, 0.60).build())
        .thenRespond(r -> ModelResponse.builder(r.operation()).text(answer)
            .model("gpt-4o-mini-2024-07-18").endpointId(id).usage(new Usage(120, 30)).build())
        .repeatLast()
        .build();
  }

  private ModelClient client(Router router, Observability observability) {
    return Mainstay.client("chat").route(router).with(observability).build();
  }

  private static ModelRequest chatRequest() {
    return ModelRequest.builder(Operation.CHAT).model("gpt-4o-mini").user("hello")
        .parameters(Parameters.builder().temperature(0.2).topP(0.9).maxTokens(256).seed(7)
            .stop("END").build())
        .build();
  }

  @Test
  void call_chat_oneClientSpanWithGenAiAttributes() {
    // Given a client observed with the SDK
    ModelClient client = client(Router.direct(openAi("oa", "hi there")),
        Observability.of(t.openTelemetry, t.meters));

    // When one chat call succeeds
    client.call(chatRequest());

    // Then the call span follows the GenAI conventions
    SpanData call = t.span("chat gpt-4o-mini");
    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(call.getInstrumentationScopeInfo().getSchemaUrl()).isEqualTo(GenAiSemconv.SCHEMA_URL);
    var a = call.getAttributes();
    assertThat(a.get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
    assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
    assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.top_p"))).isEqualTo(0.9);
    assertThat(a.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(256L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.request.seed"))).isEqualTo(7L);
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences"))).containsExactly("END");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.output.type"))).isEqualTo("text");
    assertThat(a.get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).containsExactly("stop");
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(120L);
    assertThat(a.get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(30L);
    assertThat(a.get(AttributeKey.stringKey("error.type"))).isNull();
    assertThat(a.get(AttributeKey.stringKey("gen_ai.system"))).as("deprecated name").isNull();
    assertThat(a.get(AttributeKey.stringKey("mainstay.endpoint.id"))).isEqualTo("oa");
    assertThat(a.get(AttributeKey.longKey("mainstay.attempts"))).isEqualTo(1L);
    assertThat(a.get(AttributeKey.booleanKey("mainstay.cached"))).isFalse();
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void call_directRoute_attemptSpanIsChildOfCallSpan() {
    // Given a direct route, whose attempt runs on the executor thread
    ModelClient client = client(Router.direct(openAi("oa", "hi")), Observability.of(t.openTelemetry, t.meters));

    // When a call succeeds
    client.call(chatRequest());

    // Then the attempt span is the call span's child, in the same trace
    SpanData call = t.span("chat gpt-4o-mini");
    SpanData attempt = t.span("attempt oa");
    assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(attempt.getTraceId()).isEqualTo(call.getTraceId());
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("mainstay.endpoint.id"))).isEqualTo("oa");
    assertThat(attempt.getAttributes().get(AttributeKey.longKey("mainstay.attempt.number"))).isEqualTo(1L);
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("mainstay.attempt.outcome"))).isEqualTo("success");
    assertThat(attempt.getAttributes().get(AttributeKey.booleanKey("mainstay.hedged"))).isFalse();
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
        .isEqualTo("gpt-4o-mini-2024-07-18");
  }

  @Test
  void call_endpointFails_errorTypeStatusAndFailedAttempt() {
    // Given an endpoint that fails transiently
    FakeEndpoint failing = FakeEndpoint.builder("down")
        .info(EndpointInfo.builder("down").provider("anthropic").model("claude").build())
        .thenFail(ErrorKind.TRANSIENT).repeatLast().build();
    ModelClient client = client(Router.direct(failing), Observability.of(t.openTelemetry, t.meters));

    // When the call fails
    assertThatThrownBy(() -> client.call(ModelRequest.chat("x"))).isInstanceOf(ModelException.class);

    // Then both spans carry error.type and an error status; the metric has error.type too
    SpanData call = t.span("chat default");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("transient");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("anthropic");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    SpanData attempt = t.span("attempt down");
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("mainstay.attempt.outcome"))).isEqualTo("transient");
    assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    Timer timer = t.meters.get("gen_ai.client.operation.duration").tag("error.type", "transient").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.calls").tag("outcome", "transient").counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.attempts").tag("outcome", "transient").tag("mainstay.endpoint", "down")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void operationDuration_histogram_semconvBucketsInSeconds() {
    // Given an observed client
    ModelClient client = client(Router.direct(openAi("oa", "hi")), Observability.of(t.openTelemetry, t.meters));

    // When a call succeeds
    client.call(chatRequest());

    // Then the duration histogram has the conventions' tags, unit and exact bucket boundaries
    Timer timer = t.meters.get("gen_ai.client.operation.duration")
        .tag("gen_ai.operation.name", "chat")
        .tag("gen_ai.provider.name", "openai")
        .tag("gen_ai.request.model", "gpt-4o-mini")
        .tag("gen_ai.response.model", "gpt-4o-mini-2024-07-18")
        .tag("error.type", "")
        .tag("mainstay.client", "chat")
        .timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.getId().getBaseUnit()).isEqualTo("seconds");
    double[] bounds = Arrays.stream(timer.takeSnapshot().histogramCounts())
        .mapToDouble(b -> b.bucket(TimeUnit.SECONDS)).toArray();
    assertThat(bounds).containsExactly(
        GenAiSemconv.DURATION_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray());
  }

  @Test
  void tokenUsage_histogram_inputAndOutputWithSemconvBuckets() {
    // Given an endpoint reporting 120 input and 30 output tokens
    ModelClient client = client(Router.direct(openAi("oa", "hi")), Observability.of(t.openTelemetry, t.meters));

    // When a call succeeds
    client.call(chatRequest());

    // Then token usage is a histogram per token type with the conventions' buckets
    DistributionSummary input = t.meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary();
    DistributionSummary output = t.meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary();
    assertThat(input.totalAmount()).isEqualTo(120);
    assertThat(output.totalAmount()).isEqualTo(30);
    assertThat(input.getId().getTag("gen_ai.provider.name")).isEqualTo("openai");
    CountAtBucket[] buckets = input.takeSnapshot().histogramCounts();
    assertThat(Arrays.stream(buckets).mapToDouble(CountAtBucket::bucket).toArray()).containsExactly(
        GenAiSemconv.TOKEN_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray());
    // 120 tokens fall in the (64, 256] bucket
    assertThat(Arrays.stream(buckets).filter(b -> b.bucket() == 256.0).findFirst().orElseThrow().count())
        .isEqualTo(1);
    assertThat(Arrays.stream(buckets).filter(b -> b.bucket() == 64.0).findFirst().orElseThrow().count())
        .isEqualTo(0);
  }

  @Test
  void cost_pricedEndpoint_countsCurrency() {
    // Given an endpoint priced at 0.15 / 0.60 per million tokens
    ModelClient client = client(Router.direct(openAi("oa", "hi")), Observability.of(t.openTelemetry, t.meters));

    // When two calls of 120 input and 30 output tokens succeed
    client.call(chatRequest());
    client.call(chatRequest());

    // Then the cost counter holds 2 * (120 * 0.15 + 30 * 0.60) / 1e6
    Counter cost = t.meters.get("mainstay.cost").tag("mainstay.endpoint", "oa").counter();
    assertThat(cost.count()).isCloseTo(2 * (120 * 0.15 + 30 * 0.60) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void calls_byOutcomeAndSource_counted() {
    // Given an observed client
    ModelClient client = client(Router.direct(openAi("oa", "hi")), Observability.of(t.openTelemetry, t.meters));

    // When three calls succeed
    for (int i = 0; i < 3; i++) {
      client.call(chatRequest());
    }

    // Then calls and attempts are counted with their outcomes
    assertThat(t.meters.get("mainstay.calls").tag("outcome", "success").tag("source", "model").counter().count())
        .isEqualTo(3);
    assertThat(t.meters.get("mainstay.attempts").tag("outcome", "success").tag("hedge", "false").counter().count())
        .isEqualTo(3);
    assertThat(t.meters.get("mainstay.attempt.duration").tag("outcome", "success").timer().count()).isEqualTo(3);
  }

  @Test
  void noopOpenTelemetry_noSpansButMetrics() {
    // Given the no-op OpenTelemetry
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ModelClient client = client(Router.direct(openAi("oa", "hi")), Observability.of(OpenTelemetry.noop(), registry));

    // When a call succeeds
    ModelResponse r = client.call(chatRequest());

    // Then the answer is untouched, metrics are kept and the SDK exporter saw nothing
    assertThat(r.text()).isEqualTo("hi");
    assertThat(registry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(1);
    assertThat(t.finished()).isEmpty();
  }

  @Test
  void embedding_noFinishReasonAndNoOutputType() {
    // Given an embedding endpoint
    FakeEndpoint emb = FakeEndpoint.builder("emb")
        .info(EndpointInfo.builder("emb").provider("openai").model("text-embedding-3-small")
            .operations(Operation.EMBEDDING).build())
        .thenRespond(r -> ModelResponse.builder(Operation.EMBEDDING)
            .embedding(dev.mainstay.core.Embedding.of(new float[] {0.1f, 0.2f}))
            .model("text-embedding-3-small").endpointId("emb").usage(new Usage(5, 0)).build())
        .repeatLast().build();
    ModelClient client = client(Router.direct(emb), Observability.of(t.openTelemetry, t.meters));

    // When an embedding call succeeds
    client.call(ModelRequest.embedding("abc").model("text-embedding-3-small"));

    // Then the span is named for the embeddings operation and carries no chat-only attributes
    SpanData call = t.span("embeddings text-embedding-3-small");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("embeddings");
    assertThat(call.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"))).isNull();
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.output.type"))).isNull();
  }

  @Test
  void convention_custom_namesAndServerAddress() {
    // Given a convention that names spans differently and knows server addresses
    ModelCallObservationConvention convention = new ModelCallObservationConvention() {
      @Override
      public String callSpanName(ModelRequest request) {
        return "llm " + request.operation().wireName();
      }

      @Override
      public ServerAddress serverAddress(EndpointInfo endpoint) {
        return new ServerAddress("api.example.com", 443);
      }
    };
    ModelClient client = client(Router.direct(openAi("oa", "hi")),
        Observability.builder(t.openTelemetry, t.meters).convention(convention).build());

    // When a call succeeds
    client.call(chatRequest());

    // Then the custom names and the server attributes are used
    SpanData call = t.span("llm chat");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("api.example.com");
    assertThat(call.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
    assertThat(t.span("attempt oa").getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
  }

  @Test
  void builder_settersTwice_throw() {
    Observability.Builder b = Observability.builder(OpenTelemetry.noop(), new SimpleMeterRegistry());
    b.captureContent(true).decisionLogs(false).convention(ModelCallObservationConvention.DEFAULT)
        .instrumentationName("x");
    assertThatThrownBy(() -> b.captureContent(false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.decisionLogs(true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.convention(ModelCallObservationConvention.DEFAULT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.instrumentationName("y")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Observability.builder(OpenTelemetry.noop(), new SimpleMeterRegistry())
        .instrumentationName(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Observability.of(null, new SimpleMeterRegistry()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void stages_observeForCallsAndAttempts() {
    Observability o = Observability.of(OpenTelemetry.noop(), new SimpleMeterRegistry());
    assertThat(o.stage()).isEqualTo(dev.mainstay.core.Stage.OBSERVE);
    assertThat(o.attemptStage()).isEqualTo(dev.mainstay.core.AttemptStage.OBSERVE);
    ModelClient client = client(Router.direct(openAi("oa", "hi")), o);
    assertThat(client.toString()).contains("Observability(").contains("each attempt: Observability(endpoint)");
  }

  @Test
  void failingRegistry_neverChangesTheCallsOutcome() {
    // Given a registry that refuses to register the duration histogram
    SimpleMeterRegistry broken = new SimpleMeterRegistry();
    broken.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
      @Override
      public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
        if (id.getName().equals("gen_ai.client.operation.duration")) {
          throw new IllegalStateException("registry refused");
        }
        return id;
      }
    });
    ModelClient ok = client(Router.direct(openAi("oa", "hi")), Observability.of(t.openTelemetry, broken));
    FakeEndpoint failing = FakeEndpoint.builder("down").thenFail(ErrorKind.TIMEOUT).repeatLast().build();
    ModelClient bad = Mainstay.client("bad").route(Router.direct(failing))
        .with(Observability.of(t.openTelemetry, broken)).build();

    // When calls succeed and fail
    ModelResponse r = ok.call(chatRequest());

    // Then the caller sees the real outcome, and the spans still end
    assertThat(r.text()).isEqualTo("hi");
    assertThatThrownBy(() -> bad.call(ModelRequest.chat("x")))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(t.names()).contains("chat gpt-4o-mini", "chat default");
  }

  static List<String> keys(SpanData s) {
    return s.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey).toList();
  }
}
