package dev.mainstay.observability.internal;

import static dev.mainstay.observability.ObservationDocumentation.*;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.event.AccessDeniedEvent;
import dev.mainstay.core.event.BudgetExceededEvent;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.CacheEvictedEvent;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.core.event.CacheLoadedEvent;
import dev.mainstay.core.event.CacheMissEvent;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointCooledDownEvent;
import dev.mainstay.core.event.EndpointDegradedEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.EndpointReadmittedEvent;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.core.event.HedgeCancelledEvent;
import dev.mainstay.core.event.HedgeLaunchedEvent;
import dev.mainstay.core.event.HedgeWonEvent;
import dev.mainstay.core.event.InputFlaggedEvent;
import dev.mainstay.core.event.InputRedactedEvent;
import dev.mainstay.core.event.InputRejectedEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.core.event.ModelRolledBackEvent;
import dev.mainstay.core.event.OutputRedactedEvent;
import dev.mainstay.core.event.OutputRejectedEvent;
import dev.mainstay.core.event.RateLimitedEvent;
import dev.mainstay.core.event.RetryScheduledEvent;
import dev.mainstay.core.event.StaleServedEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a client's events into meters, span events and decision logs. Events carry ids, kinds and
 * numbers only, so nothing here can leak prompt text.
 */
final class EventHandler {
  private static final System.Logger LOG = ObservabilityEngine.LOG;
  private static final List<String> BREAKER_STATES = List.of("closed", "open", "half_open");

  private final ObservabilityEngine engine;
  private final Instruments m;
  private final ConcurrentHashMap<List<String>, BreakerState> breakers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<List<String>, DriftStatistic> drift = new ConcurrentHashMap<>();

  /** The current state of one endpoint's breaker, read by the state gauges. */
  private static final class BreakerState {
    volatile String state = "closed";
    final Set<String> registered = ConcurrentHashMap.newKeySet();
  }

  /** The latest drift statistic of one signal, read by a gauge. */
  private static final class DriftStatistic {
    volatile double value = Double.NaN;
  }

  EventHandler(ObservabilityEngine engine) {
    this.engine = engine;
    this.m = engine.instruments;
  }

