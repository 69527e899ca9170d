package dev.mainstay.observability;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Stage;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.observability.internal.ObservabilityEngine;
import dev.mainstay.observability.internal.OtelContextPropagator;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

/**
 * The {@code OBSERVE} stage: traces with the OpenTelemetry GenAI semantic conventions and
 * Micrometer metrics for every call, attempt and decision of a client.
 *
 * <p>Add it with {@code ClientBuilder.with(observability)}; it then acts three ways:
 *
 * <ul>
 *   <li>a {@link CallDecorator} at {@link Stage#OBSERVE}: one {@code CLIENT} span per logical call
 *       named {@code {gen_ai.operation.name} {gen_ai.request.model}}, the {@code
 *       gen_ai.client.operation.duration} and {@code gen_ai.client.token.usage} histograms, and
 *       {@code mainstay.calls};
 *   <li>an {@link AttemptDecorator} at {@link AttemptStage#OBSERVE}: one child span per endpoint
 *       attempt (endpoint, number, outcome, hedge, failover or retry reason), parented explicitly
 *       on the call's span context captured on the caller's thread, so attempts on executor
 *       threads and hedges land under their call;
 *   <li>an {@link EventListener}: span events, counters, gauges and decision logs ({@code
 *       System.Logger} {@code dev.mainstay.observability}) for cache results, guard findings,
 *       failovers, hedges, breaker transitions and drift alarms.
 * </ul>
 *
 * <p>Prompt and answer text is never recorded unless {@link Builder#captureContent(boolean)} is
 * on. Then the input is recorded on attempt spans (after the input guard, which runs inside
 * {@code OBSERVE}) and the output on the call span (after the output guard).
 *
 * <p>One instance may observe several clients; it is thread-safe. With {@code
 * OpenTelemetry.noop()} no span bookkeeping happens at all.
 */
public final class Observability implements CallDecorator, AttemptDecorator, EventListener {
  private final ObservabilityEngine engine;

  private Observability(ObservabilityEngine engine) {
    this.engine = engine;
  }

  /**
   * Observability with the defaults: no content capture, the default convention, decision logs
   * on.
   *
   * @param openTelemetry where spans go (the application brings the SDK; {@code
   *     OpenTelemetry.noop()} for none)
   * @param meterRegistry where meters go
   * @return the decorator
   */
  public static Observability of(OpenTelemetry openTelemetry, MeterRegistry meterRegistry) {
    return builder(openTelemetry, meterRegistry).build();
  }

  /**
   * A builder.
   *
   * @param openTelemetry where spans go
   * @param meterRegistry where meters go
   * @return a new builder
   */
  public static Builder builder(OpenTelemetry openTelemetry, MeterRegistry meterRegistry) {
    return new Builder(
        requireNonNull(openTelemetry, "openTelemetry"), requireNonNull(meterRegistry, "meterRegistry"));
  }

  @Override
  public Stage stage() {
    return Stage.OBSERVE;
  }

  @Override
  public AttemptStage attemptStage() {
    return AttemptStage.OBSERVE;
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    return engine.decorateCall(requireNonNull(next, "next"), requireNonNull(context, "context"));
  }

  @Override
  public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
    return engine.decorateAttempt(
        requireNonNull(endpoint, "endpoint"), requireNonNull(next, "next"),
        requireNonNull(context, "context"));
  }

  /**
   * Carries the OpenTelemetry {@code Context} onto the threads the client uses for a call: an
   * async call made inside a span gets a call span that is that span's child, and code inside an
   * attempt run on the executor sees the attempt's trace. None with {@code OpenTelemetry.noop()}.
   *
   * @return the propagator, or null when tracing is off
   */
  @Override
  public @Nullable ContextPropagator contextPropagator() {
    return engine.tracing() ? OtelContextPropagator.INSTANCE : null;
  }

  @Override
  public void onEvent(ModelEvent event) {
    engine.onEvent(requireNonNull(event, "event"));
  }

  @Override
  public String name() {
    return "Observability";
  }

  @Override
  public String toString() {
    return "Observability[" + engine + "]";
  }

  /** Builds {@link Observability}. Not thread-safe; every setter may be called once. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private final MeterRegistry meterRegistry;
    private @Nullable Boolean captureContent;
    private @Nullable ModelCallObservationConvention convention;
    private @Nullable Boolean decisionLogs;
    private @Nullable String instrumentationName;

    private Builder(OpenTelemetry openTelemetry, MeterRegistry meterRegistry) {
      this.openTelemetry = openTelemetry;
      this.meterRegistry = meterRegistry;
    }

    /**
     * Records prompt and answer text on spans ({@code gen_ai.input.messages} on attempt spans,
     * after the input guard; {@code gen_ai.output.messages} on the call span, after the output
     * guard). Off by default: the text is likely to contain personal data.
     *
     * @param value true to record content
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder captureContent(boolean value) {
      if (captureContent != null) {
        throw new IllegalStateException("captureContent was already set to " + captureContent);
      }
      this.captureContent = value;
      return this;
    }

    /**
     * Replaces the naming convention.
     *
     * @param value the convention
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder convention(ModelCallObservationConvention value) {
      requireNonNull(value, "convention");
      if (convention != null) {
        throw new IllegalStateException("convention was already set");
      }
      this.convention = value;
      return this;
    }

    /**
     * Whether decisions (failovers, breaker transitions, drift alarms, rejections, stale serves)
     * are logged through {@code System.Logger} {@code dev.mainstay.observability}. On by default.
     *
     * @param value false to log nothing
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder decisionLogs(boolean value) {
      if (decisionLogs != null) {
        throw new IllegalStateException("decisionLogs was already set to " + decisionLogs);
      }
      this.decisionLogs = value;
      return this;
    }

    /**
     * The OpenTelemetry instrumentation scope name; {@code dev.mainstay.observability} by default.
     *
     * @param value a non-blank name
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public Builder instrumentationName(String value) {
      requireNonNull(value, "instrumentationName");
      if (value.isBlank()) {
        throw new IllegalArgumentException("instrumentationName must not be blank");
      }
      if (instrumentationName != null) {
        throw new IllegalStateException("instrumentationName was already set to " + instrumentationName);
      }
      this.instrumentationName = value;
      return this;
    }

    /**
     * Builds the decorator.
     *
     * @return the decorator
     */
    public Observability build() {
      return new Observability(new ObservabilityEngine(
          openTelemetry,
          meterRegistry,
          convention == null ? ModelCallObservationConvention.DEFAULT : convention,
          captureContent != null && captureContent,
          decisionLogs == null || decisionLogs,
          instrumentationName == null ? "dev.mainstay.observability" : instrumentationName));
    }
  }
}
