package dev.mainstay.observability.internal;

import static dev.mainstay.observability.GenAiSemconv.ERROR_TYPE;
import static dev.mainstay.observability.GenAiSemconv.OPERATION_NAME;
import static dev.mainstay.observability.GenAiSemconv.OUTPUT_MESSAGES;
import static dev.mainstay.observability.GenAiSemconv.OUTPUT_TYPE;
import static dev.mainstay.observability.GenAiSemconv.PROVIDER_NAME;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_MAX_TOKENS;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_MODEL;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_SEED;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_STOP_SEQUENCES;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_TEMPERATURE;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_TOP_P;
import static dev.mainstay.observability.GenAiSemconv.RESPONSE_FINISH_REASONS;
import static dev.mainstay.observability.GenAiSemconv.RESPONSE_MODEL;
import static dev.mainstay.observability.GenAiSemconv.SERVER_ADDRESS;
import static dev.mainstay.observability.GenAiSemconv.SERVER_PORT;
import static dev.mainstay.observability.GenAiSemconv.USAGE_INPUT_TOKENS;
import static dev.mainstay.observability.GenAiSemconv.USAGE_OUTPUT_TOKENS;
import static dev.mainstay.observability.ObservationDocumentation.CALLS;
import static dev.mainstay.observability.ObservationDocumentation.TAG_CLIENT;
import static dev.mainstay.observability.ObservationDocumentation.TAG_OUTCOME;

import dev.mainstay.core.AllEndpointsFailedException;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.ResponseFormat;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.Usage;
import dev.mainstay.observability.ServerAddress;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The OBSERVE call stage: one span and one set of metrics per logical call. */
final class ObservedCall implements ModelClient {
  private static final String SUCCESS = "success";

  private final ObservabilityEngine engine;
  private final ClientObserver observer;
  private final ModelClient next;
  private final TimeSource time;
  private final ConcurrentHashMap<MeterKey, CallMeters> meters = new ConcurrentHashMap<>();

  ObservedCall(ObservabilityEngine engine, ClientObserver observer, ModelClient next, TimeSource time) {
    this.engine = engine;
    this.observer = observer;
    this.next = next;
    this.time = time;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    long start = time.nanoTime();
    if (!engine.tracing) {
      return callWith(request, Span.getInvalid(), start);
    }
    String requestId = request.requestId();
    Span span = startSpan(request, requestId);
    if (!span.getSpanContext().isValid()) {
      return callWith(request, span, start);
    }
    Context context = Context.current().with(span);
    CallState state = new CallState(span, context);
    String registered = requestId != null && observer.register(requestId, state) ? requestId : null;
    try (Scope ignored = context.makeCurrent()) {
      return callWith(request, span, start);
    } finally {
      if (registered != null) {
        observer.unregister(registered, state);
      }
    }
  }

  private ModelResponse callWith(ModelRequest request, Span span, long start) {
    ModelResponse response;
    try {
      response = next.call(request);
    } catch (ModelException e) {
      failed(request, e, span, start);
      throw e;
    } catch (RuntimeException e) {
      failedUnexpectedly(request, e, span, start);
      throw e;
    } catch (Error e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      span.end();
      throw e;
    }
    try {
      succeeded(request, response, span, start);
    } catch (RuntimeException e) {
      // Observation never changes a call's outcome: a failing registry or convention is logged.
      ObservabilityEngine.recordingFailed(e);
      span.end();
    }
    return response;
  }