  void handle(ModelEvent e, @Nullable ClientObserver observer) {
    String c = e.client();
    if (e instanceof AttemptSucceededEvent a) {
      m.counter(ATTEMPTS, "Endpoint attempts by outcome.", TAG_CLIENT, c, TAG_ENDPOINT, a.endpointId(),
          TAG_OUTCOME, "success", "hedge", String.valueOf(a.hedge())).increment();
      m.timer(ATTEMPT_DURATION, "Endpoint attempt duration.", TAG_CLIENT, c, TAG_ENDPOINT,
          a.endpointId(), TAG_OUTCOME, "success").record(a.duration());
    } else if (e instanceof AttemptFailedEvent a) {
      String kind = ObservabilityEngine.kind(a.kind());
      m.counter(ATTEMPTS, "Endpoint attempts by outcome.", TAG_CLIENT, c, TAG_ENDPOINT, a.endpointId(),
          TAG_OUTCOME, kind, "hedge", String.valueOf(a.hedge())).increment();
      m.timer(ATTEMPT_DURATION, "Endpoint attempt duration.", TAG_CLIENT, c, TAG_ENDPOINT,
          a.endpointId(), TAG_OUTCOME, kind).record(a.duration());
    } else if (e instanceof FailedOverEvent f) {
      String reason = ObservabilityEngine.kind(f.reason());
      m.counter(FAILOVERS, "Failovers by the endpoint failed over from and the reason.",
          TAG_CLIENT, c, TAG_ENDPOINT, f.fromEndpointId(), "reason", reason).increment();
      CallState call = call(observer, e);
      if (call != null) {
        call.reason(f.attempt(), ATTR_FAILOVER_REASON, reason);
      }
      event(call, false, EVENT_FAILOVER, Attributes.builder()
          .put("mainstay.endpoint.from", f.fromEndpointId())
          .put("mainstay.endpoint.to", f.toEndpointId())
          .put("mainstay.reason", reason)
          .put(ATTR_ATTEMPT_NUMBER, f.attempt()));
      log(Level.INFO, "client={0} request={1} failed over from {2} to {3} after {4} (attempt {5})",
          c, f.requestId(), f.fromEndpointId(), f.toEndpointId(), reason, f.attempt());
    } else if (e instanceof RetryScheduledEvent r) {
      String reason = ObservabilityEngine.kind(r.reason());
      m.counter(RETRIES, "Retries on the same endpoint by reason.",
          TAG_CLIENT, c, TAG_ENDPOINT, r.endpointId(), "reason", reason).increment();
      CallState call = call(observer, e);
      if (call != null) {
        call.reason(r.attempt(), ATTR_RETRY_REASON, reason);
      }
      event(call, false, EVENT_RETRY, Attributes.builder()
          .put(ATTR_ENDPOINT, r.endpointId())
          .put("mainstay.reason", reason)
          .put(ATTR_ATTEMPT_NUMBER, r.attempt())
          .put("mainstay.backoff_ms", r.backoff().toMillis()));
      log(Level.DEBUG, "client={0} request={1} retries {2} after {3} in {4} ms (attempt {5})",
          c, r.requestId(), r.endpointId(), reason, r.backoff().toMillis(), r.attempt());
    } else if (e instanceof HedgeLaunchedEvent h) {
      m.counter(HEDGES_LAUNCHED, "Hedges launched by endpoint.", TAG_CLIENT, c, TAG_ENDPOINT,
          h.endpointId()).increment();
      event(call(observer, e), false, EVENT_HEDGE_LAUNCHED, Attributes.builder()
          .put(ATTR_ENDPOINT, h.endpointId())
          .put(ATTR_ATTEMPT_NUMBER, h.attempt())
          .put("mainstay.hedge.delay_ms", h.delay().toMillis()));
      log(Level.DEBUG, "client={0} request={1} hedged on {2} after {3} ms (attempt {4})",
          c, h.requestId(), h.endpointId(), h.delay().toMillis(), h.attempt());
    } else if (e instanceof HedgeWonEvent h) {
      m.counter(HEDGES_WON, "Hedges that answered first, by endpoint.", TAG_CLIENT, c, TAG_ENDPOINT,
          h.endpointId()).increment();
      event(call(observer, e), false, EVENT_HEDGE_WON, Attributes.builder()
          .put(ATTR_ENDPOINT, h.endpointId())
          .put(ATTR_ATTEMPT_NUMBER, h.attempt()));
      log(Level.DEBUG, "client={0} request={1} hedge on {2} won (attempt {3})",
          c, h.requestId(), h.endpointId(), h.attempt());
    } else if (e instanceof HedgeCancelledEvent h) {
      m.counter(HEDGES_CANCELLED, "Attempts cancelled after losing a hedged race.", TAG_CLIENT, c,
          TAG_ENDPOINT, h.endpointId()).increment();
    } else if (e instanceof CacheHitEvent h) {
      String match = h.coalesced() ? "coalesced" : h.semantic() ? "semantic" : "exact";
      cache(c, "hit", match);
      event(call(observer, e), false, EVENT_CACHE_HIT, Attributes.builder()
          .put("mainstay.cache.match", match)
          .put("mainstay.cache.similarity", h.similarity())
          .put("mainstay.cache.age_ms", h.age().toMillis()));
    } else if (e instanceof CacheMissEvent miss) {
      cache(c, "miss", miss.readSkipped() ? "skipped" : "none");
    } else if (e instanceof StaleServedEvent s) {
      String failure = ObservabilityEngine.kind(s.failure());
      cache(c, "stale", "exact");
      event(call(observer, e), false, EVENT_STALE_SERVED, Attributes.builder()
          .put("mainstay.cache.failure", failure)
          .put("mainstay.cache.age_ms", s.age().toMillis())
          .put("mainstay.cache.stale_for_ms", s.staleFor().toMillis()));
      log(Level.WARNING, "client={0} request={1} served a stale answer ({2} ms past its TTL) after {3}",
          c, s.requestId(), s.staleFor().toMillis(), failure);
    } else if (e instanceof CacheLoadedEvent l) {
      m.counter(CACHE_LOADS, "Cache loads from the model chain.", TAG_CLIENT, c,
          "stored", String.valueOf(l.stored()), "refresh", String.valueOf(l.refresh())).increment();
    } else if (e instanceof CacheEvictedEvent ev) {
      m.counter(CACHE_EVICTIONS, "Cache evictions by cause.", TAG_CLIENT, c,
          "cause", ev.cause().name().toLowerCase(Locale.ROOT)).increment();
    } else if (e instanceof InputRejectedEvent g) {
      guard(observer, e, "input", "block", g.scanners(), g.findings(), Level.INFO);
    } else if (e instanceof InputRedactedEvent g) {
      guard(observer, e, "input", "redact", g.scanners(), g.findings(), Level.DEBUG);
    } else if (e instanceof InputFlaggedEvent g) {
      guard(observer, e, "input", "flag", g.scanners(), g.findings(), Level.DEBUG);
    } else if (e instanceof OutputRejectedEvent g) {
      guard(observer, e, "output", "block", g.scanners(), g.findings(), Level.INFO);
    } else if (e instanceof OutputRedactedEvent g) {
      guard(observer, e, "output", "redact", g.scanners(), g.findings(), Level.DEBUG);
    } else if (e instanceof AccessDeniedEvent a) {
      m.counter(ACCESS_DENIED, "Calls the access policy denied, by reason.", TAG_CLIENT, c,
          "reason", a.reason()).increment();
      event(call(observer, e), false, EVENT_ACCESS_DENIED,
          Attributes.builder().put("mainstay.reason", a.reason()));
      log(Level.INFO, "client={0} request={1} access denied: {2}", c, a.requestId(), a.reason());
    } else if (e instanceof BudgetExceededEvent b) {
      m.counter(BUDGET_EXCEEDED, "Calls a tenant or principal quota refused, by scope and reason.",
          TAG_CLIENT, c, "scope", b.scope(), "reason", b.reason()).increment();
      event(call(observer, e), false, EVENT_BUDGET_EXCEEDED, Attributes.builder()
          .put("mainstay.scope", b.scope())
          .put("mainstay.reason", b.reason())
          .put("mainstay.retry_after_ms", b.retryAfter().toMillis()));
      log(Level.INFO, "client={0} request={1} {2} quota refused the call: {3}", c, b.requestId(),
          b.scope(), b.reason());
    } else if (e instanceof RateLimitedEvent r) {
      m.counter(RATE_LIMITED, "Calls the client-wide limit delayed or rejected.", TAG_CLIENT, c,
          "limit", r.limit(), "rejected", String.valueOf(r.rejected())).increment();
      event(call(observer, e), false, EVENT_RATE_LIMITED, Attributes.builder()
          .put("mainstay.limit", r.limit())
          .put("mainstay.rejected", r.rejected())
          .put("mainstay.waited_ms", r.waited().toMillis()));
      log(r.rejected() ? Level.INFO : Level.DEBUG, "client={0} request={1} {2} limit {3} after {4} ms",
          c, r.requestId(), r.limit(), r.rejected() ? "rejected by" : "delayed by", r.waited().toMillis());
    } else if (e instanceof BreakerStateChangedEvent b) {
      breaker(observer, b);
    } else if (e instanceof EndpointEjectedEvent x) {
      m.counter(ENDPOINT_EJECTIONS, "Endpoints ejected by outlier detection.", TAG_CLIENT, c,
          TAG_ENDPOINT, x.endpointId()).increment();
      event(call(observer, e), true, EVENT_ENDPOINT, Attributes.builder()
          .put(ATTR_ENDPOINT, x.endpointId())
          .put("mainstay.action", "ejected")
          .put("mainstay.duration_ms", x.ejection().toMillis()));
      log(Level.WARNING, "client={0} ejected endpoint {1} for {2} ms after {3} failures in a row",
          c, x.endpointId(), x.ejection().toMillis(), x.consecutiveFailures());
    } else if (e instanceof EndpointCooledDownEvent x) {
      m.counter(ENDPOINT_COOLDOWNS, "Endpoint cooldowns after rate limiting.", TAG_CLIENT, c,
          TAG_ENDPOINT, x.endpointId()).increment();
      event(call(observer, e), true, EVENT_ENDPOINT, Attributes.builder()
          .put(ATTR_ENDPOINT, x.endpointId())
          .put("mainstay.action", "cooled_down")
          .put("mainstay.duration_ms", x.cooldown().toMillis()));
      log(Level.INFO, "client={0} cools endpoint {1} down for {2} ms", c, x.endpointId(),
          x.cooldown().toMillis());
    } else if (e instanceof EndpointReadmittedEvent x) {
      log(Level.INFO, "client={0} re-admitted endpoint {1}", c, x.endpointId());
    } else if (e instanceof EndpointDegradedEvent x) {
      log(Level.WARNING, "client={0} marked endpoint {1} degraded ({2}) until {3}", c, x.endpointId(),
          x.reason(), x.until());
    } else if (e instanceof ModelRolledBackEvent x) {
      log(Level.WARNING, "client={0} rolled model alias {1} back from {2} to {3} ({4})", c, x.alias(),
          x.from(), x.to(), x.reason());
    } else if (e instanceof DriftDetectedEvent d) {
      drift(observer, d);
    }
  }

