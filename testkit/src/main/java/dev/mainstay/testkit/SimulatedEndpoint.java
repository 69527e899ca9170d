package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.TimeSource;
import dev.mainstay.testkit.internal.Checks;
import dev.mainstay.testkit.internal.FaultEngine;
import dev.mainstay.testkit.internal.SimulatedResponder;
import dev.mainstay.testkit.internal.SimulatedUri;
import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-process endpoint that behaves like a model server: it waits a latency drawn from a {@link
 * LatencyModel} (through its {@link TimeSource}, so tests with {@link ManualTimeSource} never
 * sleep), misbehaves as a {@link Faults} plan says, and answers chat and completion (echo or
 * template), embeddings (deterministic pseudo-embeddings) and predictions (drawn from a {@link
 * ScoreDistribution} that can shift after a call number).
 *
 * <p>Build it in code or open it by URI through {@link dev.mainstay.core.Endpoints#open(String)}:
 *
 * <pre>{@code
 * SimulatedEndpoint primary = SimulatedEndpoint.builder("primary")
 *     .latency(LatencyModel.logNormal(Duration.ofMillis(50), 0.5))
 *     .faults(Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.05).build())
 *     .seed(42)
 *     .build();
 * Endpoint same = Endpoints.open(
 *     "simulated:chat?id=primary&latency=lognormal:50ms,0.5&errorRate=TRANSIENT:0.05&seed=42");
 * }</pre>
 *
 * <p><b>Order within a call.</b> The call takes the next call number; the fault is decided (see
 * {@link Faults}); a hang blocks until the thread is interrupted (ending {@link
 * ErrorKind#CANCELLED}) or the endpoint is closed (ending {@link ErrorKind#UNAVAILABLE}); otherwise
 * the call waits its latency &mdash; ending {@link ErrorKind#TIMEOUT} at the request's deadline if
 * that comes first, or {@link ErrorKind#CANCELLED} promptly on interrupt &mdash; and then fails,
 * throws, returns null or answers. An operation outside {@link EndpointInfo#operations()} fails
 * with {@link ErrorKind#NOT_FOUND}; a prompt plus {@code maxTokens} over the context window fails
 * with {@link ErrorKind#CONTEXT_TOO_LONG}.
 *
 * <p><b>Determinism.</b> Each call draws from its own generator, derived from (seed, endpoint id,
 * call number) and split into independent fault, latency and output streams. The same seed and the
 * same sequence of calls therefore give the same outcomes, latencies and answers, whatever the
 * thread timing. Under concurrency, call numbers are handed out in arrival order, so which request
 * gets which number can vary between runs; the outcome of call number N does not. Time-window
 * outages depend on the time source, so they are reproducible under {@link ManualTimeSource}.
 * Two endpoints with the same seed but different ids draw independent streams.
 *
 * <p>Thread-safe.
 */
public final class SimulatedEndpoint implements Endpoint {
  private final EndpointInfo info;
  private final LatencyModel latency;
  private final Faults faults;
  private final long seed;
  private final TimeSource timeSource;
  private final FaultEngine engine;
  private final SimulatedResponder responder;
  private final @Nullable String template;
  private final int dimensions;
  private final Map<Long, ScoreDistribution> predictions;

  private SimulatedEndpoint(Builder b, EndpointInfo info) {
    this.info = info;
    this.latency = b.latency == null ? LatencyModel.none() : b.latency;
    this.faults = b.faults == null ? Faults.none() : b.faults;
    this.seed = b.seed == null ? 0L : b.seed;
    this.timeSource = b.timeSource == null ? TimeSource.system() : b.timeSource;
    Map<Long, ScoreDistribution> byCall = new TreeMap<>(b.shifts);
    byCall.put(0L, b.predictions == null ? ScoreDistribution.normal(0.2, 0.1) : b.predictions);
    this.predictions = Collections.unmodifiableMap(byCall);
    this.template = b.template;
    this.dimensions = b.dimensions == null ? DEFAULT_DIMENSIONS : b.dimensions;
    this.responder = new SimulatedResponder(info, template, dimensions, predictions);
    this.engine = new FaultEngine(info.id(), faults, latency, timeSource, seed, "simulated");
  }

  /** Embedding dimensions when none are configured. */
  public static final int DEFAULT_DIMENSIONS = 64;

  /**
   * A builder for a simulated endpoint.
   *
   * @param id the endpoint id, not blank
   * @return a new builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * A builder preset from a {@code simulated:} URI (see {@code docs/testkit.md} for the grammar),
   * for adding what a URI cannot carry, such as a {@link TimeSource}:
   * {@code SimulatedEndpoint.builderFromUri("simulated:chat?id=a&latency=fixed:20ms")
   * .timeSource(manual).build()}.
   *
   * @param uri the URI
   * @return a builder with the URI's settings (set-once rules apply to them)
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static Builder builderFromUri(String uri) {
    return SimulatedUri.parse(requireNonNull(uri, "uri"));
  }

  /**
   * As {@link #builderFromUri(String)}.
   *
   * @param uri the URI
   * @return a builder
   */
  public static Builder builderFromUri(URI uri) {
    return SimulatedUri.parse(requireNonNull(uri, "uri"));
  }

  /** Waits are interruptible and bounded by the request's deadline. */
  @Override
  public boolean honoursInterrupts() {
    return true;
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  /**
   * Calls the simulated model.
   *
   * <p>Returns null only when a {@link FaultAction#returnNull()} fault fires, which breaks the
   * {@link dev.mainstay.core.ModelClient} contract on purpose, for contract tests.
   */
  @Override
  @SuppressWarnings("NullAway") // returns null on purpose when the fault plan says so
  public ModelResponse call(ModelRequest request) {
    return engine.call(request, responder);
  }

  /**
   * Starts a manual outage: every call from now on gets this action, whatever the plan says,
   * until {@link #endOutage()}. For demos and drills driven step by step.
   *
   * @param action what calls get
   */
  public void startOutage(FaultAction action) {
    engine.forceFault(action);
  }

  /** Starts a manual outage in which every call fails with {@link ErrorKind#UNAVAILABLE}. */
  public void startOutage() {
    engine.forceFault(FaultAction.fail(ErrorKind.UNAVAILABLE));
  }

  /** Ends a manual outage; the fault plan applies again. */
  public void endOutage() {
    engine.endForcedFault();
  }

  /**
   * What this endpoint has seen so far.
   *
   * @return a snapshot of the counters
   */
  public EndpointStats stats() {
    return engine.stats();
  }

  /**
   * The latency model.
   *
   * @return the model
   */
  public LatencyModel latency() {
    return latency;
  }

  /**
   * The fault plan.
   *
   * @return the plan
   */
  public Faults faults() {
    return faults;
  }

  /**
   * The seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The time source latency is waited on and outage windows are measured on.
   *
   * @return the time source
   */
  public TimeSource timeSource() {
    return timeSource;
  }

  /** Fails calls that hang with {@link ErrorKind#UNAVAILABLE} and refuses new calls. */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * The {@code simulated:} URI that opens an endpoint configured exactly like this one (apart from
   * the time source, which a URI cannot carry). Every builder setting has a URI form, so {@code
   * Endpoints.open(sim.toUri())} reproduces this endpoint's info, latency, faults, seed and answers.
   *
   * @return the URI, with every value percent-encoded
   */
  public String toUri() {
    return SimulatedUri.format(info, latency, faults, seed, template, dimensions, predictions);
  }

  @Override
  public String toString() {
    return "SimulatedEndpoint[" + info.id() + ", model=" + info.model() + ", latency=" + latency
        + (faults.isEmpty() ? "" : ", faults=" + faults) + "]";
  }

  /**
   * Builds a {@link SimulatedEndpoint}. Not thread-safe; every setter can be called once (a second
   * call throws {@link IllegalStateException}), except {@link #shiftPredictionsAfter} which adds one
   * shift per call.
   */
  public static final class Builder {
    private final String id;
    private @Nullable String model;
    private @Nullable String region;
    private @Nullable String zone;
    private @Nullable Integer tier;
    private @Nullable Integer weight;
    private double @Nullable [] price;
    private @Nullable Integer maxContextTokens;
    private @Nullable EnumSet<Operation> operations;
    private @Nullable LatencyModel latency;
    private @Nullable Faults faults;
    private @Nullable Long seed;
    private @Nullable TimeSource timeSource;
    private @Nullable String template;
    private @Nullable Boolean answerSet;
    private @Nullable Integer dimensions;
    private @Nullable ScoreDistribution predictions;
    private final Map<Long, ScoreDistribution> shifts = new LinkedHashMap<>();

    private Builder(String id) {
      requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("endpoint id must not be blank");
      }
      this.id = id;
    }

    /**
     * Sets the concrete model name reported in info and responses (default {@code sim-1}).
     *
     * @param value a non-blank name
     * @return this builder
     */
    public Builder model(String value) {
      Checks.once(model, "model");
      requireNonNull(value, "model");
      if (value.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
      this.model = value;
      return this;
    }

    /**
     * Sets the region (default {@code ""}).
     *
     * @param value the region
     * @return this builder
     */
    public Builder region(String value) {
      Checks.once(region, "region");
      this.region = requireNonNull(value, "region");
      return this;
    }

    /**
     * Sets the zone (default {@code ""}).
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(String value) {
      Checks.once(zone, "zone");
      this.zone = requireNonNull(value, "zone");
      return this;
    }

    /**
     * Sets the priority tier (default 0).
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder tier(int value) {
      Checks.once(tier, "tier");
      if (value < 0) {
        throw new IllegalArgumentException("tier must be >= 0, was " + value);
      }
      this.tier = value;
      return this;
    }

    /**
     * Sets the weight within the tier (default 1).
     *
     * @param value positive
     * @return this builder
     */
    public Builder weight(int value) {
      Checks.once(weight, "weight");
      if (value <= 0) {
        throw new IllegalArgumentException("weight must be positive, was " + value);
      }
      this.weight = value;
      return this;
    }

    /**
     * Sets prices per million tokens (default free).
     *
     * @param input per million input tokens, not negative
     * @param output per million output tokens, not negative
     * @return this builder
     */
    public Builder pricePerMillion(double input, double output) {
      Checks.once(price, "price");
      if (!(input >= 0) || !Double.isFinite(input) || !(output >= 0) || !Double.isFinite(output)) {
        throw new IllegalArgumentException(
            "prices must be finite and >= 0, were " + input + " and " + output);
      }
      this.price = new double[] {input, output};
      return this;
    }

    /**
     * Sets the context window in tokens (default 128000). Calls whose approximate prompt tokens
     * plus {@code maxTokens} exceed it fail with {@link ErrorKind#CONTEXT_TOO_LONG}.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxContextTokens(int value) {
      Checks.once(maxContextTokens, "maxContextTokens");
      if (value <= 0) {
        throw new IllegalArgumentException("maxContextTokens must be positive, was " + value);
      }
      this.maxContextTokens = value;
      return this;
    }

    /**
     * Sets the operations served (default all four).
     *
     * @param first an operation
     * @param more more operations
     * @return this builder
     */
    public Builder operations(Operation first, Operation... more) {
      Checks.once(operations, "operations");
      requireNonNull(first, "operation");
      for (Operation o : requireNonNull(more, "operations")) {
        requireNonNull(o, "operation");
      }
      this.operations = EnumSet.of(first, more);
      return this;
    }

    /**
     * Sets the latency model (default none).
     *
     * @param value the model
     * @return this builder
     */
    public Builder latency(LatencyModel value) {
      Checks.once(latency, "latency");
      this.latency = requireNonNull(value, "latency");
      return this;
    }

    /**
     * Sets the fault plan (default none).
     *
     * @param value the plan
     * @return this builder
     */
    public Builder faults(Faults value) {
      Checks.once(faults, "faults");
      this.faults = requireNonNull(value, "faults");
      return this;
    }

    /**
     * Sets the seed (default 0; simulations are deterministic unless a test varies the seed).
     *
     * @param value any value
     * @return this builder
     */
    public Builder seed(long value) {
      Checks.once(seed, "seed");
      this.seed = value;
      return this;
    }

    /**
     * Sets the time source (default {@link TimeSource#system()}). Outage windows are measured from
     * the moment {@link #build()} runs, on this time source.
     *
     * @param value the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      Checks.once(timeSource, "timeSource");
      this.timeSource = requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * Answers chat and completion with the last user message, verbatim (the default), so tests
     * can see exactly what reached the model.
     *
     * @return this builder
     */
    public Builder echo() {
      Checks.once(answerSet, "answer");
      this.answerSet = Boolean.TRUE;
      return this;
    }

    /**
     * Answers chat and completion from a template. Placeholders: {@code {n}} the call number,
     * {@code {id}} the endpoint id, {@code {model}} the model, {@code {op}} the operation, {@code
     * {input}} the last user message.
     *
     * @param value the template, for example {@code "answer {n} from {id}"}
     * @return this builder
     */
    public Builder template(String value) {
      Checks.once(answerSet, "answer");
      this.template = requireNonNull(value, "template");
      this.answerSet = Boolean.TRUE;
      return this;
    }

    /**
     * Sets the embedding dimensions (default {@value SimulatedEndpoint#DEFAULT_DIMENSIONS}).
     *
     * @param value in [1, 65536]
     * @return this builder
     */
    public Builder embeddingDimensions(int value) {
      Checks.once(dimensions, "embeddingDimensions");
      if (value < 1 || value > 65_536) {
        throw new IllegalArgumentException("embeddingDimensions must be in [1, 65536], was " + value);
      }
      this.dimensions = value;
      return this;
    }

    /**
     * Sets where predictions come from (default {@code normal(0.2, 0.1)}).
     *
     * @param value the distribution
     * @return this builder
     */
    public Builder predictions(ScoreDistribution value) {
      Checks.once(predictions, "predictions");
      this.predictions = requireNonNull(value, "predictions");
      return this;
    }

    /**
     * Shifts predictions to another distribution for every call after call number {@code
     * afterCall} (calls are counted on this endpoint, from 1, whatever their operation). Can be
     * called several times for several shifts.
     *
     * @param afterCall the last call of the previous distribution, at least 1
     * @param value the new distribution
     * @return this builder
     * @throws IllegalStateException if a shift after this call was already set
     */
    public Builder shiftPredictionsAfter(long afterCall, ScoreDistribution value) {
      if (afterCall < 1) {
        throw new IllegalArgumentException("shift afterCall must be >= 1, was " + afterCall);
      }
      requireNonNull(value, "distribution");
      if (shifts.containsKey(afterCall)) {
        throw new IllegalStateException("a prediction shift after call " + afterCall + " was already set");
      }
      shifts.put(afterCall, value);
      return this;
    }

    /**
     * Validates and builds. The endpoint's clock for outage windows starts now.
     *
     * @return the endpoint
     */
    public SimulatedEndpoint build() {
      EndpointInfo.Builder ib = EndpointInfo.builder(id)
          .provider("simulated")
          .model(model == null ? "sim-1" : model)
          .region(region == null ? "" : region)
          .zone(zone == null ? "" : zone)
          .tier(tier == null ? 0 : tier)
          .weight(weight == null ? 1 : weight)
          .maxContextTokens(maxContextTokens == null ? 128_000 : maxContextTokens);
      if (price != null) {
        ib.pricePerMillion(price[0], price[1]);
      }
      EnumSet<Operation> ops = operations == null ? EnumSet.allOf(Operation.class) : operations;
      Operation[] rest = ops.stream().skip(1).toArray(Operation[]::new);
      ib.operations(ops.iterator().next(), rest);
      return new SimulatedEndpoint(this, ib.build());
    }
  }
}
