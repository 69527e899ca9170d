package dev.mainstay.failover;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Router;
import dev.mainstay.failover.internal.FailoverRoute;
import dev.mainstay.failover.internal.RouteConfig;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Builds a failover route; obtain one with {@link Route#failover()} and pass it to {@link
 * dev.mainstay.core.ClientBuilder#route(Router)}.
 *
 * <p><b>What the route does per call.</b> Endpoints are tried tier by tier (tier 0 first). Within a
 * tier, endpoints in the caller's region come first (the request attribute {@value
 * #REGION_ATTRIBUTE}, else {@link #localRegion(String)}; endpoints without a region count as
 * local), ordered by the {@link Balancing} strategy. Unhealthy endpoints are skipped: breaker open,
 * cooling down after a 429, ejected as an outlier, or failing active probes. After a failed attempt
 * the next one goes at once to an endpoint not yet tried; only when none is left does the route
 * retry an endpoint it already tried whose failure allows that ({@code TRANSIENT}, {@code
 * INVALID_OUTPUT}), after a {@link Backoff}. Every attempt, hedges included, spends the call's one
 * attempt budget ({@link #retries(int)} + 1). No wait ever passes the call's deadline: when the
 * next wait would, the route gives up at once with an {@link
 * dev.mainstay.core.AllEndpointsFailedException} carrying every attempt in order.
 *
 * <p><b>Error kinds</b> follow the architecture table: {@code RATE_LIMITED} cools the endpoint down
 * for its Retry-After (or {@link #defaultCooldown(Duration)}) and the next attempt goes elsewhere at
 * once; {@code CONTEXT_TOO_LONG} goes only to endpoints with a larger {@code maxContextTokens};
 * {@code CONTENT_FILTERED} fails over only when {@link #failoverOnContentFiltered(boolean)} is set;
 * {@code INVALID_REQUEST} and the guard kinds end the call.
 *
 * <p><b>Protection.</b> Each endpoint gets a Resilience4j circuit breaker (on by default), and
 * optionally a bulkhead and a rate limiter, applied in that order inside the attempt chain. The
 * breaker runs on the client's {@link dev.mainstay.core.TimeSource} (its clock is replaced) and
 * counts only endpoint faults: cancellations (lost hedges), rate limits, context and content
 * refusals and caller errors are ignored. Bulkhead and rate limiter never wait: a full one fails the
 * attempt fast ({@code OVERLOADED} / {@code RATE_LIMITED}) and the route moves on.
 *
 * <p>Scalar settings can be set once each. Not thread-safe; the route snapshots the settings when
 * a client is built.
 */
public final class FailoverRouter implements Router {
  /** The request attribute naming the caller's region. */
  public static final String REGION_ATTRIBUTE = "mainstay.region";

  /** The default retries: two after the first attempt. */
  public static final int DEFAULT_RETRIES = 2;

  /** The default backoff: exponential from 100 ms to 2 s with full jitter. */
  public static final Backoff DEFAULT_BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2));

  private final List<List<Endpoint>> tiers = new ArrayList<>();
  private @Nullable Balancing balancing;
  private @Nullable Duration peakEwmaDecay;
  private @Nullable String localRegion;
  private int retries = -1;
  private @Nullable Backoff backoff;
  private @Nullable Duration attemptTimeout;
  private @Nullable Duration defaultCooldown;
  private @Nullable Boolean contentFilteredFailover;
  private @Nullable Duration hedgeDelay;
  private double hedgeQuantile;
  private @Nullable Duration hedgeInitialDelay;
  private int maxHedges = -1;
  private double hedgeBudgetRatio = -1;
  private int hedgeBudgetMin = -1;
  private @Nullable Duration hedgeBudgetWindow;
  private @Nullable CircuitBreakerConfig breaker;
  private boolean breakerSet;
  private @Nullable BulkheadConfig bulkhead;
  private @Nullable RateLimiterConfig rateLimiter;
  private int ejectAfter = -1;
  private @Nullable Duration ejectionTime;
  private @Nullable Duration maxEjectionTime;
  private @Nullable ModelRequest probeRequest;
  private @Nullable Duration probeInterval;
  private @Nullable Duration probeTimeout;
  private @Nullable RandomGenerator random;

  FailoverRouter() {}

  // ------------------------------------------------------------------ endpoints

  /**
   * Adds the next priority tier. The first call adds tier 0 (tried first).
   *
   * @param first an endpoint
   * @param more more endpoints sharing the tier
   * @return this builder
   */
  public FailoverRouter tier(Endpoint first, Endpoint... more) {
    List<Endpoint> t = new ArrayList<>();
    t.add(requireNonNull(first, "endpoint"));
    for (Endpoint e : more) {
      t.add(requireNonNull(e, "endpoint"));
    }
    tiers.add(t);
    return this;
  }

  /**
   * Adds endpoints grouped into tiers by their {@link dev.mainstay.core.EndpointInfo#tier()}, lowest
   * first, after any tiers added before.
   *
   * @param endpoints the endpoints
   * @return this builder
   */
  public FailoverRouter endpoints(List<? extends Endpoint> endpoints) {
    TreeMap<Integer, List<Endpoint>> byTier = new TreeMap<>();
    for (Endpoint e : requireNonNull(endpoints, "endpoints")) {
      requireNonNull(e, "endpoint");
      byTier.computeIfAbsent(e.info().tier(), k -> new ArrayList<>()).add(e);
    }
    tiers.addAll(byTier.values());
    return this;
  }

  /**
   * Sets how endpoints are ordered within a tier.
   *
   * @param value the strategy; default {@link Balancing#ROUND_ROBIN}
   * @return this builder
   */
  public FailoverRouter balancing(Balancing value) {
    requireNonNull(value, "balancing");
    once(balancing == null, "balancing", balancing);
    this.balancing = value;
    return this;
  }

  /**
   * Sets the peak-EWMA time constant (how fast a latency spike is forgotten).
   *
   * @param value positive; default 10 s
   * @return this builder
   */
  public FailoverRouter peakEwmaDecay(Duration value) {
    once(peakEwmaDecay == null, "peakEwmaDecay", peakEwmaDecay);
    this.peakEwmaDecay = positive(value, "peakEwmaDecay");
    return this;
  }

  /**
   * Sets the caller's region, used when a request carries no {@value #REGION_ATTRIBUTE} attribute.
   *
   * @param value a region name such as {@code eu-west-1}
   * @return this builder
   */
  public FailoverRouter localRegion(String value) {
    requireNonNull(value, "localRegion");
    once(localRegion == null, "localRegion", localRegion);
    if (value.isBlank()) {
      throw new IllegalArgumentException("localRegion must not be blank");
    }
    this.localRegion = value;
    return this;
  }

  // ------------------------------------------------------------------ retries

  /**
   * Sets how many attempts may follow the first within one call, across all endpoints (hedges
   * included).
   *
   * @param value 0 to 100; default {@value #DEFAULT_RETRIES}
   * @return this builder
   */
  public FailoverRouter retries(int value) {
    once(retries == -1, "retries", retries);
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException("retries must be in [0, 100], was " + value);
    }
    this.retries = value;
    return this;
  }

  /**
   * Sets the backoff before retrying an endpoint already tried in the call.
   *
   * @param value the backoff; default {@link #DEFAULT_BACKOFF}
   * @return this builder
   */
  public FailoverRouter backoff(Backoff value) {
    requireNonNull(value, "backoff");
    once(backoff == null, "backoff", backoff);
    this.backoff = value;
    return this;
  }

  /**
   * Bounds each attempt; the call's deadline bounds it in any case.
   *
   * @param value positive; default none (until the deadline)
   * @return this builder
   */
  public FailoverRouter attemptTimeout(Duration value) {
    once(attemptTimeout == null, "attemptTimeout", attemptTimeout);
    this.attemptTimeout = positive(value, "attemptTimeout");
    return this;
  }

  /**
   * Sets how long an endpoint is skipped after a 429 that carried no Retry-After.
   *
   * @param value positive; default 1 s
   * @return this builder
   */
  public FailoverRouter defaultCooldown(Duration value) {
    once(defaultCooldown == null, "defaultCooldown", defaultCooldown);
    this.defaultCooldown = positive(value, "defaultCooldown");
    return this;
  }

  /**
   * Sets whether a provider's content-policy refusal fails over to another endpoint.
   *
   * @param value true to fail over; default false (the refusal ends the call)
   * @return this builder
   */
  public FailoverRouter failoverOnContentFiltered(boolean value) {
    once(contentFilteredFailover == null, "failoverOnContentFiltered", contentFilteredFailover);
    this.contentFilteredFailover = value;
    return this;
  }

  // ------------------------------------------------------------------ hedging

  /**
   * Hedges after a fixed delay: when an attempt has not answered after {@code delay}, the next
   * attempt starts on a different endpoint and the first answer wins.
   *
   * @param delay positive
   * @return this builder
   * @throws IllegalStateException if hedging was already configured
   */
  public FailoverRouter hedgeAfter(Duration delay) {
    once(hedgeDelay == null && hedgeQuantile == 0, "hedging", hedgeDelay);
    this.hedgeDelay = positive(delay, "hedge delay");
    return this;
  }

  /**
   * Hedges adaptively: after the route's observed latency quantile over its last 1024 non-hedge
   * attempts (successes with their latency; attempts that lost to a hedge with the time they had
   * run, a lower bound). Until 20 samples exist, {@code initialDelay} is used.
   *
   * @param quantile in (0, 1), typically 0.95
   * @param initialDelay the delay while warming up
   * @return this builder
   * @throws IllegalStateException if hedging was already configured
   */
  public FailoverRouter hedgeAdaptive(double quantile, Duration initialDelay) {
    once(hedgeDelay == null && hedgeQuantile == 0, "hedging", hedgeDelay);
    if (!(quantile > 0 && quantile < 1)) {
      throw new IllegalArgumentException("hedge quantile must be in (0, 1), was " + quantile);
    }
    this.hedgeInitialDelay = positive(initialDelay, "initialDelay");
    this.hedgeQuantile = quantile;
    return this;
  }

  /**
   * Sets the largest number of hedges per call.
   *
   * @param value 1 to 10; default 1
   * @return this builder
   */
  public FailoverRouter maxHedges(int value) {
    once(maxHedges == -1, "maxHedges", maxHedges);
    if (value < 1 || value > 10) {
      throw new IllegalArgumentException("maxHedges must be in [1, 10], was " + value);
    }
    this.maxHedges = value;
    return this;
  }

  /**
   * Bounds hedges over a sliding window: at most {@code max(ratio * calls, minPerWindow)} hedges, so
   * at steady traffic hedges never exceed the ratio. A quarter of the ratio's allowance is kept for
   * calls that were refused at their hedge time and are still running when they ask again (half a
   * hedge delay later, then at growing intervals): those are the stragglers hedging is for.
   *
   * @param ratio in (0, 1]; default 0.05
   * @param minPerWindow hedges always allowed per window, zero or more; default 1
   * @param window the window, positive; default 10 s
   * @return this builder
   */
  public FailoverRouter hedgeBudget(double ratio, int minPerWindow, Duration window) {
    once(hedgeBudgetRatio < 0, "hedgeBudget", hedgeBudgetRatio);
    if (!(ratio > 0 && ratio <= 1)) {
      throw new IllegalArgumentException("hedge budget ratio must be in (0, 1], was " + ratio);
    }
    if (minPerWindow < 0) {
      throw new IllegalArgumentException("minPerWindow must be >= 0, was " + minPerWindow);
    }
    this.hedgeBudgetWindow = positive(window, "window");
    this.hedgeBudgetRatio = ratio;
    this.hedgeBudgetMin = minPerWindow;
    return this;
  }

  // ------------------------------------------------------------------ protection and health

  /**
   * Sets the per-endpoint circuit breaker. Its clock, timestamp function, automatic transition and
   * exception predicates are replaced (see the class comment); everything else is kept.
   *
   * @param value the configuration, or null for no breaker; default: count window of 20, 50%
   *     failure rate after 10 calls, 30 s open, 2 half-open probes
   * @return this builder
   */
  public FailoverRouter circuitBreaker(@Nullable CircuitBreakerConfig value) {
    once(!breakerSet, "circuitBreaker", breaker);
    this.breakerSet = true;
    this.breaker = value;
    return this;
  }

  /**
   * Bounds concurrent attempts per endpoint. The wait duration is forced to zero.
   *
   * @param value the bulkhead configuration
   * @return this builder
   */
  public FailoverRouter bulkhead(BulkheadConfig value) {
    requireNonNull(value, "bulkhead");
    once(bulkhead == null, "bulkhead", bulkhead);
    this.bulkhead = value;
    return this;
  }

  /**
   * Rate-limits each endpoint. The timeout is forced to zero. Resilience4j's limiter refreshes on
   * {@code System.nanoTime()}, not on the client's time source.
   *
   * @param value the rate limiter configuration
   * @return this builder
   */
  public FailoverRouter rateLimiter(RateLimiterConfig value) {
    requireNonNull(value, "rateLimiter");
    once(rateLimiter == null, "rateLimiter", rateLimiter);
    this.rateLimiter = value;
    return this;
  }

  /**
   * Ejects an endpoint after consecutive endpoint faults and re-admits it after a while. The route
   * never ejects its last admitted endpoint. An endpoint ejected again soon after it came back stays
   * out longer: {@code ejection} times the number of times it was ejected, capped at ten times
   * {@code ejection} (see {@link #outlierEjection(int, Duration, Duration)}).
   *
   * @param consecutiveFailures 1 or more; default 5
   * @param ejection how long it stays out the first time, positive; default 30 s
   * @return this builder
   */
  public FailoverRouter outlierEjection(int consecutiveFailures, Duration ejection) {
    return outlierEjection(consecutiveFailures, ejection, multiply(positive(ejection, "ejection"), 10));
  }

  /**
   * Ejects an endpoint after consecutive endpoint faults, with repeat-ejection backoff as in Envoy's
   * outlier detection: the n-th ejection lasts {@code ejection * n}, at most {@code maxEjection}.
   * The count goes down by one for every {@code ejection} the endpoint spends admitted without being
   * ejected, so an endpoint that stays healthy is back to the base time. The route never ejects its
   * last admitted endpoint.
   *
   * @param consecutiveFailures 1 or more
   * @param ejection how long it stays out the first time, positive
   * @param maxEjection the cap, at least {@code ejection}
   * @return this builder
   */
  public FailoverRouter outlierEjection(int consecutiveFailures, Duration ejection, Duration maxEjection) {
    once(ejectAfter == -1, "outlierEjection", ejectAfter);
    if (consecutiveFailures < 1) {
      throw new IllegalArgumentException("consecutiveFailures must be >= 1, was " + consecutiveFailures);
    }
    positive(ejection, "ejection");
    positive(maxEjection, "maxEjection");
    if (maxEjection.compareTo(ejection) < 0) {
      throw new IllegalArgumentException("maxEjection must be >= ejection, was " + maxEjection + " < " + ejection);
    }
    this.ejectionTime = ejection;
    this.maxEjectionTime = maxEjection;
    this.ejectAfter = consecutiveFailures;
    return this;
  }

  private static Duration multiply(Duration d, int n) {
    try {
      return d.multipliedBy(n);
    } catch (ArithmeticException e) {
      return d;
    }
  }

  /**
   * Turns outlier ejection off.
   *
   * @return this builder
   */
  public FailoverRouter noOutlierEjection() {
    once(ejectAfter == -1, "outlierEjection", ejectAfter);
    this.ejectAfter = 0;
    this.ejectionTime = Duration.ofSeconds(30);
    return this;
  }

  /**
   * Turns on active health probes: every {@code interval} each endpoint gets {@code probe}; an
   * endpoint whose probe fails with an endpoint fault is skipped until a probe succeeds, and a
   * successful probe re-admits an ejected endpoint and moves an open breaker to half-open. Off by
   * default.
   *
   * @param probe the probe request (its deadline and id are set per probe)
   * @param interval positive
   * @param timeout positive
   * @return this builder
   */
  public FailoverRouter activeProbes(ModelRequest probe, Duration interval, Duration timeout) {
    requireNonNull(probe, "probe");
    once(probeRequest == null, "activeProbes", probeRequest);
    this.probeInterval = positive(interval, "interval");
    this.probeTimeout = positive(timeout, "timeout");
    this.probeRequest = probe;
    return this;
  }

  /**
   * Sets the random source for weighted ordering and jitter (for reproducible tests; it must be
   * thread-safe if the client is used concurrently).
   *
   * @param value the random source; default {@code ThreadLocalRandom}
   * @return this builder
   */
  public FailoverRouter random(RandomGenerator value) {
    requireNonNull(value, "random");
    once(random == null, "random", random);
    this.random = value;
    return this;
  }

  // ------------------------------------------------------------------ building

  /**
   * Builds the route for one client; the client builder calls this.
   *
   * @param context the client being built
   * @return the route
   * @throws IllegalStateException if no endpoint was added or endpoint ids repeat
   */
  @Override
  public ModelClient build(ClientContext context) {
    requireNonNull(context, "context");
    return new FailoverRoute(snapshot(), context);
  }

  RouteConfig snapshot() {
    if (tiers.isEmpty()) {
      throw new IllegalStateException("a failover route needs at least one tier of endpoints");
    }
    Set<String> ids = new HashSet<>();
    for (List<Endpoint> t : tiers) {
      for (Endpoint e : t) {
        if (!ids.add(e.info().id())) {
          throw new IllegalStateException("endpoint id '" + e.info().id() + "' appears twice");
        }
      }
    }
    CircuitBreakerConfig cb = breakerSet ? breaker : CircuitBreakerConfig.custom()
        .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(30))
        .permittedNumberOfCallsInHalfOpenState(2)
        .build();
    return new RouteConfig(
        tiers,
        balancing == null ? Balancing.ROUND_ROBIN : balancing,
        peakEwmaDecay == null ? Duration.ofSeconds(10) : peakEwmaDecay,
        localRegion,
        REGION_ATTRIBUTE,
        (retries == -1 ? DEFAULT_RETRIES : retries) + 1,
        backoff == null ? DEFAULT_BACKOFF : backoff,
        attemptTimeout,
        defaultCooldown == null ? Duration.ofSeconds(1) : defaultCooldown,
        contentFilteredFailover != null && contentFilteredFailover,
        hedgeDelay,
        hedgeQuantile,
        hedgeInitialDelay,
        maxHedges == -1 ? 1 : maxHedges,
        hedgeBudgetRatio < 0 ? 0.05 : hedgeBudgetRatio,
        hedgeBudgetMin < 0 ? 1 : hedgeBudgetMin,
        hedgeBudgetWindow == null ? Duration.ofSeconds(10) : hedgeBudgetWindow,
        cb,
        bulkhead,
        rateLimiter,
        ejectAfter == -1 ? 5 : ejectAfter,
        ejectionTime == null ? Duration.ofSeconds(30) : ejectionTime,
        maxEjectionTime == null ? Duration.ofSeconds(300) : maxEjectionTime,
        probeRequest,
        probeInterval == null ? Duration.ofSeconds(10) : probeInterval,
        probeTimeout == null ? Duration.ofSeconds(5) : probeTimeout,
        random);
  }

  @Override
  public String toString() {
    List<String> t = new ArrayList<>();
    for (List<Endpoint> tier : tiers) {
      List<String> ids = new ArrayList<>();
      for (Endpoint e : tier) {
        ids.add(e.info().id());
      }
      t.add(String.join(", ", ids));
    }
    return "Route.failover(" + String.join(" | ", t) + ")";
  }

  private static void once(boolean unset, String what, @Nullable Object current) {
    if (!unset) {
      throw new IllegalStateException(what + " was already set" + (current == null ? "" : " to " + current));
    }
  }

  private static Duration positive(Duration value, String what) {
    requireNonNull(value, what);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }
}
