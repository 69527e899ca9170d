package dev.mainstay.observability.internal;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.observability.GenAiSemconv;
import dev.mainstay.observability.ModelCallObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/** Shared state of one {@code Observability}: tracer, meters, convention and observed clients. */
public final class ObservabilityEngine {
  static final System.Logger LOG = System.getLogger("dev.mainstay.observability");

  private static final EnumMap<ErrorKind, String> KIND_NAMES = new EnumMap<>(ErrorKind.class);

  static {
    for (ErrorKind k : ErrorKind.values()) {
      KIND_NAMES.put(k, k.name().toLowerCase(Locale.ROOT));
    }
  }

  final Tracer tracer;
  /** False for {@code OpenTelemetry.noop()}: no span work at all. */
  final boolean tracing;
  final Instruments instruments;
  final ModelCallObservationConvention convention;
  final boolean captureContent;
  final boolean decisionLogs;
  private final EventHandler events;
  private final ConcurrentHashMap<String, ClientObserver> clients = new ConcurrentHashMap<>();

  /**
   * Creates the engine.
   *
   * @param openTelemetry where spans go
   * @param registry where meters go
   * @param convention naming
   * @param captureContent whether prompt and answer text goes on spans
   * @param decisionLogs whether decisions are logged
   * @param instrumentationName the tracer's scope name
   */
  public ObservabilityEngine(OpenTelemetry openTelemetry, MeterRegistry registry,
      ModelCallObservationConvention convention, boolean captureContent, boolean decisionLogs,
      String instrumentationName) {
    this.tracing = openTelemetry != OpenTelemetry.noop();
    this.tracer = openTelemetry.tracerBuilder(instrumentationName)
        .setSchemaUrl(GenAiSemconv.SCHEMA_URL)
        .build();
    this.instruments = new Instruments(registry);
    this.convention = convention;
    this.captureContent = captureContent;
    this.decisionLogs = decisionLogs;
    this.events = new EventHandler(this);
  }

  /**
   * Whether spans are recorded (false for {@code OpenTelemetry.noop()}).
   *
   * @return true when tracing
   */
  public boolean tracing() {
    return tracing;
  }

  /**
   * Wraps a client's call chain.
   *
   * @param next the chain inside OBSERVE
   * @param context the client
   * @return the observed chain
   */
  public ModelClient decorateCall(ModelClient next, ClientContext context) {
    return new ObservedCall(this, observer(context.clientName()), next, context.timeSource());
  }

  /**
   * Wraps one endpoint's attempt chain.
   *
   * @param endpoint the endpoint
   * @param next the chain inside the attempt's OBSERVE stage
   * @param context the client
   * @return the observed attempt chain
   */
  public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
    ClientObserver observer = observer(context.clientName());
    observer.endpoint(endpoint.info());
    return new ObservedAttempt(this, observer, endpoint.info(), next);
  }

  /**
   * Handles one event of an observed client.
   *
   * @param event the event
   */
  public void onEvent(ModelEvent event) {
    events.handle(event, observerIfKnown(event.client()));
  }

  ClientObserver observer(String client) {
    return clients.computeIfAbsent(client, c -> new ClientObserver(c, convention));
  }

  @Nullable ClientObserver observerIfKnown(String client) {
    return clients.get(client);
  }

  /** Logs a failure to record telemetry; the call goes on unaffected. */
  static void recordingFailed(RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, "recording a call's telemetry failed", e);
  }

  static String kind(ErrorKind kind) {
    String name = KIND_NAMES.get(kind);
    return name == null ? kind.name().toLowerCase(Locale.ROOT) : name;
  }

  @Override
  public String toString() {
    return "tracing=" + tracing + ", captureContent=" + captureContent + ", decisionLogs=" + decisionLogs;
  }
}
