package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.testkit.internal.Checks;
import dev.mainstay.testkit.internal.FaultEngine;

/**
 * Wraps any {@link Endpoint} &mdash; a real backend included &mdash; and injects the same faults
 * and extra latency a {@link SimulatedEndpoint} would, for failover drills and chaos tests. The
 * wrapper reports the wrapped endpoint's {@link EndpointInfo} unchanged, so routers, breakers and
 * metrics treat it as the real thing.
 *
 * <pre>{@code
 * Endpoint drilled = FaultInjector.wrap(Endpoints.open("openai:https://api.openai.com/v1?model=gpt-4o-mini"),
 *     Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.2).outage(Duration.ofMinutes(1), Duration.ofMinutes(2)).build());
 * }</pre>
 *
 * <p>Each call takes the next call number, decides a fault from the plan (see {@link Faults}),
 * waits the added latency (if any), then either applies the fault &mdash; the wrapped endpoint is
 * then not called &mdash; or calls the wrapped endpoint. Determinism and interrupt behaviour are
 * as for {@link SimulatedEndpoint}. Thread-safe.
 */
public final class FaultInjector implements Endpoint {
  private final Endpoint delegate;
  private final Faults faults;
  private final FaultEngine engine;

  private FaultInjector(Builder b) {
    this.delegate = b.delegate;
    this.faults = b.faults == null ? Faults.none() : b.faults;
    this.engine = new FaultEngine(delegate.info().id(), faults,
        b.latency == null ? LatencyModel.none() : b.latency,
        b.timeSource == null ? TimeSource.system() : b.timeSource,
        b.seed == null ? 0L : b.seed, "injector");
  }

  /**
   * Wraps an endpoint with a fault plan, no added latency, seed 0 and the system time source.
   *
   * @param endpoint the endpoint to wrap
   * @param faults the plan
   * @return the wrapping endpoint
   */
  public static FaultInjector wrap(Endpoint endpoint, Faults faults) {
    return builder(endpoint).faults(faults).build();
  }

  /**
   * A builder for wrapping an endpoint.
   *
   * @param endpoint the endpoint to wrap
   * @return a new builder
   */
  public static Builder builder(Endpoint endpoint) {
    return new Builder(endpoint);
  }

  /** Its own waits honour interrupts; otherwise as the endpoint it wraps. */
  @Override
  public boolean honoursInterrupts() {
    return delegate.honoursInterrupts();
  }

  @Override
  public EndpointInfo info() {
    return delegate.info();
  }

  /**
   * Calls the wrapped endpoint unless a fault fires. Returns null only when a {@link
   * FaultAction#returnNull()} fault fires (or the wrapped endpoint returns null).
   */
  @Override
  @SuppressWarnings("NullAway") // returns null on purpose when the fault plan says so
  public ModelResponse call(ModelRequest request) {
    return engine.call(request, (req, n, random) -> delegate.call(req));
  }

  /**
   * Starts a manual outage: every call gets this action until {@link #endOutage()}.
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

  /** Ends a manual outage. */
  public void endOutage() {
    engine.endForcedFault();
  }

  /**
   * What reached this wrapper and how it ended (the wrapped endpoint's own failures included).
   *
   * @return a snapshot of the counters
   */
  public EndpointStats stats() {
    return engine.stats();
  }

  /**
   * The wrapped endpoint.
   *
   * @return the delegate
   */
  public Endpoint delegate() {
    return delegate;
  }

  /**
   * The fault plan.
   *
   * @return the plan
   */
  public Faults faults() {
    return faults;
  }

  /** Releases hung calls, refuses new ones, and closes the wrapped endpoint. */
  @Override
  public void close() {
    engine.close();
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjector[" + delegate + (faults.isEmpty() ? "" : ", faults=" + faults) + "]";
  }

  /** Builds a {@link FaultInjector}. Not thread-safe; each setter can be called once. */
  public static final class Builder {
    private final Endpoint delegate;
    private @Nullable Faults faults;
    private @Nullable LatencyModel latency;
    private @Nullable Long seed;
    private @Nullable TimeSource timeSource;

    private Builder(Endpoint delegate) {
      this.delegate = requireNonNull(delegate, "endpoint");
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
     * Adds latency before every call (default none).
     *
     * @param value the latency model
     * @return this builder
     */
    public Builder latency(LatencyModel value) {
      Checks.once(latency, "latency");
      this.latency = requireNonNull(value, "latency");
      return this;
    }

    /**
     * Sets the seed (default 0).
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
     * Sets the time source for added latency and outage windows (default system).
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
     * Builds the wrapper; outage windows start now.
     *
     * @return the wrapper
     */
    public FaultInjector build() {
      return new FaultInjector(this);
    }
  }
}
