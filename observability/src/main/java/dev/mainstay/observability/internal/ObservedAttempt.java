package dev.mainstay.observability.internal;

import static dev.mainstay.observability.GenAiSemconv.ERROR_TYPE;
import static dev.mainstay.observability.GenAiSemconv.INPUT_MESSAGES;
import static dev.mainstay.observability.GenAiSemconv.OPERATION_NAME;
import static dev.mainstay.observability.GenAiSemconv.PROVIDER_NAME;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_MODEL;
import static dev.mainstay.observability.GenAiSemconv.RESPONSE_FINISH_REASONS;
import static dev.mainstay.observability.GenAiSemconv.RESPONSE_MODEL;
import static dev.mainstay.observability.GenAiSemconv.SERVER_ADDRESS;
import static dev.mainstay.observability.GenAiSemconv.SERVER_PORT;
import static dev.mainstay.observability.GenAiSemconv.USAGE_INPUT_TOKENS;
import static dev.mainstay.observability.GenAiSemconv.USAGE_OUTPUT_TOKENS;
import static dev.mainstay.observability.ObservationDocumentation.COST;
import static dev.mainstay.observability.ObservationDocumentation.TAG_CLIENT;
import static dev.mainstay.observability.ObservationDocumentation.TAG_ENDPOINT;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Usage;
import dev.mainstay.observability.ServerAddress;
import io.micrometer.core.instrument.Counter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;

/**
 * The OBSERVE attempt stage: one span per endpoint attempt, a child of its call's span. The
 * parent is found through the request id in the client's in-flight calls, registered on the
 * caller's thread, so attempts running on executor threads (hedges included) land under their
 * call without relying on a thread-local crossing threads.
 */
final class ObservedAttempt implements ModelClient {
  private final ObservabilityEngine engine;
  private final ClientObserver observer;
  private final EndpointInfo info;
  private final ModelClient next;
  private final String spanName;
  private final String provider;
  private final @Nullable ServerAddress address;
  private final boolean priced;
  private volatile @Nullable Counter costCounter;

  ObservedAttempt(ObservabilityEngine engine, ClientObserver observer, EndpointInfo info, ModelClient next) {
    this.engine = engine;
    this.observer = observer;
    this.info = info;
    this.next = next;
    this.spanName = engine.convention.attemptSpanName(info);
    this.provider = engine.convention.providerName(info);
    this.address = engine.convention.serverAddress(info);
    this.priced = info.inputPricePerMillion() > 0 || info.outputPricePerMillion() > 0;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    if (!engine.tracing) {
      ModelResponse r = next.call(request);
      cost(r);
      return r;
    }
    AttemptSpec spec = AttemptSpec.current();
    int number = spec == null ? 0 : spec.number();
    String requestId = request.requestId();
    CallState call = requestId == null ? null : observer.call(requestId);
    Context parent = call != null ? call.context : Context.current();
    SpanBuilder b = engine.tracer.spanBuilder(spanName)
        .setParent(parent)
        .setSpanKind(SpanKind.INTERNAL)
        .setAttribute(Keys.OPERATION_NAME, request.operation().wireName())
        .setAttribute(Keys.PROVIDER_NAME, provider)
        .setAttribute(Keys.REQUEST_MODEL, info.model().isEmpty() ? request.model() : info.model())
        .setAttribute(Keys.CLIENT, observer.client)
        .setAttribute(Keys.ENDPOINT, info.id())
        .setAttribute(Keys.HEDGED, spec != null && spec.hedge());
    if (number > 0) {
      b.setAttribute(Keys.ATTEMPT_NUMBER, (long) number);
    }
    if (address != null) {
      b.setAttribute(Keys.SERVER_ADDRESS, address.host());
      b.setAttribute(Keys.SERVER_PORT, (long) address.port());
    }
    Span span = b.startSpan();
    boolean recording = span.isRecording();
    boolean reasonSet = recording && reason(span, call, number);
    if (recording && engine.captureContent) {
      // The request here has passed the input guard: redacted text is what gets recorded.
      String json = ContentJson.input(request);
      if (json != null) {
        span.setAttribute(Keys.INPUT_MESSAGES, json);
      }
    }
    try (Scope ignored = parent.with(span).makeCurrent()) {
      ModelResponse r = next.call(request);
      if (recording) {
        span.setAttribute(Keys.OUTCOME, "success");
        if (!r.model().isEmpty()) {
          span.setAttribute(Keys.RESPONSE_MODEL, r.model());
        }
        if (r.finishReason() != FinishReason.NONE) {
          span.setAttribute(Keys.RESPONSE_FINISH_REASONS,
              List.of(r.finishReason().wireName()));
        }
        Usage u = r.usage();
        if (!u.equals(Usage.NONE)) {
          span.setAttribute(Keys.USAGE_INPUT_TOKENS, u.inputTokens());
          span.setAttribute(Keys.USAGE_OUTPUT_TOKENS, u.outputTokens());
        }
      }
      cost(r);
      return r;
    } catch (ModelException e) {
      String kind = ObservabilityEngine.kind(e.kind());
      fail(span, recording, kind);
      throw e;
    } catch (RuntimeException e) {
      fail(span, recording, e.getClass().getName());
      throw e;
    } finally {
      if (recording && !reasonSet) {
        // The route may publish its failover or retry decision just after launching the attempt.
        reason(span, call, number);
      }
      span.end();
    }
  }

  private static void fail(Span span, boolean recording, String errorType) {
    if (recording) {
      span.setAttribute(Keys.OUTCOME, errorType);
      span.setAttribute(Keys.ERROR_TYPE, errorType);
      span.setStatus(StatusCode.ERROR, errorType);
    }
  }

  private static boolean reason(Span span, @Nullable CallState call, int number) {
    if (call == null || number <= 1) {
      return false;
    }
    CallState.Reason reason = call.reason(number);
    if (reason == null) {
      return false;
    }
    span.setAttribute(reason.attribute(), reason.kind());
    return true;
  }

  private void cost(ModelResponse r) {
    if (priced) {
      try {
        recordCost(r);
      } catch (RuntimeException e) {
        ObservabilityEngine.recordingFailed(e);
      }
    }
  }

  private void recordCost(ModelResponse r) {
    double cost = info.cost(r.usage());
    if (cost > 0) {
      Counter c = costCounter;
      if (c == null) {
        c = engine.instruments.counter(COST, "Cost of successful attempts on priced endpoints.",
            TAG_CLIENT, observer.client, TAG_ENDPOINT, info.id());
        costCounter = c;
      }
      c.increment(cost);
    }
  }

  @Override
  public String toString() {
    return "ObservedAttempt[" + info.id() + "]";
  }
}