  private Span startSpan(ModelRequest request, @Nullable String requestId) {
    SpanBuilder b = engine.tracer.spanBuilder(engine.convention.callSpanName(request))
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(Keys.OPERATION_NAME, request.operation().wireName())
        .setAttribute(Keys.REQUEST_MODEL, request.model())
        .setAttribute(Keys.CLIENT, observer.client);
    String sole = observer.soleProvider();
    if (sole != null) {
      b.setAttribute(Keys.PROVIDER_NAME, sole);
    }
    if (requestId != null) {
      b.setAttribute(Keys.REQUEST_ID, requestId);
    }
    Parameters p = request.parameters();
    if (p.temperature() != null) {
      b.setAttribute(Keys.REQUEST_TEMPERATURE, p.temperature());
    }
    if (p.topP() != null) {
      b.setAttribute(Keys.REQUEST_TOP_P, p.topP());
    }
    if (p.maxTokens() != null) {
      b.setAttribute(Keys.REQUEST_MAX_TOKENS, (long) p.maxTokens());
    }
    if (p.seed() != null) {
      b.setAttribute(Keys.REQUEST_SEED, p.seed());
    }
    if (!p.stop().isEmpty()) {
      b.setAttribute(Keys.REQUEST_STOP_SEQUENCES, p.stop());
    }
    Operation op = request.operation();
    if (op == Operation.CHAT || op == Operation.COMPLETION) {
      b.setAttribute(Keys.OUTPUT_TYPE, p.responseFormat() == ResponseFormat.TEXT ? "text" : "json");
    }
    return b.startSpan();
  }

  private void succeeded(ModelRequest request, ModelResponse response, Span span, long start) {
    long nanos = time.nanoTime() - start;
    EndpointInfo info = observer.endpoint(response.endpointId());
    String provider = provider(info);
    String op = request.operation().wireName();
    String responseModel = response.model();
    Usage usage = response.usage();
    boolean cached = response.facts().cached();
    String source = response.facts().stale() ? "stale" : cached ? "cache" : "model";
    CallMeters m = meters(op, provider, request.model(), responseModel, "", source);
    m.duration.record(nanos, TimeUnit.NANOSECONDS);
    m.calls.increment();
    DistributionSummary input = m.inputTokens;
    DistributionSummary output = m.outputTokens;
    if (input != null && output != null && !usage.equals(Usage.NONE)) {
      input.record((double) usage.inputTokens());
      output.record((double) usage.outputTokens());
    }
    if (span.isRecording()) {
      span.setAttribute(Keys.PROVIDER_NAME, provider);
      if (!responseModel.isEmpty()) {
        span.setAttribute(Keys.RESPONSE_MODEL, responseModel);
      }
      if (response.finishReason() != FinishReason.NONE) {
        span.setAttribute(Keys.RESPONSE_FINISH_REASONS,
            List.of(response.finishReason().wireName()));
      }
      if (!usage.equals(Usage.NONE)) {
        span.setAttribute(Keys.USAGE_INPUT_TOKENS, usage.inputTokens());
        span.setAttribute(Keys.USAGE_OUTPUT_TOKENS, usage.outputTokens());
      }
      if (!response.endpointId().isEmpty()) {
        span.setAttribute(Keys.ENDPOINT, response.endpointId());
      }
      span.setAttribute(Keys.ATTEMPTS, (long) response.facts().attempts());
      span.setAttribute(Keys.CACHED, cached);
      span.setAttribute(Keys.STALE, response.facts().stale());
      span.setAttribute(Keys.HEDGED, response.facts().hedged());
      if (info != null) {
        address(span, info);
      }
      if (engine.captureContent
          && (request.operation() == Operation.CHAT || request.operation() == Operation.COMPLETION)) {
        span.setAttribute(Keys.OUTPUT_MESSAGES, ContentJson.output(response.text(), response.finishReason()));
      }
    }
    span.end();
  }

  private void failed(ModelRequest request, ModelException e, Span span, long start) {
    safely(request, ObservabilityEngine.kind(e.kind()), lastEndpoint(e), span, start);
  }

  private void failedUnexpectedly(ModelRequest request, RuntimeException e, Span span, long start) {
    safely(request, e.getClass().getName(), null, span, start);
  }

  private void safely(ModelRequest request, String errorType, @Nullable String endpointId, Span span,
      long start) {
    try {
      record(request, errorType, endpointId, span, start);
    } catch (RuntimeException e) {
      ObservabilityEngine.recordingFailed(e);
      span.end();
    }
  }