  private void cache(String client, String result, String match) {
    m.counter(CACHE_REQUESTS, "Cache look-ups by result.", TAG_CLIENT, client, "result", result,
        "match", match).increment();
  }

  private void guard(@Nullable ClientObserver observer, ModelEvent e, String direction, String action,
      List<String> scanners, Map<String, Integer> findings, Level level) {
    String c = e.client();
    for (String scanner : scanners) {
      m.counter(GUARD_DECISIONS, "Guard decisions by scanner and action.", TAG_CLIENT, c,
          "direction", direction, "action", action, "scanner", scanner).increment();
    }
    List<String> types = new ArrayList<>(findings.size());
    List<Long> counts = new ArrayList<>(findings.size());
    int total = 0;
    for (Map.Entry<String, Integer> f : findings.entrySet()) {
      m.counter(GUARD_FINDINGS, "Guard findings by type and action.", TAG_CLIENT, c,
          "direction", direction, "action", action, "type", f.getKey()).increment(f.getValue());
      types.add(f.getKey());
      counts.add((long) f.getValue());
      total += f.getValue();
    }
    event(call(observer, e), false, EVENT_GUARD, Attributes.builder()
        .put("mainstay.guard.direction", direction)
        .put("mainstay.guard.action", action)
        .put(AttributeKey.stringArrayKey("mainstay.guard.scanners"), scanners)
        .put(AttributeKey.stringArrayKey("mainstay.guard.finding_types"), types)
        .put(AttributeKey.longArrayKey("mainstay.guard.finding_counts"), counts)
        .put("mainstay.guard.findings", (long) total));
    log(level, "client={0} request={1} {2} guard {3}: {4} finding(s) {5} by {6}", c, e.requestId(),
        direction, action, total, findings, scanners);
  }

