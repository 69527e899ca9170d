package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.testkit.EndpointStats;
import dev.mainstay.testkit.FaultAction;
import dev.mainstay.testkit.Faults;
import dev.mainstay.testkit.LatencyModel;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.random.RandomGenerator;

/**
 * Runs one call through a fault plan and a latency model: the one implementation behind both the
 * simulated endpoint and the fault injector.
 *
 * <p>Per call: take the next call number; derive the call's generator from (seed, endpoint id,
 * role, call number) and split it into independent fault, latency and output streams; decide the
 * fault; wait the latency (or hang); then apply the fault or run the body. Outcomes are counted.
 */
public final class FaultEngine {

  /** What answers when no fault fires. */
  @FunctionalInterface
  public interface Body {
    /**
     * Produces the answer.
     *
     * @param request the request
     * @param callNumber the call number, from 1
     * @param random the call's output stream
     * @return the answer; null only when breaking the contract on purpose
     */
    @Nullable ModelResponse call(ModelRequest request, long callNumber, RandomGenerator random);
  }

  private final String endpointId;
  private final Faults faults;
  private final LatencyModel latency;
  private final TimeSource time;
  private final long streamKey;
  private final long startNanos;
  private final CallCounters counters = new CallCounters();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile @Nullable FaultAction forced;

  /**
   * Creates an engine; the endpoint's time windows start now on the time source.
   *
   * @param endpointId the endpoint id
   * @param faults the fault plan
   * @param latency the latency model
   * @param time the time source
   * @param seed the seed
   * @param role distinguishes streams of different components on the same endpoint id
   */
  public FaultEngine(String endpointId, Faults faults, LatencyModel latency, TimeSource time,
      long seed, String role) {
    this.endpointId = requireNonNull(endpointId, "endpointId");
    this.faults = requireNonNull(faults, "faults");
    this.latency = requireNonNull(latency, "latency");
    this.time = requireNonNull(time, "time");
    this.streamKey = Seeds.streamKey(seed, endpointId, requireNonNull(role, "role"));
    this.startNanos = time.nanoTime();
  }

  /**
   * Runs one call.
   *
   * @param request the request
   * @param body what answers when no fault fires
   * @return the answer, or null when the plan says so
   * @throws ModelException when the plan or the body fails the call
   */
  public @Nullable ModelResponse call(ModelRequest request, Body body) {
    requireNonNull(request, "request");
    requireNonNull(body, "body");
    return counters.run(n -> {
      if (closed.getCount() == 0) {
        throw new ModelException(ErrorKind.UNAVAILABLE, "endpoint is closed", endpointId, 0, null, null);
      }
      SplittableRandom root = Seeds.forCall(streamKey, n);
      SplittableRandom faultStream = root.split();
      SplittableRandom latencyStream = root.split();
      SplittableRandom outputStream = root.split();
      double draw = faultStream.nextDouble();
      FaultAction action = forced;
      if (action == null) {
        action = faults.decide(n, sinceStart(), draw);
      }
      if (action != null && action.type() == FaultAction.Type.HANG) {
        counters.hung();
        throw Waits.hang(closed, endpointId);
      }
      Waits.latency(time, latency.sample(latencyStream), request, endpointId);
      return action == null ? body.call(request, n, outputStream) : apply(action);
    });
  }

  private @Nullable ModelResponse apply(FaultAction action) {
    switch (action.type()) {
      case FAIL:
        ErrorKind kind = requireNonNull(action.kind(), "kind");
        throw new ModelException(kind, "simulated " + kind + " fault", endpointId, 0,
            action.retryAfter(), null);
      case THROW:
        throw new IllegalStateException(
            "simulated unexpected failure in endpoint '" + endpointId + "'");
      case RETURN_NULL:
        return null;
      default:
        throw new IllegalStateException("unhandled fault action " + action.type());
    }
  }

  /**
   * Time since the engine was created, on its time source.
   *
   * @return elapsed time, never negative
   */
  public Duration sinceStart() {
    return Duration.ofNanos(Math.max(0, time.nanoTime() - startNanos));
  }

  /**
   * Applies an action to every call until {@link #endForcedFault()}.
   *
   * @param action the action
   */
  public void forceFault(FaultAction action) {
    this.forced = requireNonNull(action, "action");
  }

  /** Stops a forced fault. */
  public void endForcedFault() {
    this.forced = null;
  }

  /**
   * The forced fault, if any.
   *
   * @return the action, or null
   */
  public @Nullable FaultAction forcedFault() {
    return forced;
  }

  /**
   * The counters so far.
   *
   * @return a snapshot
   */
  public EndpointStats stats() {
    return counters.snapshot();
  }

  /** Releases hung calls (they fail with UNAVAILABLE) and refuses new calls. */
  public void close() {
    closed.countDown();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed.getCount() == 0;
  }
}