  private void record(ModelRequest request, String errorType, @Nullable String endpointId, Span span,
      long start) {
    long nanos = time.nanoTime() - start;
    EndpointInfo info = observer.endpoint(endpointId);
    String provider = provider(info);
    String op = request.operation().wireName();
    CallMeters m = meters(op, provider, request.model(), "", errorType, "none");
    m.duration.record(nanos, TimeUnit.NANOSECONDS);
    m.calls.increment();
    if (span.isRecording()) {
      span.setAttribute(Keys.PROVIDER_NAME, provider);
      span.setAttribute(Keys.ERROR_TYPE, errorType);
      span.setStatus(StatusCode.ERROR, errorType);
      if (info != null) {
        span.setAttribute(Keys.ENDPOINT, info.id());
        address(span, info);
      }
    }
    span.end();
    if (engine.decisionLogs && ObservabilityEngine.LOG.isLoggable(System.Logger.Level.DEBUG)) {
      ObservabilityEngine.LOG.log(System.Logger.Level.DEBUG,
          "client={0} request={1} call failed: {2}", observer.client, request.requestId(), errorType);
    }
  }

  /** The meters of one combination of tag values, looked up once per call. */
  private record MeterKey(
      String operation, String provider, String requestModel, String responseModel, String errorType,
      String source) {}

  /** A call's meters: duration, calls counter and, for model answers, the token histograms. */
  private static final class CallMeters {
    final Timer duration;
    final Counter calls;
    final @Nullable DistributionSummary inputTokens;
    final @Nullable DistributionSummary outputTokens;

    CallMeters(Timer duration, Counter calls, @Nullable DistributionSummary inputTokens,
        @Nullable DistributionSummary outputTokens) {
      this.duration = duration;
      this.calls = calls;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
    }
  }

  private CallMeters meters(String op, String provider, String requestModel, String responseModel,
      String errorType, String source) {
    MeterKey key = new MeterKey(op, provider, requestModel, responseModel, errorType, source);
    CallMeters m = meters.get(key);
    return m != null ? m : meters.computeIfAbsent(key, this::createMeters);
  }

  private CallMeters createMeters(MeterKey k) {
    Instruments i = engine.instruments;
    String client = observer.client;
    boolean model = k.source().equals("model");
    return new CallMeters(
        i.operationDuration(client, k.operation(), k.provider(), k.requestModel(), k.responseModel(),
            k.errorType()),
        i.counter(CALLS, "Logical calls by outcome and source.", TAG_CLIENT, client,
            "gen_ai.operation.name", k.operation(), TAG_OUTCOME,
            k.errorType().isEmpty() ? SUCCESS : k.errorType(), "source", k.source()),
        model ? i.tokenUsage(client, k.operation(), k.provider(), k.requestModel(), k.responseModel(), "input") : null,
        model ? i.tokenUsage(client, k.operation(), k.provider(), k.requestModel(), k.responseModel(), "output") : null);
  }

  private void address(Span span, EndpointInfo info) {
    ServerAddress address = engine.convention.serverAddress(info);
    if (address != null) {
      span.setAttribute(Keys.SERVER_ADDRESS, address.host());
      span.setAttribute(Keys.SERVER_PORT, (long) address.port());
    }
  }

  private String provider(@Nullable EndpointInfo info) {
    if (info != null) {
      return engine.convention.providerName(info);
    }
    String sole = observer.soleProvider();
    return sole == null ? "unknown" : sole;
  }

  private static @Nullable String lastEndpoint(ModelException e) {
    if (e instanceof AllEndpointsFailedException all) {
      List<ModelException> attempts = all.attempts();
      return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).endpointId().orElse(null);
    }
    return e.endpointId().orElse(null);
  }

  @Override
  public String toString() {
    return "Observability(" + next + ")";
  }
}
