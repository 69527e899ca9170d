package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Stage;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.drift.internal.SignalState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a client's traffic for drift. Add it with {@code ClientBuilder.with(monitor)}: it taps
 * every endpoint attempt at {@link AttemptStage#TAP} (real model output per endpoint, never cache
 * hits) and, when it has {@link SignalLevel#CALL} signals, every logical call at {@link
 * Stage#ACCESS} (the input population).
 *
 * <p>For each {@link Signal} it keeps one detector per endpoint and model version (the model the
 * attempt asked for, after {@link ModelAliases}) and one for the whole client, created on the
 * first observation. When a detector fires the monitor publishes a {@link DriftDetectedEvent} to
 * the client's listeners and then runs its {@link DriftAction}s. Observing never fails or slows a
 * call beyond a lock per signal: extractor and action failures are logged and dropped, and
 * cancelled attempts (lost hedges) are not observed.
 *
 * <p>Reference windows for windowed tests are the first observations of each detector, unless a
 * {@link DriftSnapshot} baseline pins them ({@link Builder#baseline(DriftSnapshot)}); sequential
 * detectors (ADWIN, Page-Hinkley, HDDM_A) are primed with the baseline's values instead.
 *
 * <p>Thread-safe; one monitor may serve several clients (their detectors are kept apart by client
 * name).
 */
public final class DriftMonitor implements AttemptDecorator, CallDecorator {
  private static final System.Logger LOG = System.getLogger(DriftMonitor.class.getName());

  private final List<Signal> attemptSignals;
  private final List<Signal> callSignals;
  private final boolean perEndpoint;
  private final boolean perClient;
  private final @Nullable DriftSnapshot baseline;
  private final List<DriftAction> actions;
  private final long alarmCoolDownNanos;
  private final int maxCategories;
  private final Map<Key, SignalState> states = new ConcurrentHashMap<>();

  private record Key(String client, String endpoint, String model, String signal) {}

  private DriftMonitor(Builder b) {
    List<Signal> attempt = new ArrayList<>();
    List<Signal> call = new ArrayList<>();
    for (Signal s : b.signals) {
      (s.level() == SignalLevel.ATTEMPT ? attempt : call).add(s);
    }
    this.attemptSignals = List.copyOf(attempt);
    this.callSignals = List.copyOf(call);
    this.perEndpoint = b.perEndpoint == null || b.perEndpoint;
    this.perClient = b.perClient == null || b.perClient;
    this.baseline = b.baseline;
    this.actions = List.copyOf(b.actions);
    this.alarmCoolDownNanos = b.alarmCoolDown == null ? 0 : b.alarmCoolDown.toNanos();
    this.maxCategories = b.maxCategories == null ? 64 : b.maxCategories;
  }

  /**
   * A monitor with the {@linkplain Builder#standardSignals() standard signals}, per endpoint and
   * per client, no actions (alarms still reach the client's listeners).
   *
   * @return the monitor
   */
  public static DriftMonitor standard() {
    return builder().standardSignals().build();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AttemptStage attemptStage() {
    return AttemptStage.TAP;
  }

  @Override
  public Stage stage() {
    return Stage.ACCESS;
  }

  @Override
  public String name() {
    return "DriftMonitor";
  }

  @Override
  public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
    requireNonNull(endpoint, "endpoint");
    requireNonNull(next, "next");
    requireNonNull(context, "context");
    if (attemptSignals.isEmpty()) {
      return next;
    }
    String endpointId = endpoint.info().id();
    return new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        long start = context.timeSource().nanoTime();
        ModelResponse response;
        try {
          response = next.call(request);
        } catch (ModelException e) {
          if (e.kind() != ErrorKind.CANCELLED) {
            observeAttempt(context, endpointId, request, null, e.kind(), start);
          }
          throw e;
        }
        observeAttempt(context, endpointId, request, response, null, start);
        return response;
      }

      @Override
      public void close() {
        next.close();
      }

      @Override
      public String toString() {
        return "DriftTap[" + endpointId + "] -> " + next;
      }
    };
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    requireNonNull(next, "next");
    requireNonNull(context, "context");
    if (callSignals.isEmpty()) {
      return next;
    }
    return new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        try {
          Observation o = new Observation(context.clientName(), "", request, null, null, Duration.ZERO);
          observe(context, o, callSignals, "", "");
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "drift input tap failed: " + e.getClass().getName());
        }
        return next.call(request);
      }

      @Override
      public void close() {
        next.close();
      }

      @Override
      public String toString() {
        return "DriftInputTap -> " + next;
      }
    };
  }

  private void observeAttempt(ClientContext context, String endpointId, ModelRequest request,
      @Nullable ModelResponse response, @Nullable ErrorKind error, long start) {
    try {
      Duration latency = Duration.ofNanos(Math.max(0, context.timeSource().nanoTime() - start));
      Observation o = new Observation(context.clientName(), endpointId, request, response, error, latency);
      observe(context, o, attemptSignals, endpointId, request.model());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "drift tap failed: " + e.getClass().getName());
    }
  }

  private void observe(ClientContext ctx, Observation o, List<Signal> signals, String endpointId,
      String model) {
    for (Signal s : signals) {
      double value = Double.NaN;
      String label = null;
      float[] vector = null;
      try {
        switch (s.kind()) {
          case NUMERIC:
            value = s.numericValue(o);
            if (!Double.isFinite(value)) {
              continue;
            }
            break;
          case CATEGORICAL:
            label = s.categoryValue(o);
            if (label == null) {
              continue;
            }
            break;
          default:
            vector = s.vectorValue(o);
            if (vector == null) {
              continue;
            }
            break;
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING,
            "drift signal '" + s.name() + "' failed: " + e.getClass().getName());
        continue;
      }
      if (perEndpoint && !endpointId.isEmpty()) {
        feed(ctx, o, s, new Key(o.client(), endpointId, model, s.name()), value, label, vector);
      }
      if (perClient) {
        feed(ctx, o, s, new Key(o.client(), "", "", s.name()), value, label, vector);
      }
    }
  }

  private void feed(ClientContext ctx, Observation o, Signal s, Key key, double value,
      @Nullable String label, float @Nullable [] vector) {
    SignalState state = states.computeIfAbsent(key, k -> newState(s, k));
    long now = ctx.timeSource().nanoTime();
    SignalState.Alarm alarm = vector != null
        ? state.update(vector, now, alarmCoolDownNanos)
        : state.update(value, label, now, alarmCoolDownNanos);
    if (alarm == null) {
      return;
    }
    String requestId = o.request().requestId();
    DriftDetectedEvent event = new DriftDetectedEvent(ctx.clientName(),
        requestId == null ? "" : requestId, ctx.timeSource().now(), key.endpoint(), key.model(),
        s.name(), alarm.detector(), alarm.statistic(), alarm.threshold(), alarm.pValue(),
        alarm.observations());
    ctx.publish(event);
    for (DriftAction action : actions) {
      try {
        action.onDrift(event, ctx);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING,
            "drift action " + action + " failed: " + e.getClass().getName());
      }
    }
  }

  private SignalState newState(Signal s, Key key) {
    SignalState state = new SignalState(s, maxCategories);
    if (baseline != null) {
      baseline.find(s.name(), key.endpoint()).ifPresent(state::applyBaseline);
    }
    return state;
  }

  /**
   * What every detector has seen so far.
   *
   * @return one status per detector, in no particular order
   */
  public List<DriftStatus> status() {
    List<DriftStatus> out = new ArrayList<>();
    for (Map.Entry<Key, SignalState> e : states.entrySet()) {
      Key k = e.getKey();
      SignalState s = e.getValue();
      out.add(new DriftStatus(k.client(), k.endpoint(), k.model(), k.signal(), s.detectorName(),
          s.observations(), s.alarms(), s.statistic()));
    }
    return out;
  }

  /**
   * The complete reference windows of this monitor's windowed detectors, as a snapshot that can
   * be {@linkplain DriftSnapshot#write written} and later pinned with {@link
   * Builder#baseline(DriftSnapshot)}. Client-wide references are recorded for endpoint {@code
   * "*"}. When several clients or models share a signal and endpoint, the last one listed wins.
   *
   * @return the snapshot
   */
  public DriftSnapshot snapshot() {
    DriftSnapshot.Builder b = DriftSnapshot.builder();
    for (Map.Entry<Key, SignalState> e : states.entrySet()) {
      Key k = e.getKey();
      e.getValue().exportReference(k.signal(),
          k.endpoint().isEmpty() ? DriftSnapshot.ANY_ENDPOINT : k.endpoint(), b);
    }
    return b.build();
  }

  /** Resets every detector (pinned references stay); alarm counts are kept. */
  public void reset() {
    for (SignalState s : states.values()) {
      s.reset();
    }
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (Signal s : attemptSignals) {
      names.add(s.name());
    }
    for (Signal s : callSignals) {
      names.add(s.name());
    }
    return "DriftMonitor" + names;
  }

  /** Builds a {@link DriftMonitor}; scalar setters may be called once. Not thread-safe. */
  public static final class Builder {
    private final List<Signal> signals = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<DriftAction> actions = new ArrayList<>();
    private @Nullable Boolean perEndpoint;
    private @Nullable Boolean perClient;
    private @Nullable DriftSnapshot baseline;
    private @Nullable Duration alarmCoolDown;
    private @Nullable Integer maxCategories;

    private Builder() {}

    /**
     * Adds a signal.
     *
     * @param signal the signal; its name must be unique in this monitor
     * @return this builder
     * @throws IllegalArgumentException if a signal of that name was added already
     */
    public Builder signal(Signal signal) {
      requireNonNull(signal, "signal");
      if (!names.add(signal.name())) {
        throw new IllegalArgumentException("signal '" + signal.name() + "' was already added");
      }
      signals.add(signal);
      return this;
    }

    /**
     * Adds the standard signals: attempt latency, error, timeout and refusal indicators, output
     * tokens and characters, prompt tokens, finish reason, predicted class, score and embedding at
     * attempt level, and prompt characters at call level. Signals that do not apply to a call's
     * operation skip it.
     *
     * @return this builder
     */
    public Builder standardSignals() {
      for (Signal s : List.of(Signal.latencyMillis(), Signal.error(), Signal.timeout(),
          Signal.refusal(), Signal.outputTokens(), Signal.outputChars(), Signal.promptTokens(),
          Signal.finishReason(), Signal.predictedClass(), Signal.score(), Signal.embedding(),
          Signal.promptChars())) {
        signal(s);
      }
      return this;
    }

    /**
     * Adds an action run on every alarm, after the event is published.
     *
     * @param action the action
     * @return this builder
     */
    public Builder action(DriftAction action) {
      actions.add(requireNonNull(action, "action"));
      return this;
    }

    /**
     * Sets whether detectors are kept per endpoint and model.
     *
     * @param value default true
     * @return this builder
     */
    public Builder perEndpoint(boolean value) {
      Settings.once(perEndpoint, "perEndpoint");
      this.perEndpoint = value;
      return this;
    }

    /**
     * Sets whether a client-wide detector is kept per signal.
     *
     * @param value default true
     * @return this builder
     */
    public Builder perClient(boolean value) {
      Settings.once(perClient, "perClient");
      this.perClient = value;
      return this;
    }

    /**
     * Pins reference windows from a snapshot (for example {@link DriftSnapshot#read}).
     *
     * @param value the baseline
     * @return this builder
     */
    public Builder baseline(DriftSnapshot value) {
      Settings.once(baseline, "baseline");
      this.baseline = requireNonNull(value, "baseline");
      return this;
    }

    /**
     * Sets the least time between two alarms of one detector (later detections inside it are
     * not published).
     *
     * @param value zero or more; default zero (publish every detection)
     * @return this builder
     */
    public Builder alarmCoolDown(Duration value) {
      Settings.once(alarmCoolDown, "alarmCoolDown");
      requireNonNull(value, "alarmCoolDown");
      if (value.isNegative()) {
        throw new IllegalArgumentException("alarmCoolDown must not be negative, was " + value);
      }
      this.alarmCoolDown = value;
      return this;
    }

    /**
     * Sets how many distinct labels a categorical signal keeps; further labels share one
     * "other" category.
     *
     * @param value 2 to 4096; default 64
     * @return this builder
     */
    public Builder maxCategories(int value) {
      Settings.once(maxCategories, "maxCategories");
      if (value < 2 || value > 4096) {
        throw new IllegalArgumentException("maxCategories must be in [2, 4096], was " + value);
      }
      this.maxCategories = value;
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return the monitor
     * @throws IllegalStateException when no signal was added
     */
    public DriftMonitor build() {
      if (signals.isEmpty()) {
        throw new IllegalStateException("a drift monitor needs at least one signal");
      }
      return new DriftMonitor(this);
    }
  }
}
