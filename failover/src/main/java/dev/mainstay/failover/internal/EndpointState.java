package dev.mainstay.failover.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.TimeSource;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a route knows about one endpoint across calls: its protection (breaker, bulkhead, rate
 * limiter), attempts in flight, latency estimate, cooldown, ejection and probe health.
 */
final class EndpointState {
  final Endpoint endpoint;
  final EndpointInfo info;
  final String id;
  final int tier;
  final int index;
  final @Nullable CircuitBreaker breaker;
  final @Nullable Bulkhead bulkhead;
  final @Nullable RateLimiter limiter;
  final PeakEwma ewma;
  /** The spec of a call's first attempt here while no permit is handed over (see {@link #admit}). */
  private final AttemptSpec firstSpec;
  /** The operations it serves, one bit per {@link Operation} ordinal (its info is fixed). */
  private final int operations;
  final AtomicInteger outstanding = new AtomicInteger();
  final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final TimeSource ts;
  /** Breaker permits the route took for attempts not yet at their protection (breaker not closed). */
  private final Set<SpecKey> heldPermits = ConcurrentHashMap.newKeySet();
  private volatile CircuitBreaker.State lastState = CircuitBreaker.State.CLOSED;
  private final @Nullable BreakerListener listener;
  private final long breakerWaitNanos;
  private volatile boolean cooling;
  private volatile long cooldownUntil;
  private volatile boolean ejected;
  private volatile long ejectedUntil;
  private int ejections; // guarded by this: the repeat-ejection multiplier
  private long admittedSince; // guarded by this: when the endpoint last came back from an ejection
  volatile boolean probeDown;
  volatile boolean probing;
  private volatile long openedAt;
  @Nullable ModelClient chain;