  private void breaker(@Nullable ClientObserver observer, BreakerStateChangedEvent b) {
    String c = b.client();
    String from = b.fromState().toLowerCase(Locale.ROOT);
    String to = b.toState().toLowerCase(Locale.ROOT);
    BreakerState holder = breakers.computeIfAbsent(List.of(c, b.endpointId()), k -> new BreakerState());
    holder.state = to;
    List<String> states = new ArrayList<>(BREAKER_STATES);
    states.add(from);
    states.add(to);
    for (String s : states) {
      if (holder.registered.add(s)) {
        m.gauge(BREAKER_STATE, "1 for the breaker's current state, 0 for its other states.", holder,
            h -> h.state.equals(s) ? 1 : 0, TAG_CLIENT, c, TAG_ENDPOINT, b.endpointId(), "state", s);
      }
    }
    m.counter(BREAKER_TRANSITIONS, "Breaker transitions by endpoint, from and to state.", TAG_CLIENT,
        c, TAG_ENDPOINT, b.endpointId(), "from", from, "to", to).increment();
    event(call(observer, b), true, EVENT_BREAKER, Attributes.builder()
        .put(ATTR_ENDPOINT, b.endpointId())
        .put("mainstay.breaker.from", from)
        .put("mainstay.breaker.to", to));
    log("open".equals(to) || "forced_open".equals(to) ? Level.WARNING : Level.INFO,
        "client={0} breaker of endpoint {1}: {2} -> {3}", c, b.endpointId(), from, to);
  }

