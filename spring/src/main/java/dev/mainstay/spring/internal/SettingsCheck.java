package dev.mainstay.spring.internal;

import dev.mainstay.cache.ResponseCacheBuilder;
import dev.mainstay.core.Nullable;
import dev.mainstay.spring.MainstayConfigurationException;
import dev.mainstay.spring.MainstayProperties;
import dev.mainstay.spring.MainstayProperties.Client;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every value of a client's settings against its range, under the value's own key, before
 * anything is built. Values are checked whether or not the feature they belong to is on (a
 * negative hedge delay is wrong even while hedging is off). The builders check again; this pass
 * makes the reported key exact ({@code ...route.breaker.sliding-window-size}, not {@code
 * ...route.breaker}) and keeps absurd durations (over {@link #MAX_DURATION}) from overflowing
 * nanosecond arithmetic inside the library.
 */
final class SettingsCheck {
  /** The longest duration any setting accepts. */
  static final Duration MAX_DURATION = Duration.ofDays(3650);

  private SettingsCheck() {}

  /**
   * Checks one client's settings.
   *
   * @param name the client name
   * @param c its settings
   */
  static void check(String name, Client c) {
    String p = "mainstay.clients." + name + ".";
    settings(p, c);
    List<MainstayProperties.EndpointSpec> endpoints = c.getEndpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      MainstayProperties.EndpointSpec e = endpoints.get(i);
      if (e == null) {
        continue; // reported as "is empty" when the endpoints are opened
      }
      String k = p + "endpoints[" + i + "].";
      String id = e.getId();
      if (id != null && id.isBlank()) {
        fail(k + "id", "must not be blank");
      }
      atLeast(k + "tier", e.getTier(), 0);
      atLeast(k + "weight", e.getWeight(), 1);
      atLeast(k + "max-context-tokens", e.getMaxContextTokens(), 1);
      positive(k + "timeout", e.getTimeout());
      MainstayProperties.Price price = e.getPrice();
      if (price != null) {
        price(k + "price.input", price.getInput());
        price(k + "price.output", price.getOutput());
      }
    }
  }

  /**
   * Checks {@code mainstay.defaults}.
   *
   * @param d the defaults
   */
  static void defaults(MainstayProperties.ClientSettings d) {
    settings("mainstay.defaults.", d);
  }

  private static void settings(String p, MainstayProperties.ClientSettings c) {
    positive(p + "timeout", c.getTimeout());
    atLeast(p + "max-concurrent-attempts", c.getMaxConcurrentAttempts(), 1);
    route(p + "route.", c.getRoute());
    limit(p + "limit.", c.getLimit());
    cache(p + "cache.", c.getCache());
    guards(p + "guards.", c.getGuards());
    drift(p + "drift.", c.getDrift());
    access(p + "access.", c.getAccess());
  }

  private static void route(String p, MainstayProperties.RouteSpec r) {
    String region = r.getLocalRegion();
    if (region != null && region.isBlank()) {
      fail(p + "local-region", "must not be blank");
    }
    Integer retries = r.getRetries();
    if (retries != null && (retries < 0 || retries > 100)) {
      fail(p + "retries", "must be in [0, 100], was " + retries);
    }
    MainstayProperties.BackoffSpec b = r.getBackoff();
    nonNegative(p + "backoff.initial", b.getInitial());
    nonNegative(p + "backoff.max", b.getMax());
    Duration initial = b.getInitial();
    Duration max = b.getMax();
    if (initial != null && max != null && max.compareTo(initial) < 0) {
      fail(p + "backoff.max", "must not be below backoff.initial (" + initial + "), was " + max);
    }
    positive(p + "attempt-timeout", r.getAttemptTimeout());
    positive(p + "default-cooldown", r.getDefaultCooldown());

    MainstayProperties.HedgingSpec h = r.getHedging();
    String hp = p + "hedging.";
    positive(hp + "delay", h.getDelay());
    double q = h.getPercentile();
    if (!(q > 0 && q < 1)) {
      fail(hp + "percentile", "must be in (0, 1), was " + q);
    }
    Integer maxHedges = h.getMaxHedges();
    if (maxHedges != null && (maxHedges < 1 || maxHedges > 10)) {
      fail(hp + "max-hedges", "must be in [1, 10], was " + maxHedges);
    }
    MainstayProperties.Budget budget = h.getBudget();
    if (budget != null) {
      double ratio = budget.getRatio();
      if (!(ratio > 0 && ratio <= 1)) {
        fail(hp + "budget.ratio", "must be in (0, 1], was " + ratio);
      }
      atLeast(hp + "budget.min-per-window", budget.getMinPerWindow(), 0);
      positive(hp + "budget.window", budget.getWindow());
    }

    MainstayProperties.BreakerSpec br = r.getBreaker();
    String bp = p + "breaker.";
    float threshold = br.getFailureRateThreshold();
    if (!(threshold > 0 && threshold <= 100)) {
      fail(bp + "failure-rate-threshold", "must be in (0, 100], was " + threshold);
    }
    atLeast(bp + "sliding-window-size", br.getSlidingWindowSize(), 1);
    atLeast(bp + "minimum-number-of-calls", br.getMinimumNumberOfCalls(), 1);
    Duration wait = br.getWaitInOpenState();
    positive(bp + "wait-in-open-state", wait);
    if (wait != null && wait.compareTo(Duration.ofMillis(1)) < 0) {
      fail(bp + "wait-in-open-state", "must be at least 1ms, was " + wait);
    }
    atLeast(bp + "permitted-calls-in-half-open-state", br.getPermittedCallsInHalfOpenState(), 1);
    atLeast(p + "bulkhead.max-concurrent-calls", r.getBulkhead().getMaxConcurrentCalls(), 1);
    atLeast(p + "rate-limiter.limit-for-period", r.getRateLimiter().getLimitForPeriod(), 1);
    positive(p + "rate-limiter.refresh-period", r.getRateLimiter().getRefreshPeriod());
    MainstayProperties.EjectionSpec ej = r.getOutlierEjection();
    atLeast(p + "outlier-ejection.consecutive-failures", ej.getConsecutiveFailures(), 1);
    positive(p + "outlier-ejection.ejection", ej.getEjection());
    Duration maxEjection = ej.getMaxEjection();
    positive(p + "outlier-ejection.max-ejection", maxEjection);
    if (maxEjection != null && maxEjection.compareTo(ej.getEjection()) < 0) {
      fail(p + "outlier-ejection.max-ejection", "must be at least outlier-ejection.ejection");
    }
  }

  private static void limit(String p, MainstayProperties.LimitSpec l) {
    atLeast(p + "rate", l.getRate(), 1);
    positive(p + "period", l.getPeriod());
    atLeast(p + "burst", l.getBurst(), 1);
    atLeast(p + "max-concurrent", l.getMaxConcurrent(), 1);
    nonNegative(p + "max-wait", l.getMaxWait());
  }

  private static void cache(String p, MainstayProperties.CacheSpec c) {
    if (c.getMaxBytes() != null && c.getMaxBytes().toBytes() <= 0) {
      fail(p + "max-bytes", "must be positive, was " + c.getMaxBytes());
    }
    positive(p + "ttl", c.getTtl());
    positive(p + "refresh-after-write", c.getRefreshAfterWrite());
    positive(p + "stale-if-error", c.getStaleIfError());
    Duration ttl = c.getTtl() == null ? ResponseCacheBuilder.DEFAULT_TIME_TO_LIVE : c.getTtl();
    Duration refresh = c.getRefreshAfterWrite();
    if (refresh != null && refresh.compareTo(ttl) >= 0) {
      fail(p + "refresh-after-write", "must be shorter than the ttl (" + ttl + "), was " + refresh);
    }
    Double threshold = c.getSimilarityThreshold();
    if (threshold != null && !(threshold > 0 && threshold <= 1)) {
      fail(p + "similarity-threshold", "must be in (0, 1], was " + threshold);
    }
    List<String> keys = c.getKeyAttributes();
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) == null || keys.get(i).isBlank()) {
        fail(p + "key-attributes[" + i + "]", "must not be blank");
      }
    }
  }

  private static void guards(String p, MainstayProperties.GuardsSpec g) {
    Double threshold = g.getInput().getInjectionThreshold();
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      fail(p + "input.injection-threshold", "must be in [0, 1], was " + threshold);
    }
    scannerNames(p + "input.scanners", g.getInput().getScanners(), ClientFactory.INPUT_STANDARD.keySet());
    scannerNames(p + "output.scanners", g.getOutput().getScanners(), ClientFactory.OUTPUT_STANDARD.keySet());
  }

  private static void scannerNames(String key, Map<String, ?> overrides, Set<String> known) {
    for (String name : overrides.keySet()) {
      if (!known.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        fail(key + "." + name, "unknown scanner; known: " + known);
      }
    }
  }

  private static void drift(String p, MainstayProperties.DriftSpec d) {
    List<String> signals = d.getSignals();
    for (int i = 0; i < signals.size(); i++) {
      String s = signals.get(i);
      if (s == null || ClientFactory.signal(s) == null) {
        fail(p + "signals[" + i + "]", "unknown signal '" + s + "'; known: " + ClientFactory.SIGNALS);
      }
    }
    List<String> features = d.getFeatures();
    for (int i = 0; i < features.size(); i++) {
      if (features.get(i) == null || features.get(i).isBlank()) {
        fail(p + "features[" + i + "]", "must not be blank");
      }
    }
    nonNegative(p + "alarm-cool-down", d.getAlarmCoolDown());
    positive(p + "degrade.degrade-for", d.getDegrade().getDegradeFor());
    nonNegative(p + "degrade.cool-down", d.getDegrade().getCoolDown());
  }

  private static void access(String p, MainstayProperties.AccessSpec a) {
    for (Map.Entry<String, List<MainstayProperties.PermissionSpec>> role : a.getRoles().entrySet()) {
      List<MainstayProperties.PermissionSpec> perms = role.getValue();
      for (int i = 0; i < perms.size(); i++) {
        MainstayProperties.PermissionSpec ps = perms.get(i);
        if (ps != null) {
          atLeast(p + "roles." + role.getKey() + "[" + i + "].max-tokens", ps.getMaxTokens(), 1);
        }
      }
    }
  }

  // ---------------------------------------------------------------- primitives

  private static void atLeast(String key, @Nullable Integer value, int min) {
    if (value != null && value < min) {
      fail(key, (min == 1 ? "must be positive" : "must be >= " + min) + ", was " + value);
    }
  }

  private static void price(String key, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      fail(key, "must be a finite number >= 0, was " + value);
    }
  }

  private static void positive(String key, @Nullable Duration d) {
    if (d == null) {
      return;
    }
    if (d.isZero() || d.isNegative()) {
      fail(key, "must be positive, was " + d);
    }
    notTooLong(key, d);
  }

  private static void nonNegative(String key, @Nullable Duration d) {
    if (d == null) {
      return;
    }
    if (d.isNegative()) {
      fail(key, "must not be negative, was " + d);
    }
    notTooLong(key, d);
  }

  private static void notTooLong(String key, Duration d) {
    if (d.compareTo(MAX_DURATION) > 0) {
      fail(key, "must be at most " + MAX_DURATION.toDays() + " days, was " + d);
    }
  }

  private static void fail(String key, String reason) {
    throw new MainstayConfigurationException(key, reason, null);
  }
}