  EndpointState(Endpoint endpoint, int tier, int index, @Nullable CircuitBreaker breaker,
      @Nullable Bulkhead bulkhead, @Nullable RateLimiter limiter, long ewmaTauNanos, TimeSource ts,
      @Nullable BreakerListener listener, @Nullable Duration attemptTimeout) {
    this.listener = listener;
    this.endpoint = endpoint;
    this.info = endpoint.info();
    this.id = info.id();
    this.tier = tier;
    this.index = index;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.limiter = limiter;
    this.ewma = new PeakEwma(ewmaTauNanos);
    this.firstSpec = new AttemptSpec(endpoint, 1, false, attemptTimeout);
    int ops = 0;
    for (Operation op : Operation.values()) {
      if (endpoint.supports(op)) {
        ops |= 1 << op.ordinal();
      }
    }
    this.operations = ops;
    this.ts = ts;
    long wait = -1;
    if (breaker != null) {
      try {
        wait = TimeUnit.MILLISECONDS.toNanos(
            breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
      } catch (RuntimeException e) {
        wait = -1;
      }
    }
    this.breakerWaitNanos = wait;
  }

  /**
   * Whether it serves an operation ({@link Endpoint#supports}, read once).
   *
   * @param op the operation
   * @return true if it does
   */
  boolean supports(Operation op) {
    return (operations & 1 << op.ordinal()) != 0;
  }

  ModelClient chain() {
    ModelClient c = chain;
    if (c == null) {
      throw new IllegalStateException("route not initialised");
    }
    return c;
  }

  // ------------------------------------------------------------------ breaker permits

  /**
   * Admits an attempt the route is about to launch here: takes a breaker permit for it, so that a
   * breaker that admits only a few calls (half-open) admits this attempt and the route tries
   * another endpoint when it does not. A closed breaker admits every call: then the attempt's own
   * protection takes the permit, with no hand-off (should the breaker open in between, the
   * protection refuses the attempt, which fails over like any unavailable endpoint), and a call's
   * first attempt gets the endpoint's shared spec (a spec is an immutable value; only a permit
   * hand-off tells attempts apart by identity, and a shared spec never takes part in one).
   *
   * @param number the attempt's number in its call
   * @param hedge whether it races running attempts
   * @return the attempt's spec, or null when the breaker refuses it
   */
  @Nullable AttemptSpec admit(int number, boolean hedge) {
    if (breaker == null || breaker.getState() == CircuitBreaker.State.CLOSED) {
      return number == 1 && !hedge
          ? firstSpec
          : new AttemptSpec(endpoint, number, hedge, firstSpec.timeout());
    }
    boolean ok = breaker.tryAcquirePermission();
    observeBreaker();
    if (!ok) {
      return null;
    }
    AttemptSpec spec = new AttemptSpec(endpoint, number, hedge, firstSpec.timeout());
    heldPermits.add(new SpecKey(spec));
    return spec;
  }

  /**
   * Publishes a state change seen since the last look. Resilience4j builds an event object for
   * every call once any consumer is registered, so the route watches the state after each of its
   * own breaker interactions instead (every transition happens inside one of them).
   */
  void observeBreaker() {
    CircuitBreaker cb = breaker;
    if (cb == null) {
      return;
    }
    CircuitBreaker.State now = cb.getState();
    if (now == lastState) {
      return;
    }
    CircuitBreaker.State before;
    synchronized (this) {
      before = lastState;
      if (now == before) {
        return;
      }
      lastState = now;
      if (now == CircuitBreaker.State.OPEN) {
        openedAt = ts.nanoTime();
      }
    }
    BreakerListener l = listener;
    if (l != null) {
      l.changed(this, before, now);
    }
  }

  /** Receives breaker state changes. */
  interface BreakerListener {
    void changed(EndpointState state, CircuitBreaker.State from, CircuitBreaker.State to);
  }

  /** Identity key of an attempt (specs of concurrent calls can be equal as records). */
  private static final class SpecKey {
    private final AttemptSpec spec;

    SpecKey(AttemptSpec spec) {
      this.spec = spec;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof SpecKey && ((SpecKey) o).spec == spec;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(spec);
    }
  }

  private boolean releaseHeld(AttemptSpec spec) {
    return !heldPermits.isEmpty() && heldPermits.remove(new SpecKey(spec));
  }

  /** Called by the protection on the attempt's thread: whether the route already holds a permit. */
  boolean takeHeld() {
    if (heldPermits.isEmpty()) {
      return false; // the common case (a closed breaker): no need to look up the attempt
    }
    AttemptSpec spec = AttemptSpec.current();
    return spec != null && releaseHeld(spec);
  }

  /** Releases a permit the attempt never used (it never reached the protection). */
  void releaseUnused(AttemptSpec spec) {
    if (breaker != null && releaseHeld(spec)) {
      breaker.releasePermission();
      observeBreaker();
    }
  }

  // ------------------------------------------------------------------ health

  boolean available(long now) {
    if (cooling && now - cooldownUntil < 0) {
      return false;
    }
    if (ejected && now - ejectedUntil < 0) {
      return false;
    }
    if (probeDown) {
      return false;
    }
    if (bulkhead != null && bulkhead.getMetrics().getAvailableConcurrentCalls() <= 0) {
      return false;
    }
    return limiter == null || limiter.getMetrics().getAvailablePermissions() > 0;
  }

  boolean ejectedNow(long now) {
    return ejected && now - ejectedUntil < 0;
  }

  /**
   * When this endpoint may become available again, if it is out for a known time.
   *
   * @return the tick, or {@code Long.MIN_VALUE} when unknown or not out
   */
  long recoversAt(long now) {
    long at = Long.MIN_VALUE;
    if (cooling && now - cooldownUntil < 0) {
      at = cooldownUntil;
    }
    if (ejected && now - ejectedUntil < 0) {
      at = at == Long.MIN_VALUE ? ejectedUntil : Math.max(at, ejectedUntil);
    }
    if (breaker != null && breakerWaitNanos >= 0
        && breaker.getState() == CircuitBreaker.State.OPEN) {
      long open = openedAt + breakerWaitNanos + 1_000_000L; // R4j needs "strictly after"
      if (now - open < 0) {
        at = at == Long.MIN_VALUE ? open : Math.max(at, open);
      }
    }
    return at;
  }

  void coolDown(Duration d, long now) {
    long until = now + Math.max(1, d.toNanos());
    if (!cooling || until - cooldownUntil > 0 || now - cooldownUntil >= 0) {
      cooldownUntil = until;
    }
    cooling = true;
  }

  /**
   * Ejects the endpoint unless it is already out, with repeat-ejection backoff: the n-th ejection
   * in a row lasts {@code base * n}, capped at {@code max}; n goes down by one for every {@code
   * base} the endpoint spent admitted since it last came back.
   *
   * @return how long it is out, or null when it already was ejected (another caller won the race)
   */
  synchronized @Nullable Duration eject(Duration base, Duration max, long now) {
    if (ejectedNow(now)) {
      return null;
    }
    long baseNanos = Math.max(1, base.toNanos());
    if (ejections > 0) {
      long healthy = now - admittedSince;
      if (healthy > 0) {
        ejections = (int) Math.max(0, ejections - healthy / baseNanos);
      }
    }
    if (ejections < Integer.MAX_VALUE) {
      ejections++;
    }
    long maxNanos = Math.max(baseNanos, max.toNanos());
    long d = ejections > maxNanos / baseNanos ? maxNanos : baseNanos * ejections;
    ejectedUntil = now + d;
    admittedSince = ejectedUntil;
    ejected = true;
    return Duration.ofNanos(d);
  }

  /** How many ejections in a row the backoff currently counts (for tests). */
  synchronized int ejections() {
    return ejections;
  }

  void readmit() {
    synchronized (this) {
      long now = ts.nanoTime();
      if (ejected && now - admittedSince < 0) {
        admittedSince = now;
      }
    }
    ejected = false;
    probeDown = false;
    consecutiveFailures.set(0);
  }

  static boolean outlierFault(ErrorKind kind) {
    switch (kind) {
      case TRANSIENT:
      case TIMEOUT:
      case OVERLOADED:
      case UNAVAILABLE:
      case INVALID_OUTPUT:
      case AUTHENTICATION:
      case NOT_FOUND:
        return true;
      default:
        return false;
    }
  }

  /** Whether a failure counts against the endpoint's circuit breaker. */
  static boolean breakerFault(Throwable t) {
    return t instanceof ModelException && outlierFault(((ModelException) t).kind());
  }

  /** Whether the breaker ignores a failure (neither failure nor success). */
  static boolean breakerIgnores(Throwable t) {
    return !breakerFault(t);
  }

  // ------------------------------------------------------------------ protection

  /** The protection link: breaker, then bulkhead, then rate limiter, then the rest of the chain. */
  static final class Protected implements ModelClient {
    private final EndpointState state;
    private final ModelClient next;
    private final TimeSource ts;

    Protected(EndpointState state, ModelClient next, TimeSource ts) {
      this.state = state;
      this.next = next;
      this.ts = ts;
    }

    @Override
    public ModelResponse call(ModelRequest request) {
      CircuitBreaker cb = state.breaker;
      if (cb != null && !state.takeHeld() && !acquireHere(cb)) {
        throw new ModelException(ErrorKind.UNAVAILABLE,
            "circuit breaker of endpoint '" + state.id + "' is " + cb.getState(), state.id, 0, null, null);
      }
      Bulkhead bh = state.bulkhead;
      if (bh != null && !bh.tryAcquirePermission()) {
        if (cb != null) {
          cb.releasePermission();
        }
        throw new ModelException(ErrorKind.OVERLOADED, "bulkhead of endpoint '" + state.id
            + "' is full (" + bh.getBulkheadConfig().getMaxConcurrentCalls() + " concurrent)",
            state.id, 0, null, null);
      }
      try {
        RateLimiter rl = state.limiter;
        if (rl != null && !rl.acquirePermission()) {
          if (cb != null) {
            cb.releasePermission();
          }
          throw new ModelException(ErrorKind.RATE_LIMITED,
              "rate limiter of endpoint '" + state.id + "' has no permits", state.id, 0,
              rl.getRateLimiterConfig().getLimitRefreshPeriod(), null);
        }
        // Only the breaker times the call: the attempt's own start when it runs on this thread
        // (saves a clock reading per call), else a fresh reading; nothing without a breaker.
        long start = 0;
        if (cb != null) {
          start = AttemptSpec.currentStartNanos();
          if (start == Long.MIN_VALUE) {
            start = ts.nanoTime();
          }
        }
        ModelResponse r;
        try {
          r = next.call(request);
        } catch (ModelException e) {
          if (cb != null) {
            cb.onError(ts.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            state.observeBreaker();
          }
          throw e;
        } catch (RuntimeException e) {
          ModelException wrapped = new ModelException(ErrorKind.UNAVAILABLE,
              "attempt chain threw unexpected " + e.getClass().getSimpleName(), state.id, 0, null, e);
          if (cb != null) {
            cb.onError(ts.nanoTime() - start, TimeUnit.NANOSECONDS, wrapped);
            state.observeBreaker();
          }
          throw wrapped;
        } catch (Error e) {
          if (cb != null) {
            cb.releasePermission();
          }
          throw e;
        }
        if (cb != null) {
          cb.onSuccess(ts.nanoTime() - start, TimeUnit.NANOSECONDS);
          state.observeBreaker();
        }
        return r;
      } finally {
        if (bh != null) {
          bh.onComplete();
        }
      }
    }

    private boolean acquireHere(CircuitBreaker cb) {
      boolean ok = cb.tryAcquirePermission();
      state.observeBreaker();
      return ok;
    }

    @Override
    public String toString() {
      return "Protection[" + state.id + "]";
    }
  }
}
