package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;
import dev.mainstay.testkit.internal.Checks;
import dev.mainstay.testkit.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fault plan: which calls misbehave and how. One value type shared by {@link SimulatedEndpoint}
 * and {@link FaultInjector}, so a drill against a real backend uses exactly the faults a test used
 * against the simulator.
 *
 * <p>For each call, {@link #decide(long, Duration, double)} looks at, in this order:
 *
 * <ol>
 *   <li>call-range outages: the first {@link CallRange} containing the call number wins;
 *   <li>time-window outages: the first {@link Window} containing the time since the endpoint
 *       started (on its {@link dev.mainstay.core.TimeSource}) wins;
 *   <li>rates: one uniform draw in [0, 1) is compared with the cumulative probabilities of the
 *       {@link Rate}s in the order they were added; at most one rate fires.
 * </ol>
 *
 * <p>Immutable and thread-safe. Rates must sum to at most 1.
 *
 * @param rates probabilistic faults, in order
 * @param windows outages by time since start
 * @param callRanges outages by call number
 */
public record Faults(List<Rate> rates, List<Window> windows, List<CallRange> callRanges) {

  private static final Faults NONE = new Faults(List.of(), List.of(), List.of());

  /** Validates and copies. */
  public Faults {
    rates = List.copyOf(requireNonNull(rates, "rates"));
    windows = List.copyOf(requireNonNull(windows, "windows"));
    callRanges = List.copyOf(requireNonNull(callRanges, "callRanges"));
    double sum = 0;
    for (Rate r : rates) {
      sum += r.probability();
    }
    if (sum > 1.0 + 1e-9) {
      throw new IllegalArgumentException("fault rates must sum to at most 1, was " + sum);
    }
  }

  /**
   * No faults.
   *
   * @return the empty plan
   */
  public static Faults none() {
    return NONE;
  }

  /**
   * A builder for a plan.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the plan has no fault at all.
   *
   * @return true if empty
   */
  public boolean isEmpty() {
    return rates.isEmpty() && windows.isEmpty() && callRanges.isEmpty();
  }

  /**
   * The fault for one call, if any. Pure: the same arguments always give the same answer.
   *
   * @param callNumber the call number on the endpoint, from 1
   * @param sinceStart time since the endpoint started, on its time source
   * @param draw a uniform draw in [0, 1) for the rates
   * @return the action, or null when the call proceeds normally
   */
  public @Nullable FaultAction decide(long callNumber, Duration sinceStart, double draw) {
    for (CallRange r : callRanges) {
      if (callNumber >= r.first() && callNumber <= r.last()) {
        return r.action();
      }
    }
    for (Window w : windows) {
      if (sinceStart.compareTo(w.from()) >= 0 && sinceStart.compareTo(w.until()) < 0) {
        return w.action();
      }
    }
    double cumulative = 0;
    for (Rate r : rates) {
      cumulative += r.probability();
      if (draw < cumulative) {
        return r.action();
      }
    }
    return null;
  }

  /**
   * The URI form, parameters joined with {@code &} (for example {@code
   * errorRate=TRANSIENT:0.05,hang:0.01&outage=10s..20s/UNAVAILABLE}); empty when there are no faults.
   *
   * @return the query fragment
   */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    List<String> rateParts = new ArrayList<>();
    for (Rate r : rates) {
      rateParts.add(r.action() + ":" + r.probability());
    }
    if (!rateParts.isEmpty()) {
      parts.add("errorRate=" + String.join(",", rateParts));
    }
    for (Window w : windows) {
      parts.add("outage=" + Durations.format(w.from()) + ".." + Durations.format(w.until()) + "/"
          + w.action());
    }
    for (CallRange c : callRanges) {
      parts.add("outageCalls=" + c.first() + ".." + c.last() + "/" + c.action());
    }
    return String.join("&", parts);
  }

  /**
   * A fault that fires with a probability on each call.
   *
   * @param probability in [0, 1]
   * @param action what happens
   */
  public record Rate(double probability, FaultAction action) {
    /** Validates. */
    public Rate {
      Checks.probability(probability, "fault probability");
      requireNonNull(action, "action");
    }
  }

  /**
   * An outage over a time window, relative to the endpoint's start: {@code from <= t < until}.
   *
   * @param from start of the window, not negative
   * @param until end of the window (exclusive), after {@code from}
   * @param action what happens to calls in the window
   */
  public record Window(Duration from, Duration until, FaultAction action) {
    /** Validates. */
    public Window {
      requireNonNull(from, "from");
      requireNonNull(until, "until");
      requireNonNull(action, "action");
      if (from.isNegative()) {
        throw new IllegalArgumentException("outage start must not be negative, was " + from);
      }
      if (until.compareTo(from) <= 0) {
        throw new IllegalArgumentException(
            "outage end must be after its start, was " + from + ".." + until);
      }
    }
  }

  /**
   * An outage over a range of call numbers, both ends inclusive.
   *
   * @param first the first affected call, from 1
   * @param last the last affected call, at least {@code first}
   * @param action what happens to those calls
   */
  public record CallRange(long first, long last, FaultAction action) {
    /** Validates. */
    public CallRange {
      requireNonNull(action, "action");
      if (first < 1) {
        throw new IllegalArgumentException("call numbers start at 1, first was " + first);
      }
      if (last < first) {
        throw new IllegalArgumentException(
            "outage last call must be >= first, was " + first + ".." + last);
      }
    }
  }

  /**
   * Builds {@link Faults}. Not thread-safe. Each error kind's rate, and the hang, throw and null
   * rates, can be set once; outages accumulate.
   */
  public static final class Builder {
    private final List<Rate> rates = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private final List<CallRange> callRanges = new ArrayList<>();

    private Builder() {}

    /**
     * Fails this share of calls with an error of the given kind (no Retry-After).
     *
     * @param kind the error kind
     * @param probability in [0, 1]
     * @return this builder
     * @throws IllegalStateException if a rate for this kind was already set
     */
    public Builder errorRate(ErrorKind kind, double probability) {
      return rate(probability, FaultAction.fail(kind));
    }

    /**
     * Fails this share of calls with {@link ErrorKind#RATE_LIMITED} and a Retry-After hint.
     *
     * @param probability in [0, 1]
     * @param retryAfter the hint
     * @return this builder
     */
    public Builder rateLimited(double probability, Duration retryAfter) {
      return rate(probability, FaultAction.rateLimited(retryAfter));
    }

    /**
     * Hangs this share of calls until they are interrupted.
     *
     * @param probability in [0, 1]
     * @return this builder
     */
    public Builder hangRate(double probability) {
      return rate(probability, FaultAction.hang());
    }

    /**
     * Throws an unexpected runtime exception on this share of calls.
     *
     * @param probability in [0, 1]
     * @return this builder
     */
    public Builder throwRate(double probability) {
      return rate(probability, FaultAction.throwUnexpected());
    }

    /**
     * Returns null on this share of calls.
     *
     * @param probability in [0, 1]
     * @return this builder
     */
    public Builder nullRate(double probability) {
      return rate(probability, FaultAction.returnNull());
    }

    /**
     * Applies any action to this share of calls.
     *
     * @param probability in [0, 1]
     * @param action the action
     * @return this builder
     * @throws IllegalStateException if a rate with the same type and kind was already set
     */
    public Builder rate(double probability, FaultAction action) {
      requireNonNull(action, "action");
      for (Rate r : rates) {
        if (r.action().type() == action.type() && r.action().kind() == action.kind()) {
          throw new IllegalStateException("a fault rate for " + action + " was already set");
        }
      }
      rates.add(new Rate(probability, action));
      return this;
    }

    /**
     * An outage: calls made when {@code from <= elapsed < until} fail with {@link
     * ErrorKind#UNAVAILABLE}.
     *
     * @param from start, relative to the endpoint's start
     * @param until end, exclusive
     * @return this builder
     */
    public Builder outage(Duration from, Duration until) {
      return outage(from, until, FaultAction.fail(ErrorKind.UNAVAILABLE));
    }

    /**
     * An outage with any action over a time window.
     *
     * @param from start, relative to the endpoint's start
     * @param until end, exclusive
     * @param action what happens
     * @return this builder
     */
    public Builder outage(Duration from, Duration until, FaultAction action) {
      windows.add(new Window(from, until, action));
      return this;
    }

    /**
     * An outage over calls {@code first..last} (inclusive), failing with {@link
     * ErrorKind#UNAVAILABLE}.
     *
     * @param first first call number, from 1
     * @param last last call number
     * @return this builder
     */
    public Builder outageCalls(long first, long last) {
      return outageCalls(first, last, FaultAction.fail(ErrorKind.UNAVAILABLE));
    }

    /**
     * An outage with any action over calls {@code first..last} (inclusive).
     *
     * @param first first call number, from 1
     * @param last last call number
     * @param action what happens
     * @return this builder
     */
    public Builder outageCalls(long first, long last, FaultAction action) {
      callRanges.add(new CallRange(first, last, action));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the plan
     * @throws IllegalArgumentException if the rates sum to more than 1
     */
    public Faults build() {
      return new Faults(rates, windows, callRanges);
    }
  }
}
