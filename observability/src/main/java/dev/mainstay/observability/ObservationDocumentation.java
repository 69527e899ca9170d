package dev.mainstay.observability;

/**
 * The names of Mainstay's own meters, span attributes and span events (the GenAI ones are in
 * {@link GenAiSemconv}). {@code docs/observability.md} documents each meter's type, unit, tags and
 * meaning. Meter names use dots; Micrometer's Prometheus naming turns them into underscores and
 * adds {@code _total} to counters and {@code _seconds} to timers.
 */
public final class ObservationDocumentation {

  // ------------------------------------------------------------------ meters

  /** Counter: logical calls by outcome and source. */
  public static final String CALLS = "mainstay.calls";
  /** Counter: endpoint attempts by endpoint, outcome and hedge. */
  public static final String ATTEMPTS = "mainstay.attempts";
  /** Timer: endpoint attempt duration by endpoint and outcome. */
  public static final String ATTEMPT_DURATION = "mainstay.attempt.duration";
  /** Counter: failovers by the endpoint failed over from and the reason. */
  public static final String FAILOVERS = "mainstay.failovers";
  /** Counter: retries on the same endpoint by reason. */
  public static final String RETRIES = "mainstay.retries";
  /** Counter: hedges launched, by endpoint. */
  public static final String HEDGES_LAUNCHED = "mainstay.hedges.launched";
  /** Counter: hedges that answered first, by endpoint. */
  public static final String HEDGES_WON = "mainstay.hedges.won";
  /** Counter: attempts cancelled because they lost a hedged race, by endpoint. */
  public static final String HEDGES_CANCELLED = "mainstay.hedges.cancelled";
  /** Counter: cache look-ups by result (hit, miss, stale) and match kind. */
  public static final String CACHE_REQUESTS = "mainstay.cache.requests";
  /** Counter: cache loads by whether the answer was stored. */
  public static final String CACHE_LOADS = "mainstay.cache.loads";
  /** Counter: cache evictions by cause. */
  public static final String CACHE_EVICTIONS = "mainstay.cache.evictions";
  /** Counter: guard findings by direction, action and finding type (incremented by count). */
  public static final String GUARD_FINDINGS = "mainstay.guard.findings";
  /** Counter: guard decisions by direction, action and scanner (one per scanner per call). */
  public static final String GUARD_DECISIONS = "mainstay.guard.decisions";
  /** Counter: calls the access policy denied, by reason. */
  public static final String ACCESS_DENIED = "mainstay.access.denied";
  /** Counter: calls a tenant or principal quota refused, by scope and reason. */
  public static final String BUDGET_EXCEEDED = "mainstay.budget.exceeded";
  /** Counter: calls the client-wide limit delayed or rejected. */
  public static final String RATE_LIMITED = "mainstay.rate.limited";
  /** Gauge: 1 for an endpoint breaker's current state, 0 for its other states. */
  public static final String BREAKER_STATE = "mainstay.breaker.state";
  /** Counter: breaker transitions by endpoint, from and to state. */
  public static final String BREAKER_TRANSITIONS = "mainstay.breaker.transitions";
  /** Counter: endpoints taken out of rotation by outlier detection. */
  public static final String ENDPOINT_EJECTIONS = "mainstay.endpoint.ejections";
  /** Counter: endpoint cooldowns after rate limiting. */
  public static final String ENDPOINT_COOLDOWNS = "mainstay.endpoint.cooldowns";
  /** Counter: drift alarms by endpoint, signal and detector. */
  public static final String DRIFT_ALARMS = "mainstay.drift.alarms";
  /** Gauge: the test statistic of the latest drift alarm per endpoint, signal and detector. */
  public static final String DRIFT_STATISTIC = "mainstay.drift.statistic";
  /** Counter: cost of successful attempts on priced endpoints, in the price's currency. */
  public static final String COST = "mainstay.cost";

  // ------------------------------------------------------------------ tag keys

  /** Tag: the client name. */
  public static final String TAG_CLIENT = "mainstay.client";
  /** Tag: an endpoint id. */
  public static final String TAG_ENDPOINT = "mainstay.endpoint";
  /** Tag: {@code success} or the error kind in lower case. */
  public static final String TAG_OUTCOME = "outcome";

  // ------------------------------------------------------------------ span attributes

  /** Span attribute: the client name. */
  public static final String ATTR_CLIENT = "mainstay.client";
  /** Span attribute: the call's request id. */
  public static final String ATTR_REQUEST_ID = "mainstay.request.id";
  /** Span attribute: the endpoint that answered (call) or was tried (attempt). */
  public static final String ATTR_ENDPOINT = "mainstay.endpoint.id";
  /** Call span attribute: attempts made. */
  public static final String ATTR_ATTEMPTS = "mainstay.attempts";
  /** Call span attribute: answered from cache. */
  public static final String ATTR_CACHED = "mainstay.cached";
  /** Call span attribute: answered with a stale cache entry. */
  public static final String ATTR_STALE = "mainstay.stale";
  /** Span attribute: the answering attempt (call) or this attempt (attempt) was a hedge. */
  public static final String ATTR_HEDGED = "mainstay.hedged";
  /** Attempt span attribute: the 1-based attempt number. */
  public static final String ATTR_ATTEMPT_NUMBER = "mainstay.attempt.number";
  /** Attempt span attribute: {@code success} or the error kind in lower case. */
  public static final String ATTR_OUTCOME = "mainstay.attempt.outcome";
  /** Attempt span attribute: why the route failed over to this attempt (an error kind). */
  public static final String ATTR_FAILOVER_REASON = "mainstay.attempt.failover_reason";
  /** Attempt span attribute: why the route retried the endpoint (an error kind). */
  public static final String ATTR_RETRY_REASON = "mainstay.attempt.retry_reason";

  // ------------------------------------------------------------------ span events

  /** Span event: the call was answered from the cache. */
  public static final String EVENT_CACHE_HIT = "mainstay.cache.hit";
  /** Span event: the cache served a stale answer because the endpoints failed. */
  public static final String EVENT_STALE_SERVED = "mainstay.cache.stale_served";
  /** Span event: a guard blocked, redacted or flagged (types and counts only). */
  public static final String EVENT_GUARD = "mainstay.guard";
  /** Span event: the access policy denied the call. */
  public static final String EVENT_ACCESS_DENIED = "mainstay.access.denied";
  /** Span event: a tenant or principal quota refused the call. */
  public static final String EVENT_BUDGET_EXCEEDED = "mainstay.budget_exceeded";
  /** Span event: the client-wide limit delayed or rejected the call. */
  public static final String EVENT_RATE_LIMITED = "mainstay.rate_limited";
  /** Span event: the route failed over. */
  public static final String EVENT_FAILOVER = "mainstay.failover";
  /** Span event: the route scheduled a retry. */
  public static final String EVENT_RETRY = "mainstay.retry";
  /** Span event: a hedge was launched. */
  public static final String EVENT_HEDGE_LAUNCHED = "mainstay.hedge.launched";
  /** Span event: a hedge won. */
  public static final String EVENT_HEDGE_WON = "mainstay.hedge.won";
  /** Span event: an endpoint's breaker changed state. */
  public static final String EVENT_BREAKER = "mainstay.breaker.state_changed";
  /** Span event: an endpoint was ejected or cooled down. */
  public static final String EVENT_ENDPOINT = "mainstay.endpoint.benched";
  /** Span event: a drift detector fired. */
  public static final String EVENT_DRIFT = "mainstay.drift.detected";

  private ObservationDocumentation() {}
}
