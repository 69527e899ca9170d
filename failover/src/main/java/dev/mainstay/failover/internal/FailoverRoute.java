package dev.mainstay.failover.internal;

import dev.mainstay.core.AllEndpointsFailedException;
import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.CallFacts;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.TimedRoute;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.EndpointCooledDownEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.EndpointReadmittedEvent;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.core.event.HedgeCancelledEvent;
import dev.mainstay.core.event.HedgeLaunchedEvent;
import dev.mainstay.core.event.HedgeWonEvent;
import dev.mainstay.core.event.RetryScheduledEvent;
import dev.mainstay.failover.Balancing;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The failover route: picks endpoints by tier, region and balancing strategy; runs attempts through
 * the client's attempt launcher; retries, fails over and hedges under one attempt budget per call,
 * never waiting past the call's deadline. The decision loop runs on the caller's thread and waits
 * only through the client's {@link TimeSource}.
 */
public final class FailoverRoute implements TimedRoute {
  private static final int RESERVOIR = 1024;
  private static final int RESERVOIR_MIN_SAMPLES = 20;
  private static final int EST_CHARS_PER_TOKEN = 4;
  private static final int DEFAULT_EST_OUTPUT_TOKENS = 256;
  private static final long MIN_HEDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final VarHandle RR;

  static {
    try {
      RR = MethodHandles.lookup().findVarHandle(FailoverRoute.class, "rr", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RouteConfig config;
  private final ClientContext ctx;
  private final TimeSource ts;
  private final List<List<EndpointState>> tiers;
  private final List<EndpointState> all;
  /**
   * The round-robin position. Deliberately racy (opaque reads and writes, no atomic increment): a
   * lost update under contention only gives two concurrent calls the same rotation, and no call
   * pays for a contended atomic.
   */
  @SuppressWarnings("unused") // through RR
  private int rr;
  private final @Nullable HedgeBudget hedgeBudget;
  private final @Nullable LatencyReservoir reservoir;
  private final boolean peakEwma;
  /** Whether the balancing reads attempts in flight (only then are they counted). */
  private final boolean countOutstanding;
  /** Whether a call's first attempt takes the short path ({@link #first}): no hedging, no random draws. */
  private final boolean firstFast;
  private final AtomicLong probeSeq = new AtomicLong();
  private volatile TimeSource.@Nullable Cancellable probeTimer;
  private volatile boolean closed;

  /**
   * Builds the route for one client.
   *
   * @param config the settings
   * @param ctx the client being built
   */
  public FailoverRoute(RouteConfig config, ClientContext ctx) {
    this.config = config;
    this.ctx = ctx;
    this.ts = ctx.timeSource();
    TimeSourceClock clock = new TimeSourceClock(ts);
    List<List<EndpointState>> t = new ArrayList<>();
    List<EndpointState> a = new ArrayList<>();
    int index = 0;
    for (int tier = 0; tier < config.tiers().size(); tier++) {
      List<EndpointState> states = new ArrayList<>();
      for (Endpoint e : config.tiers().get(tier)) {
        String name = ctx.clientName() + "." + e.info().id();
        CircuitBreaker cb = null;
        CircuitBreakerConfig bc = config.breaker();
        if (bc != null) {
          cb = CircuitBreaker.of(name, CircuitBreakerConfig.from(bc)
              .clock(clock)
              .currentTimestampFunction(c -> ts.nanoTime(), TimeUnit.NANOSECONDS)
              .automaticTransitionFromOpenToHalfOpenEnabled(false)
              .recordException(EndpointState::breakerFault)
              .ignoreException(EndpointState::breakerIgnores)
              .build());
        }
        BulkheadConfig bhc = config.bulkhead();
        Bulkhead bh = bhc == null ? null
            : Bulkhead.of(name, BulkheadConfig.from(bhc).maxWaitDuration(Duration.ZERO).build());
        RateLimiterConfig rlc = config.rateLimiter();
        RateLimiter rl = rlc == null ? null
            : RateLimiter.of(name, RateLimiterConfig.from(rlc).timeoutDuration(Duration.ZERO).build());
        EndpointState s = new EndpointState(e, tier, index++, cb, bh, rl,
            config.peakEwmaDecay().toNanos(), ts, this::breakerChanged, config.attemptTimeout());
        s.chain = ctx.attemptChain(e, next -> new EndpointState.Protected(s, next, ts));
        states.add(s);
        a.add(s);
      }
      t.add(List.copyOf(states));
    }
    this.tiers = List.copyOf(t);
    this.all = List.copyOf(a);
    this.hedgeBudget = config.hedging()
        ? new HedgeBudget(ts, config.hedgeBudgetRatio(), config.hedgeBudgetMin(),
            config.hedgeBudgetWindow().toNanos())
        : null;
    this.peakEwma = config.balancing() == Balancing.PEAK_EWMA;
    this.countOutstanding = peakEwma || config.balancing() == Balancing.LEAST_OUTSTANDING;
    this.firstFast = !config.hedging() && config.balancing() != Balancing.WEIGHTED_RANDOM;
    this.reservoir = config.hedging() && config.hedgeQuantile() > 0
        ? new LatencyReservoir(RESERVOIR, RESERVOIR_MIN_SAMPLES, config.hedgeQuantile())
        : null;
    if (config.probeRequest() != null) {
      scheduleProbes();
    }
  }

  private void breakerChanged(EndpointState s, CircuitBreaker.State from, CircuitBreaker.State to) {
    if (ctx.publishing()) {
      ctx.publish(new BreakerStateChangedEvent(ctx.clientName(), "", ts.now(), s.id, from.name(), to.name()));
    }
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    return call(request, ts.nanoTime());
  }

  @Override
  public ModelResponse call(ModelRequest request, long nowNanos) {
    Deadline deadline = request.deadline();
    if (deadline == null) {
      deadline = Deadline.after(ctx.defaultTimeout(), ts, nowNanos);
      request = request.withDeadline(deadline);
    }
    if (firstFast && deadline.remainingNanos(ts, nowNanos) > 0) {
      EndpointState s = firstChoice(request, callerRegion(request), nextRotation(), nowNanos);
      if (s != null) {
        AttemptSpec spec = s.admit(1, false);
        if (spec != null) {
          return first(request, deadline, s, spec, nowNanos);
        }
      }
    }
    return new Call(request, deadline, nowNanos).run();
  }

  /**
   * A call's first attempt without the call's bookkeeping (most calls need no second one): the
   * same attempt {@link Call} would launch first, on the same terms. Only a failure sets up the
   * call, which then goes on as if it had launched the attempt itself.
   */
  private ModelResponse first(ModelRequest request, Deadline deadline, EndpointState s,
      AttemptSpec spec, long now) {
    ModelResponse response = null;
    ModelException failure = null;
    try {
      response = runUnraced(s, spec, request, now);
    } catch (ModelException e) {
      failure = e;
    }
    if (failure == null && response != null) {
      return succeeded(s, spec, now, response, 1);
    }
    return new Call(request, deadline, now).ranFirst(s, spec, response, failure).run();
  }

  /**
   * Runs an attempt nobody races as the client's isolation says (on the caller's thread under
   * {@code AttemptIsolation.CALLER}), counted in flight meanwhile, and returns a breaker permit it
   * never used.
   */
  private ModelResponse runUnraced(EndpointState s, AttemptSpec spec, ModelRequest request, long now) {
    if (countOutstanding) {
      s.outstanding.incrementAndGet();
    }
    try {
      return ctx.attempts().run(spec, s.chain(), request, now);
    } finally {
      if (countOutstanding) {
        s.outstanding.decrementAndGet();
      }
      s.releaseUnused(spec);
    }
  }

  /**
   * Records an attempt's success on its endpoint and stamps the call's facts on the response.
   *
   * @param s where it ran
   * @param spec which attempt
   * @param start when it started
   * @param response its response
   * @param launched attempts the call launched
   * @return the response to return
   */
  private ModelResponse succeeded(EndpointState s, AttemptSpec spec, long start, ModelResponse response,
      int launched) {
    if (s.consecutiveFailures.get() != 0) {
      s.consecutiveFailures.set(0);
    }
    LatencyReservoir res = reservoir;
    if (peakEwma || res != null) {
      // The clock is read for a success only when something uses the latency.
      long now = ts.nanoTime();
      if (peakEwma) {
        s.ewma.observe(now - start, now);
      }
      if (res != null && !spec.hedge()) {
        // Hedges are left out: only the winners among them end, so they would bias it low.
        res.record(now - start);
      }
    }
    CallFacts f = response.facts();
    if (f.attempts() == launched && f.hedged() == spec.hedge()) {
      return response;
    }
    return response.facts(new CallFacts(launched, f.cached(), f.stale(), spec.hedge()));
  }

  private @Nullable String callerRegion(ModelRequest request) {
    String r = request.attributes().get(config.regionAttribute());
    return r != null && !r.isEmpty() ? r : config.localRegion();
  }

  /** The next round-robin rotation (see {@link #rr}). */
  private int nextRotation() {
    int rotation = (int) RR.getOpaque(this);
    RR.setOpaque(this, rotation + 1);
    return rotation;
  }

  /**
   * The endpoint {@link Call#candidates} puts first for a call's first launch (nothing tried,
   * running or excluded yet), found without building the order: the first tier with a candidate,
   * the caller's region before others, and in that group the first in the balancing order (a
   * rotation, then a stable sort by key). For the balancings without random draws.
   *
   * @param request the call's request
   * @param region the caller's region, or null
   * @param rotation the call's rotation
   * @param now a clock reading
   * @return the endpoint, or null when none is available (or the endpoints changed between the
   *     two looks at them): the call then takes its full path
   */
  private @Nullable EndpointState firstChoice(ModelRequest request, @Nullable String region, int rotation,
      long now) {
    Operation op = request.operation();
    for (int t = 0; t < tiers.size(); t++) {
      List<EndpointState> tier = tiers.get(t);
      int local = 0;
      int remote = 0;
      for (int i = 0; i < tier.size(); i++) {
        EndpointState s = tier.get(i);
        if (freshCandidate(s, op, now)) {
          if (local(s, region)) {
            local++;
          } else {
            remote++;
          }
        }
      }
      if (local > 0) {
        return firstInGroup(tier, op, region, true, local, rotation, request, now);
      }
      if (remote > 0) {
        return firstInGroup(tier, op, region, false, remote, rotation, request, now);
      }
    }
    return null;
  }

  private @Nullable EndpointState firstInGroup(List<EndpointState> tier, Operation op,
      @Nullable String region, boolean local, int size, int rotation, ModelRequest request, long now) {
    int by = Math.floorMod(rotation, size);
    EndpointState best = null;
    double bestKey = 0;
    int bestPos = 0;
    int j = 0;
    for (int i = 0; i < tier.size(); i++) {
      EndpointState s = tier.get(i);
      if (!freshCandidate(s, op, now) || local(s, region) != local) {
        continue;
      }
      if (j >= size) {
        return null; // more candidates than a moment ago
      }
      int pos = j - by < 0 ? j - by + size : j - by; // its place after the rotation
      j++;
      if (config.balancing() == Balancing.ROUND_ROBIN) {
        if (pos == 0) {
          return s;
        }
        continue;
      }
      double key = balancingKey(s, request, now);
      int c = best == null ? -1 : Double.compare(key, bestKey);
      if (c < 0 || c == 0 && pos < bestPos) {
        best = s;
        bestKey = key;
        bestPos = pos;
      }
    }
    return j == size ? best : null;
  }

  private boolean freshCandidate(EndpointState s, Operation op, long now) {
    return s.supports(op) && s.available(now);
  }

  private static boolean local(EndpointState s, @Nullable String region) {
    String r = s.info.region();
    return region == null || r.isEmpty() || r.equals(region);
  }

  /** The sort key of the key-based balancings (least outstanding, peak EWMA, cost): lower first. */
  private double balancingKey(EndpointState s, ModelRequest request, long now) {
    switch (config.balancing()) {
      case LEAST_OUTSTANDING:
        return s.outstanding.get();
      case PEAK_EWMA: {
        int out = s.outstanding.get();
        double est = s.ewma.estimate(now);
        return est == 0 && out > 0 ? Double.MAX_VALUE / 2 + out : est * (out + 1);
      }
      case COST: {
        long in = Math.max(1, request.inputChars() / EST_CHARS_PER_TOKEN);
        Parameters p = request.parameters();
        long outTokens = p.maxTokens() == null ? DEFAULT_EST_OUTPUT_TOKENS : p.maxTokens();
        return in * s.info.inputPricePerMillion() + outTokens * s.info.outputPricePerMillion();
      }
      default:
        throw new IllegalStateException("no key for " + config.balancing());
    }
  }

  /** The states, for tests in this package. */
  List<EndpointState> states() {
    return all;
  }

  /**
   * What the full path of a fresh call puts first with the given rotation, for tests in this
   * package (to hold {@link #firstChoice} to it).
   */
  @Nullable EndpointState fullPathFirstForTest(ModelRequest request, int rotation, long now) {
    RR.setOpaque(this, rotation);
    Call c = new Call(request, Deadline.after(ctx.defaultTimeout(), ts, now), now);
    return c.candidates(now) == 0 ? null : c.order[0];
  }

  /** {@link #firstChoice} with the request's own region, for tests in this package. */
  @Nullable EndpointState firstChoiceForTest(ModelRequest request, int rotation, long now) {
    return firstChoice(request, callerRegion(request), rotation, now);
  }

  @Override
  public void close() {
    closed = true;
    TimeSource.Cancellable p = probeTimer;
    if (p != null) {
      p.cancel();
    }
    RuntimeException first = null;
    for (EndpointState s : all) {
      try {
        s.endpoint.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Failover[");
    for (int i = 0; i < tiers.size(); i++) {
      if (i > 0) {
        sb.append(" | ");
      }
      List<EndpointState> tier = tiers.get(i);
      for (int j = 0; j < tier.size(); j++) {
        sb.append(j == 0 ? "" : ", ").append(tier.get(j).id);
      }
    }
    sb.append("; ").append(config.balancing()).append(", attempts=").append(config.maxAttempts());
    if (config.hedging()) {
      Duration d = config.hedgeDelay();
      sb.append(", hedge=").append(d != null ? d.toMillis() + "ms" : "p" + Math.round(config.hedgeQuantile() * 100));
    }
    return sb.append(']').toString();
  }

  private RandomGenerator random() {
    RandomGenerator r = config.random();
    return r == null ? ThreadLocalRandom.current() : r;
  }

  private @Nullable Duration hedgeDelay() {
    Duration fixed = config.hedgeDelay();
    if (fixed != null) {
      return fixed;
    }
    LatencyReservoir res = reservoir;
    long q = res == null ? -1 : res.quantileNanos();
    if (q < 0) {
      return config.hedgeInitialDelay();
    }
    return Duration.ofNanos(Math.max(MIN_HEDGE_NANOS, q));
  }

  // ================================================================== one call

  /** A raced attempt in flight. */
  private static final class Running {
    final EndpointState state;
    final AttemptSpec spec;
    final CompletableFuture<ModelResponse> future;
    final long startNanos;

    Running(EndpointState state, AttemptSpec spec, CompletableFuture<ModelResponse> future, long startNanos) {
      this.state = state;
      this.spec = spec;
      this.future = future;
      this.startNanos = startNanos;
    }

    void cancel() {
      future.cancel(true);
    }
  }

  private static final List<Running> NONE = Collections.emptyList();
  private static final int EXCLUDED = 1;
  private static final int BACKOFF_DUE = 2;
  private static final int TRIED_ONE = 4;

  private static final class HedgeTick {
    final int generation;

    HedgeTick(int generation) {
      this.generation = generation;
    }
  }

  private final class Call {
    private final ModelRequest request;
    private final Deadline deadline;
    private final String requestId;
    private final @Nullable String region;
    private @Nullable List<ModelException> failures;
    /** Raced attempts in flight; the shared empty list until the first raced launch. */
    private List<Running> running = NONE;
    private @Nullable BlockingQueue<Object> queue;
    // The attempt that has just run on this thread (no hedging), until the loop takes its outcome.
    private @Nullable EndpointState ranOn;
    private @Nullable AttemptSpec ranSpec;
    private long ranStart;
    private @Nullable ModelResponse ranResponse;
    private @Nullable ModelException ranFailure;
    /** Per endpoint index: attempts launched (bits 2 and up), EXCLUDED and BACKOFF_DUE flags. */
    private final int[] marks = new int[all.size()];
    /** The candidate order of the current launch, reused across launches. */
    private final EndpointState[] order = new EndpointState[all.size()];
    private EndpointState @Nullable [] spare;
    private double @Nullable [] keys;
    private int minContextExclusive;
    private int launched;
    private int hedges;
    private int retries;
    private Duration previousBackoff = Duration.ZERO;
    private @Nullable EndpointState lastFailed;
    private @Nullable ErrorKind lastKind;
    private boolean stop;
    private long lastLaunch;
    private int hedgeGeneration;
    private TimeSource.@Nullable Cancellable hedgeTimer;
    private boolean hedgeDenied;
    /** The last hedge try was refused by the budget (not by endpoints or limits). */
    private boolean budgetRefused;
    /** Budget refusals since the last launch; such a call asks again while it still runs. */
    private int hedgeDeferrals;
    private long deferredAt;
    private int skippedUnavailable;
    /** The clock reading the call started with: the first launch uses it instead of reading again. */
    private final long startNanos;
    /** Whether {@link #startNanos} is still unused (only the first launch may use it). */
    private boolean startFresh = true;

    Call(ModelRequest request, Deadline deadline, long startNanos) {
      this.request = request;
      this.deadline = deadline;
      this.startNanos = startNanos;
      this.requestId = request.requestId() == null ? "" : request.requestId();
      this.region = callerRegion(request);
    }

    /**
     * Takes over after the route ran the call's first attempt itself ({@link #first}), as if this
     * call had launched it.
     */
    Call ranFirst(EndpointState s, AttemptSpec spec, @Nullable ModelResponse response,
        @Nullable ModelException failure) {
      startFresh = false;
      launched = 1;
      marks[s.index] += TRIED_ONE;
      lastLaunch = startNanos;
      ran(s, spec, startNanos, response, failure);
      return this;
    }

    /** Keeps the outcome of an attempt that ran on this thread until the loop takes it. */
    private void ran(EndpointState s, AttemptSpec spec, long start, @Nullable ModelResponse response,
        @Nullable ModelException failure) {
      ranOn = s;
      ranSpec = spec;
      ranStart = start;
      ranResponse = response;
      ranFailure = failure;
    }

    private BlockingQueue<Object> queue() {
      BlockingQueue<Object> q = queue;
      if (q == null) {
        q = new LinkedBlockingQueue<>();
        queue = q;
      }
      return q;
    }

    ModelResponse run() {
      HedgeBudget budget = hedgeBudget;
      if (budget != null) {
        budget.recordCall();
      }
      try {
        while (true) {
          EndpointState ran = ranOn;
          if (ran != null) {
            ranOn = null;
            AttemptSpec spec = Objects.requireNonNull(ranSpec);
            ModelResponse response = outcome(ran, spec, ranStart, ranResponse, ranFailure);
            if (response != null) {
              return won(ran, spec, ranStart, response);
            }
            if (stop) {
              throw fail();
            }
            continue;
          }
          if (running.isEmpty()) {
            if (stop || launched >= config.maxAttempts()) {
              throw fail();
            }
            if (!launchNext(false)) {
              if (deadline.expired() || !waitForRecovery()) {
                throw fail();
              }
            }
            continue;
          }
          armHedgeTimer();
          Object ev = queue().take();
          if (ev instanceof HedgeTick) {
            if (((HedgeTick) ev).generation == hedgeGeneration) {
              hedgeTimer = null;
              hedgeGeneration++;
              if (!launchNext(true)) {
                if (budgetRefused) {
                  // Still running after the hedge time and refused: ask again a little later,
                  // when the calls just past the trigger have answered and only stragglers remain.
                  hedgeDeferrals++;
                  deferredAt = ts.nanoTime();
                } else {
                  hedgeDenied = true;
                }
              }
            }
            continue;
          }
          Running r = (Running) ev;
          if (!running.remove(r)) {
            continue;
          }
          ModelResponse response = outcome(r);
          if (response != null) {
            return won(r.state, r.spec, r.startNanos, response);
          }
          if (stop) {
            throw fail();
          }
        }
      } catch (InterruptedException e) {
        cancelRunning();
        Thread.currentThread().interrupt();
        throw new ModelException(ErrorKind.CANCELLED, "caller thread was interrupted");
      } finally {
        TimeSource.Cancellable t = hedgeTimer;
        if (t != null) {
          t.cancel();
        }
        if (!running.isEmpty()) {
          cancelRunning();
        }
      }
    }

    private ModelResponse won(EndpointState state, AttemptSpec spec, long start, ModelResponse response) {
      LatencyReservoir res = reservoir;
      long now = running.isEmpty() ? 0 : ts.nanoTime();
      for (Running o : running) {
        o.cancel();
        if (res != null && !o.spec.hedge()) {
          // A primary that lost to its hedge took at least this long: recording the lower bound
          // keeps the stragglers in the quantile (they are always above it).
          res.record(now - o.startNanos);
        }
        if (ctx.publishing()) {
          ctx.publish(new HedgeCancelledEvent(ctx.clientName(), requestId, ts.now(), o.state.id,
              o.spec.number(), o.spec.hedge()));
        }
      }
      if (!running.isEmpty()) {
        running.clear();
      }
      if (spec.hedge() && ctx.publishing()) {
        ctx.publish(new HedgeWonEvent(ctx.clientName(), requestId, ts.now(), state.id, spec.number()));
      }
      return succeeded(state, spec, start, response, launched);
    }

    private void cancelRunning() {
      if (running.isEmpty()) {
        return;
      }
      for (Running o : running) {
        o.cancel();
      }
      running.clear();
    }

    /** Handles a finished raced attempt: the response on success, null after recording a failure. */
    private @Nullable ModelResponse outcome(Running r) {
      ModelResponse response = null;
      Throwable failure = null;
      try {
        response = r.future.getNow(null);
      } catch (CompletionException | java.util.concurrent.CancellationException ex) {
        failure = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
      }
      return outcome(r.state, r.spec, r.startNanos, response, failure);
    }

    /**
     * Handles a finished attempt: the response on success, null after recording a failure.
     *
     * @param s where it ran
     * @param spec which attempt
     * @param start when it started
     * @param response its response, if it answered
     * @param failure its failure, if it failed
     */
    private @Nullable ModelResponse outcome(EndpointState s, AttemptSpec spec, long start,
        @Nullable ModelResponse response, @Nullable Throwable failure) {
      ModelException e;
      if (failure != null) {
        e = failure instanceof ModelException
            ? (ModelException) failure
            : new ModelException(ErrorKind.UNAVAILABLE, "attempt failed unexpectedly", s.id, spec.number(), null, failure);
      } else if (response == null) {
        e = new ModelException(ErrorKind.INVALID_OUTPUT, "attempt returned null", s.id, spec.number(), null, null);
      } else {
        return response; // its success is recorded by won()
      }
      long now = ts.nanoTime();
      long took = now - start;
      List<ModelException> fs = failures;
      if (fs == null) {
        fs = new ArrayList<>(4);
        failures = fs;
      }
      fs.add(e);
      ErrorKind kind = e.kind();
      lastFailed = s;
      lastKind = kind;
      marks[s.index] = kind.retrySameEndpoint() ? marks[s.index] | BACKOFF_DUE : marks[s.index] & ~BACKOFF_DUE;
      if (kind == ErrorKind.TIMEOUT) {
        s.ewma.observe(took, now);
      }
      health(s, kind, now);
      switch (kind) {
        case RATE_LIMITED: {
          Duration cool = e.retryAfter().orElse(config.defaultCooldown());
          s.coolDown(cool, now);
          if (ctx.publishing()) {
            ctx.publish(new EndpointCooledDownEvent(ctx.clientName(), requestId, ts.now(), s.id, cool));
          }
          break;
        }
        case CONTEXT_TOO_LONG:
          minContextExclusive = Math.max(minContextExclusive, s.info.maxContextTokens());
          marks[s.index] |= EXCLUDED;
          break;
        case CONTENT_FILTERED:
          if (config.failoverOnContentFiltered()) {
            marks[s.index] |= EXCLUDED;
          } else {
            stop = true;
          }
          break;
        default:
          if (!kind.failover()) {
            stop = true;
          } else if (!kind.retrySameEndpoint()) {
            marks[s.index] |= EXCLUDED;
          }
          break;
      }
      if (stop) {
        cancelRunning();
      }
      return null;
    }

    private void health(EndpointState s, ErrorKind kind, long now) {
      if (!EndpointState.outlierFault(kind)) {
        return;
      }
      int n = s.consecutiveFailures.incrementAndGet();
      int limit = config.ejectAfter();
      if (limit > 0 && n >= limit && !s.ejectedNow(now) && othersAdmitted(s, now)) {
        Duration out = s.eject(config.ejectionTime(), config.maxEjectionTime(), now);
        if (out == null) {
          return;
        }
        s.consecutiveFailures.set(0);
        if (ctx.publishing()) {
          ctx.publish(new EndpointEjectedEvent(ctx.clientName(), requestId, ts.now(), s.id, n, out));
        }
      }
    }

    private boolean othersAdmitted(EndpointState s, long now) {
      for (EndpointState o : all) {
        if (o != s && !o.ejectedNow(now) && !o.probeDown) {
          return true;
        }
      }
      return false;
    }

    // -------------------------------------------------------------- choosing and launching

    /**
     * Chooses the next endpoint and launches an attempt on it.
     *
     * @param hedge whether the attempt races running ones
     * @return false when no endpoint could be launched (none available, budget spent, deadline)
     */
    private boolean launchNext(boolean hedge) throws InterruptedException {
      if (stop || launched >= config.maxAttempts()) {
        return false;
      }
      if (hedge && hedges >= config.maxHedges()) {
        return false;
      }
      long now;
      if (startFresh) {
        // The first launch of the call, right after the client read the clock: use that reading.
        startFresh = false;
        now = startNanos;
      } else {
        now = ts.nanoTime();
      }
      if (deadline.remainingNanos(ts, now) <= 0) {
        return false;
      }
      int n = candidates(now);
      if (n == 0) {
        return false;
      }
      HedgeBudget budget = hedgeBudget;
      budgetRefused = false;
      if (hedge && (budget == null || !budget.tryAcquire(hedgeDeferrals > 0))) {
        budgetRefused = budget != null;
        return false;
      }
      boolean backedOff = false;
      skippedUnavailable = 0;
      for (int i = 0; i < n; i++) {
        EndpointState s = order[i];
        if (!hedge && (marks[s.index] & BACKOFF_DUE) != 0 && !backedOff) {
          backedOff = true;
          Duration d = config.backoff().delay(++retries, previousBackoff, random());
          previousBackoff = d;
          Duration left = deadline.remaining();
          if (d.compareTo(left) >= 0) {
            // Sleeping would pass the deadline: give up now rather than late.
            return false;
          }
          ErrorKind reason = lastKind;
          if (ctx.publishing() && reason != null) {
            ctx.publish(new RetryScheduledEvent(ctx.clientName(), requestId, ts.now(), s.id, reason,
                launched + 1, d));
          }
          ts.sleep(d);
          now = ts.nanoTime();
          if (deadline.remainingNanos(ts, now) <= 0) {
            return false;
          }
        }
        AttemptSpec spec = s.admit(launched + 1, hedge);
        if (spec == null) {
          skippedUnavailable++;
          continue;
        }
        launch(s, spec, hedge, now);
        return true;
      }
      if (hedge && budget != null) {
        budget.refund();
      }
      return false;
    }

    private void launch(EndpointState s, AttemptSpec spec, boolean hedge, long now) {
      EndpointState from = lastFailed;
      ErrorKind reason = lastKind;
      if (!hedge && from != null && from != s && reason != null && ctx.publishing()) {
        ctx.publish(new FailedOverEvent(ctx.clientName(), requestId, ts.now(), from.id, s.id, reason,
            spec.number()));
      }
      if (hedge && ctx.publishing()) {
        ctx.publish(new HedgeLaunchedEvent(ctx.clientName(), requestId, ts.now(), s.id, spec.number(),
            Duration.ofNanos(now - lastLaunch)));
      }
      launched++;
      if (hedge) {
        hedges++;
      }
      marks[s.index] += TRIED_ONE;
      lastLaunch = now;
      hedgeDenied = false;
      hedgeDeferrals = 0;
      if (!config.hedging()) {
        // Nobody races this attempt: no completion callback.
        ModelResponse response = null;
        ModelException failure = null;
        try {
          response = runUnraced(s, spec, request, now);
        } catch (ModelException e) {
          failure = e;
        }
        ran(s, spec, now, response, failure);
        return;
      }
      if (countOutstanding) {
        s.outstanding.incrementAndGet();
      }
      CompletableFuture<ModelResponse> f;
      try {
        f = ctx.attempts().launch(spec, s.chain(), request);
      } catch (RuntimeException e) {
        if (countOutstanding) {
          s.outstanding.decrementAndGet();
        }
        s.releaseUnused(spec);
        throw e;
      }
      Running r = new Running(s, spec, f, now);
      if (running == NONE) {
        running = new ArrayList<>(2);
      }
      running.add(r);
      BlockingQueue<Object> q = queue();
      CompletableFuture<ModelResponse> unused = f.whenComplete((x, e) -> {
        if (countOutstanding) {
          s.outstanding.decrementAndGet();
        }
        s.releaseUnused(spec);
        q.add(r);
      });
    }

    private void armHedgeTimer() {
      if (hedgeTimer != null || hedgeDenied || hedgeBudget == null || stop
          || hedges >= config.maxHedges() || launched >= config.maxAttempts()) {
        return;
      }
      Duration delay = hedgeDelay();
      if (delay == null) {
        return;
      }
      long fireAt = hedgeDeferrals == 0
          ? lastLaunch + delay.toNanos()
          : deferredAt + Math.max(MIN_HEDGE_NANOS, delay.toNanos() / 2 * Math.min(hedgeDeferrals, 8));
      long now = ts.nanoTime();
      if (deadline.remainingNanos() <= fireAt - now) {
        return;
      }
      HedgeTick tick = new HedgeTick(hedgeGeneration);
      BlockingQueue<Object> q = queue();
      hedgeTimer = ts.schedule(Duration.ofNanos(Math.max(0, fireAt - now)), () -> q.add(tick));
    }

    /** Sleeps until an endpoint that is out for a known time recovers, if that is before the deadline. */
    private boolean waitForRecovery() throws InterruptedException {
      long now = ts.nanoTime();
      long best = Long.MIN_VALUE;
      for (EndpointState s : all) {
        if ((marks[s.index] & EXCLUDED) != 0 || !eligible(s)) {
          continue;
        }
        long at = s.recoversAt(now);
        if (at != Long.MIN_VALUE && at - now > 0 && (best == Long.MIN_VALUE || at - best < 0)) {
          best = at;
        }
      }
      if (best == Long.MIN_VALUE || best - now >= deadline.remainingNanos()) {
        return false;
      }
      ts.sleep(Duration.ofNanos(best - now));
      return !deadline.expired();
    }

    private boolean eligible(EndpointState s) {
      return s.supports(request.operation()) && s.info.maxContextTokens() > minContextExclusive;
    }

    /**
     * Fills {@link #order} with the endpoints to try, best first: tier by tier, the caller's region
     * before others, each group in the balancing order; endpoints not yet tried in this call before
     * those tried already.
     *
     * @return how many
     */
    private int candidates(long now) {
      EndpointState[] out = order;
      int n = 0;
      int rotation = nextRotation();
      boolean anyTried = false;
      for (int t = 0; t < tiers.size(); t++) {
        List<EndpointState> tier = tiers.get(t);
        int remotes = 0;
        int from = n;
        for (int i = 0; i < tier.size(); i++) {
          EndpointState s = tier.get(i);
          if (!candidate(s, now)) {
            continue;
          }
          anyTried |= marks[s.index] >= TRIED_ONE;
          if (local(s, region)) {
            out[n++] = s;
          } else {
            // Other regions come after this tier's local group: set aside, each looked at once.
            EndpointState[] aside = spare;
            if (aside == null) {
              aside = new EndpointState[out.length];
              spare = aside;
            }
            aside[remotes++] = s;
          }
        }
        order(out, from, n, rotation, now);
        if (remotes > 0) {
          from = n;
          System.arraycopy(Objects.requireNonNull(spare), 0, out, n, remotes);
          n += remotes;
          order(out, from, n, rotation, now);
        }
      }
      if (anyTried) {
        // Stable partition: endpoints not tried yet first, each part in the order found.
        EndpointState[] again = spare;
        if (again == null) {
          again = new EndpointState[out.length];
          spare = again;
        }
        int fresh = 0;
        int tried = 0;
        for (int i = 0; i < n; i++) {
          EndpointState s = out[i];
          if (marks[s.index] < TRIED_ONE) {
            out[fresh++] = s;
          } else {
            again[tried++] = s;
          }
        }
        System.arraycopy(again, 0, out, fresh, tried);
      }
      return n;
    }

    private boolean candidate(EndpointState s, long now) {
      return (marks[s.index] & EXCLUDED) == 0 && eligible(s) && !isRunning(s) && s.available(now);
    }

    private boolean isRunning(EndpointState s) {
      for (int i = 0; i < running.size(); i++) {
        if (running.get(i).state == s) {
          return true;
        }
      }
      return false;
    }

    /** Orders {@code a[from, to)} in place by the balancing strategy (stable where it sorts). */
    private void order(EndpointState[] a, int from, int to, int rotation, long now) {
      int size = to - from;
      if (size < 2) {
        return;
      }
      if (config.balancing() != Balancing.WEIGHTED_RANDOM) {
        rotate(a, from, size, Math.floorMod(rotation, size));
      }
      if (config.balancing() == Balancing.ROUND_ROBIN) {
        return;
      }
      double[] k = keys;
      if (k == null) {
        k = new double[all.size()];
        keys = k;
      }
      switch (config.balancing()) {
        case WEIGHTED_RANDOM: {
          RandomGenerator rnd = random();
          for (int i = from; i < to; i++) {
            EndpointState s = a[i];
            k[s.index] = -Math.log(1.0 - rnd.nextDouble()) / s.info.weight();
          }
          break;
        }
        default:
          for (int i = from; i < to; i++) {
            k[a[i].index] = balancingKey(a[i], request, now);
          }
          break;
      }
      // Insertion sort: stable, and the groups are a handful of endpoints.
      for (int i = from + 1; i < to; i++) {
        EndpointState s = a[i];
        double key = k[s.index];
        int j = i - 1;
        while (j >= from && Double.compare(k[a[j].index], key) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = s;
      }
    }

    /** Rotates {@code a[from, from + size)} left by {@code by}, like {@code Collections.rotate(l, -by)}. */
    private void rotate(EndpointState[] a, int from, int size, int by) {
      if (by == 0) {
        return;
      }
      reverse(a, from, from + by - 1);
      reverse(a, from + by, from + size - 1);
      reverse(a, from, from + size - 1);
    }

    private void reverse(EndpointState[] a, int lo, int hi) {
      for (int i = lo, j = hi; i < j; i++, j--) {
        EndpointState x = a[i];
        a[i] = a[j];
        a[j] = x;
      }
    }

    // -------------------------------------------------------------- giving up

    private ModelException fail() {
      boolean deadlinePassed = deadline.expired();
      List<ModelException> fs = failures;
      if (fs == null && !deadlinePassed) {
        return new AllEndpointsFailedException(ErrorKind.UNAVAILABLE, "no endpoint available for "
            + request.operation() + " (breakers open, cooling down, ejected or unsuitable; "
            + skippedUnavailable + " refused by breakers)", List.of());
      }
      return AllEndpointsFailedException.of(fs == null ? List.of() : fs, deadlinePassed);
    }
  }

  // ================================================================== active probes

  private void scheduleProbes() {
    if (closed) {
      return;
    }
    probeTimer = ts.schedule(config.probeInterval(), this::probeAll);
  }

  private void probeAll() {
    if (closed) {
      return;
    }
    ModelRequest probe = config.probeRequest();
    if (probe != null) {
      for (EndpointState s : all) {
        if (!s.probing && s.supports(probe.operation())) {
          probe(s, probe);
        }
      }
    }
    scheduleProbes();
  }

  private void probe(EndpointState s, ModelRequest template) {
    s.probing = true;
    ModelRequest req = template.withDeadline(Deadline.after(config.probeTimeout(), ts))
        .requestId("probe-" + s.id + "-" + probeSeq.incrementAndGet());
    AttemptSpec spec = new AttemptSpec(s.endpoint, 1, false, config.probeTimeout());
    CompletableFuture<ModelResponse> f;
    try {
      f = ctx.attempts().launch(spec, s.chain(), req);
    } catch (RuntimeException e) {
      s.probing = false;
      return;
    }
    CompletableFuture<ModelResponse> unused = f.whenComplete((r, e) -> {
      s.probing = false;
      if (e == null) {
        boolean wasDown = s.probeDown || s.ejectedNow(ts.nanoTime());
        s.readmit();
        CircuitBreaker cb = s.breaker;
        if (cb != null && cb.getState() == CircuitBreaker.State.OPEN) {
          cb.transitionToHalfOpenState();
          s.observeBreaker();
        }
        if (wasDown && ctx.publishing()) {
          ctx.publish(new EndpointReadmittedEvent(ctx.clientName(), "", ts.now(), s.id));
        }
        return;
      }
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      ErrorKind kind = cause instanceof ModelException ? ((ModelException) cause).kind() : ErrorKind.UNAVAILABLE;
      if (EndpointState.outlierFault(kind) && !s.probeDown) {
        s.probeDown = true;
        if (ctx.publishing()) {
          ctx.publish(new EndpointEjectedEvent(ctx.clientName(), "", ts.now(), s.id, 1, config.probeInterval()));
        }
      }
    });
  }
}
