package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of what a test endpoint ({@link SimulatedEndpoint}, {@link FaultInjector}, {@link
 * FakeEndpoint}) has seen, so tests and demos can assert, for example, that no blocked prompt
 * reached an endpoint ({@code received() == 0}).
 *
 * <p>Every received call ends in exactly one of: succeeded, failed (by kind), threw an unexpected
 * exception, returned null; until then it is in flight. Hung calls are also counted in {@link
 * #hung()} and end as failures ({@link ErrorKind#CANCELLED} when interrupted, {@link
 * ErrorKind#UNAVAILABLE} when the endpoint is closed).
 *
 * @param received calls that reached the endpoint
 * @param inFlight calls still running when the snapshot was taken
 * @param succeeded calls that returned a response
 * @param failures calls that threw a {@link dev.mainstay.core.ModelException}, by kind (only kinds
 *     seen)
 * @param unexpected calls that threw any other runtime exception
 * @param nulls calls that returned null
 * @param hung calls that hung (whatever ended them)
 */
public record EndpointStats(
    long received,
    long inFlight,
    long succeeded,
    Map<ErrorKind, Long> failures,
    long unexpected,
    long nulls,
    long hung) {

  /** Validates and copies. */
  public EndpointStats {
    EnumMap<ErrorKind, Long> f = new EnumMap<>(ErrorKind.class);
    for (Map.Entry<ErrorKind, Long> e : requireNonNull(failures, "failures").entrySet()) {
      long v = requireNonNull(e.getValue(), "failure count");
      if (v != 0) {
        f.put(requireNonNull(e.getKey(), "kind"), v);
      }
    }
    failures = Collections.unmodifiableMap(f);
  }

  /**
   * Failures of one kind.
   *
   * @param kind the kind
   * @return the count, zero when none
   */
  public long failures(ErrorKind kind) {
    return failures.getOrDefault(kind, 0L);
  }

  /**
   * All failures with a {@link dev.mainstay.core.ModelException}.
   *
   * @return the sum over kinds
   */
  public long failed() {
    long sum = 0;
    for (long v : failures.values()) {
      sum += v;
    }
    return sum;
  }

  /**
   * Calls that have ended, however they ended.
   *
   * @return succeeded + failed + unexpected + nulls
   */
  public long completed() {
    return succeeded + failed() + unexpected + nulls;
  }

  /**
   * What happened between an earlier snapshot and this one (in-flight is this snapshot's).
   *
   * @param earlier a snapshot of the same endpoint taken before this one
   * @return the difference
   */
  public EndpointStats minus(EndpointStats earlier) {
    requireNonNull(earlier, "earlier");
    EnumMap<ErrorKind, Long> f = new EnumMap<>(ErrorKind.class);
    for (ErrorKind k : ErrorKind.values()) {
      long d = failures(k) - earlier.failures(k);
      if (d != 0) {
        f.put(k, d);
      }
    }
    return new EndpointStats(received - earlier.received, inFlight, succeeded - earlier.succeeded,
        f, unexpected - earlier.unexpected, nulls - earlier.nulls, hung - earlier.hung);
  }
}