  private void drift(@Nullable ClientObserver observer, DriftDetectedEvent d) {
    String c = d.client();
    m.counter(DRIFT_ALARMS, "Drift alarms by endpoint, signal and detector.", TAG_CLIENT, c,
        TAG_ENDPOINT, d.endpointId(), "signal", d.signal(), "detector", d.detector()).increment();
    DriftStatistic stat = drift.computeIfAbsent(
        List.of(c, d.endpointId(), d.signal(), d.detector()), k -> new DriftStatistic());
    stat.value = d.statistic();
    m.gauge(DRIFT_STATISTIC, "Test statistic of the latest drift alarm.", stat, s -> s.value,
        TAG_CLIENT, c, TAG_ENDPOINT, d.endpointId(), "signal", d.signal(), "detector", d.detector());
    event(call(observer, d), true, EVENT_DRIFT, Attributes.builder()
        .put(ATTR_ENDPOINT, d.endpointId())
        .put("mainstay.drift.signal", d.signal())
        .put("mainstay.drift.detector", d.detector())
        .put("mainstay.drift.statistic", d.statistic())
        .put("mainstay.drift.threshold", d.threshold())
        .put("mainstay.drift.p_value", d.pValue())
        .put("mainstay.drift.observations", d.observations()));
    log(Level.WARNING, "client={0} drift on endpoint {1} signal {2} ({3}): statistic {4} vs {5}, p={6}, n={7}",
        c, d.endpointId().isEmpty() ? "*" : d.endpointId(), d.signal(), d.detector(), d.statistic(),
        d.threshold(), d.pValue(), d.observations());
  }

  private static @Nullable CallState call(@Nullable ClientObserver observer, ModelEvent e) {
    return observer == null ? null : observer.call(e.requestId());
  }

  /**
   * Adds a span event. Events about an endpoint (breaker, drift, ejection) go preferably to the
   * span current on the publishing thread, which is the attempt's span when an attempt caused
   * them; the others go to their call's span.
   */
  private void event(@Nullable CallState call, boolean preferCurrent, String name, AttributesBuilder attributes) {
    if (!engine.tracing) {
      return;
    }
    Span target = null;
    if (preferCurrent) {
      Span current = Span.current();
      if (current.isRecording()) {
        target = current;
      }
    }
    if (target == null && call != null && call.span.isRecording()) {
      target = call.span;
    }
    if (target == null && !preferCurrent) {
      Span current = Span.current();
      if (current.isRecording()) {
        target = current;
      }
    }
    if (target != null) {
      target.addEvent(name, attributes.build());
    }
  }

  private void log(Level level, String format, Object... args) {
    if (engine.decisionLogs && LOG.isLoggable(level)) {
      LOG.log(level, format, args);
    }
  }

  static long millis(Duration d) {
    return d.toMillis();
  }
}
