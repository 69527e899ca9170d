package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Router;
import dev.mainstay.core.Stage;
import dev.mainstay.core.Usage;
import dev.mainstay.core.event.InputRedactedEvent;
import dev.mainstay.testkit.FakeEndpoint;
import io.micrometer.core.instrument.Meter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Canary strings in prompts and answers never reach spans, metrics or logs unless capture is on. */
final class ContentCaptureTest {
  private static final String PROMPT_CANARY = "CANARY-PROMPT-7f3a9c";
  private static final String SECRET_CANARY = "CANARY-SECRET-b21e";
  private static final String ANSWER_CANARY = "CANARY-ANSWER-55d0";
  private static final String PII_CANARY = "CANARY-PII-0c4f";

  private final TestTelemetry t = new TestTelemetry();
  private final Logger julLogger = Logger.getLogger("dev.mainstay.observability");
  private final List<String> logLines = new ArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      synchronized (logLines) {
        logLines.add(new java.util.logging.SimpleFormatter().formatMessage(r));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previous;

  @BeforeEach
  void captureLogs() {
    previous = julLogger.getLevel();
    julLogger.setLevel(Level.ALL);
    julLogger.addHandler(handler);
  }

  @AfterEach
  void close() {
    julLogger.removeHandler(handler);
    julLogger.setLevel(previous);
    t.close();
  }

  /** An INPUT_GUARD stand-in: redacts the secret canary and reports it with types and counts. */
  private static final CallDecorator INPUT_GUARD = new CallDecorator() {
    @Override
    public Stage stage() {
      return Stage.INPUT_GUARD;
    }

    @Override
    public ModelClient decorate(ModelClient next, ClientContext context) {
      return request -> {
        List<Message> clean = new ArrayList<>();
        for (Message m : request.messages()) {
          clean.add(m.withText(m.text().replace(SECRET_CANARY, "[REDACTED:API_KEY]")));
        }
        context.publish(new InputRedactedEvent(context.clientName(), request.requestId(), Instant.EPOCH,
            List.of("secrets"), Map.of("API_KEY", 1)));
        return next.call(request.messages(clean));
      };
    }
  };

  /** An OUTPUT_GUARD stand-in: redacts the PII canary from answers. */
  private static final CallDecorator OUTPUT_GUARD = new CallDecorator() {
    @Override
    public Stage stage() {
      return Stage.OUTPUT_GUARD;
    }

    @Override
    public ModelClient decorate(ModelClient next, ClientContext context) {
      return request -> {
        ModelResponse r = next.call(request);
        return r.text(r.text().replace(PII_CANARY, "[REDACTED:EMAIL]"));
      };
    }
  };

  private ModelClient client(boolean capture, FakeEndpoint endpoint) {
    return Mainstay.client("canary")
        .route(Router.direct(endpoint))
        .with(Observability.builder(t.openTelemetry, t.meters).captureContent(capture).build())
        .with(INPUT_GUARD)
        .with(OUTPUT_GUARD)
        .build();
  }

  private static FakeEndpoint answering() {
    return FakeEndpoint.builder("e")
        .info(EndpointInfo.builder("e").provider("openai").model("m").build())
        .thenRespond(r -> ModelResponse.builder(r.operation())
            .text("the answer is " + ANSWER_CANARY + " mail " + PII_CANARY)
            .model("m").endpointId("e").usage(new Usage(10, 5)).build())
        .repeatLast().build();
  }

  private static ModelRequest prompt() {
    return ModelRequest.builder(dev.mainstay.core.Operation.CHAT)
        .system("be brief " + PROMPT_CANARY)
        .user("my key is " + SECRET_CANARY + " and " + PROMPT_CANARY)
        .build();
  }

  /** Everything telemetry recorded, as text. */
  private String everything() {
    StringBuilder sb = new StringBuilder();
    for (SpanData s : t.finished()) {
      sb.append(s.getName()).append(' ').append(s.getAttributes()).append(' ').append(s.getStatus());
      for (EventData e : s.getEvents()) {
        sb.append(' ').append(e.getName()).append(' ').append(e.getAttributes());
      }
      sb.append('\n');
    }
    for (Meter m : t.meters.getMeters()) {
      sb.append(m.getId()).append('\n');
    }
    synchronized (logLines) {
      logLines.forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  @Test
  void captureOff_successAndFailure_noCanaryAnywhere() {
    // Given content capture off (the default)
    ModelClient ok = client(false, answering());
    FakeEndpoint failing = FakeEndpoint.builder("e").thenFail(ErrorKind.TRANSIENT).repeatLast().build();
    ModelClient bad = client(false, failing);

    // When a call succeeds and another fails
    ok.call(prompt());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> bad.call(prompt()))
        .isInstanceOf(ModelException.class);

    // Then no canary appears in spans, span events, meters or decision logs
    String all = everything();
    assertThat(t.finished()).isNotEmpty();
    assertThat(logLines).isNotEmpty();
    assertThat(all).doesNotContain(PROMPT_CANARY, SECRET_CANARY, ANSWER_CANARY, PII_CANARY);
    for (SpanData s : t.finished()) {
      assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
      assertThat(s.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
    }
  }

  @Test
  void captureOn_inputAfterInputGuardOnAttempt_outputAfterOutputGuardOnCall() throws Exception {
    // Given content capture on, with an input and an output guard inside OBSERVE
    ModelClient client = client(true, answering());

    // When a call succeeds
    client.call(prompt());

    // Then the attempt span carries the input as the model saw it: redacted by the input guard
    SpanData attempt = t.span("attempt e");
    SpanData call = t.span("chat default");
    String input = attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"));
    assertThat(input).contains(PROMPT_CANARY).contains("[REDACTED:API_KEY]").doesNotContain(SECRET_CANARY);
    JsonNode in = new ObjectMapper().readTree(input);
    assertThat(in).hasSize(2);
    assertThat(in.get(0).get("role").asText()).isEqualTo("system");
    assertThat(in.get(1).get("role").asText()).isEqualTo("user");
    assertThat(in.get(1).get("parts").get(0).get("type").asText()).isEqualTo("text");
    // and the call span carries the answer as the caller got it: redacted by the output guard
    String output = call.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"));
    JsonNode out = new ObjectMapper().readTree(output);
    assertThat(out.get(0).get("role").asText()).isEqualTo("assistant");
    assertThat(out.get(0).get("finish_reason").asText()).isEqualTo("stop");
    assertThat(out.get(0).get("parts").get(0).get("content").asText())
        .contains(ANSWER_CANARY).contains("[REDACTED:EMAIL]").doesNotContain(PII_CANARY);
    // and the pre-redaction secret reaches nothing at all, the call span has no input
    assertThat(everything()).doesNotContain(SECRET_CANARY, PII_CANARY);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))).isNull();
    assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))).isNull();
    // and metrics and logs stay free of content even with capture on
    StringBuilder metersAndLogs = new StringBuilder();
    t.meters.getMeters().forEach(m -> metersAndLogs.append(m.getId()));
    logLines.forEach(metersAndLogs::append);
    assertThat(metersAndLogs.toString()).doesNotContain(PROMPT_CANARY, ANSWER_CANARY);
  }

  @Test
  void decisionLogsOff_nothingLogged() {
    // Given decision logs switched off
    ModelClient client = Mainstay.client("quiet")
        .route(Router.direct(answering()))
        .with(Observability.builder(t.openTelemetry, t.meters).decisionLogs(false).build())
        .with(INPUT_GUARD)
        .build();

    // When a call with a guard decision runs
    client.call(prompt());

    // Then nothing is logged
    assertThat(logLines).isEmpty();
  }
}
