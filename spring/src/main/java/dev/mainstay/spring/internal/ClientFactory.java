package dev.mainstay.spring.internal;

import dev.mainstay.cache.CacheScope;
import dev.mainstay.cache.Embedder;
import dev.mainstay.cache.ResponseCache;
import dev.mainstay.cache.ResponseCacheBuilder;
import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.ClientBuilder;
import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Endpoints;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.drift.DriftMonitor;
import dev.mainstay.drift.EndpointDegradation;
import dev.mainstay.drift.Signal;
import dev.mainstay.failover.Backoff;
import dev.mainstay.failover.Balancing;
import dev.mainstay.failover.ClientLimiter;
import dev.mainstay.failover.FailoverRouter;
import dev.mainstay.failover.ResponseValidators;
import dev.mainstay.failover.Route;
import dev.mainstay.observability.Observability;
import dev.mainstay.security.AccessPolicy;
import dev.mainstay.security.Quota;
import dev.mainstay.security.Action;
import dev.mainstay.security.Forward;
import dev.mainstay.security.InputGuard;
import dev.mainstay.security.OutputGuard;
import dev.mainstay.security.Permission;
import dev.mainstay.security.ResponseValidator;
import dev.mainstay.security.Scanner;
import dev.mainstay.security.Scanners;
import dev.mainstay.spring.MainstayClientCustomizer;
import dev.mainstay.spring.MainstayConfigurationException;
import dev.mainstay.spring.MainstayProperties;
import dev.mainstay.spring.MainstayProperties.Client;
import dev.mainstay.spring.MainstayProperties.EndpointSpec;
import dev.mainstay.spring.MainstayProperties.GuardMode;
import dev.mainstay.spring.MainstayProperties.ScannerAction;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns one {@code mainstay.clients.<name>} entry into a built client, through the same public
 * builders a programmatic user calls. Every builder call runs under the property key it comes
 * from, so a rejected value fails with a {@link MainstayConfigurationException} naming the key.
 */
public final class ClientFactory {
  /** Request attribute: the annotated method's signature (joins cache keys). */
  public static final String METHOD_ATTRIBUTE = "mainstay.spring.method";

  /** Request attribute: a digest of the annotated method's other arguments (joins cache keys). */
  public static final String ARGS_ATTRIBUTE = "mainstay.spring.args";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  static final Map<String, ScannerAction> INPUT_STANDARD = ordered(
      "size", ScannerAction.BLOCK,
      "unicode", ScannerAction.REDACT,
      "confusables", ScannerAction.FLAG,
      "encoded", ScannerAction.FLAG,
      "injection", ScannerAction.BLOCK,
      "secrets", ScannerAction.REDACT,
      "pii", ScannerAction.REDACT);

  static final Map<String, ScannerAction> OUTPUT_STANDARD = ordered(
      "canary", ScannerAction.BLOCK,
      "secrets", ScannerAction.REDACT,
      "pii", ScannerAction.REDACT,
      "links", ScannerAction.REDACT,
      "refusal", ScannerAction.FLAG);

  /** The signal names {@code drift.signals} accepts, for messages. */
  static final String SIGNALS = "latency, error, timeout, refusal, output-tokens, output-chars, "
      + "prompt-tokens, prompt-chars, finish-reason, predicted-class, score, embedding";

  /**
   * What the application context offers the clients.
   *
   * @param timeSource a time source bean, or null for the system's
   * @param openTelemetry an OpenTelemetry bean, or null
   * @param meterRegistry a meter registry bean, or null
   * @param listeners listeners registered on every client
   * @param customizers customizers applied last, in order
   * @param propagators context propagators registered on every client, in order
   */
  public record Environment(
      @Nullable TimeSource timeSource,
      @Nullable OpenTelemetry openTelemetry,
      @Nullable MeterRegistry meterRegistry,
      List<EventListener> listeners,
      List<MainstayClientCustomizer> customizers,
      List<ContextPropagator> propagators) {}

  private final Environment env;

  /**
   * Creates a factory.
   *
   * @param env what the context offers
   */
  public ClientFactory(Environment env) {
    this.env = env;
  }

  /**
   * Checks the settings every client shares before anything is opened.
   *
   * @param properties all settings
   */
  public static void checkNames(MainstayProperties properties) {
    for (String name : properties.getClients().keySet()) {
      if (!NAME.matcher(name).matches()) {
        throw new MainstayConfigurationException("mainstay.clients." + name,
            "a client name must be 1-64 letters, digits, '.', '_' or '-'", null);
      }
    }
    if (properties.getRecentAlarms() < 0) {
      throw new MainstayConfigurationException("mainstay.recent-alarms", "must be >= 0", null);
    }
  }

  /**
   * Opens a client's configured endpoints.
   *
   * @param name the client name
   * @param spec its settings
   * @return the endpoints, owned by the caller
   */
  public List<Endpoint> openEndpoints(String name, Client spec) {
    String base = "mainstay.clients." + name + ".endpoints";
    List<Endpoint> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    try {
      for (int i = 0; i < spec.getEndpoints().size(); i++) {
        String key = base + "[" + i + "]";
        EndpointSpec e = spec.getEndpoints().get(i);
        if (e == null) {
          throw new MainstayConfigurationException(key, "is empty", null);
        }
        String uri = e.getUri();
        if (uri == null || uri.isBlank()) {
          throw new MainstayConfigurationException(key + ".uri", "is required", null);
        }
        Endpoint opened = open(key + ".uri", uri.trim());
        out.add(opened);
        Endpoint configured = configure(key, opened, e);
        out.set(out.size() - 1, configured);
        if (!ids.add(configured.info().id())) {
          throw new MainstayConfigurationException(key + ".id",
              "endpoint id '" + configured.info().id() + "' is used twice in client '" + name
                  + "'; set a distinct id", null);
        }
      }
      return out;
    } catch (RuntimeException ex) {
      closeQuietly(out);
      throw ex;
    }
  }

  private static Endpoint configure(String key, Endpoint opened, EndpointSpec e) {
    boolean overrides = e.getId() != null || e.getRegion() != null || e.getZone() != null
        || e.getTier() != null || e.getWeight() != null || e.getPrice() != null
        || e.getMaxContextTokens() != null || e.getTimeout() != null;
    if (!overrides) {
      return opened;
    }
    EndpointInfo base = opened.info();
    String id = e.getId();
    EndpointInfo.Builder b;
    if (id == null) {
      b = base.toBuilder();
    } else {
      b = EndpointInfo.builder(id).provider(base.provider()).model(base.model())
          .region(base.region()).zone(base.zone()).tier(base.tier()).weight(base.weight())
          .pricePerMillion(base.inputPricePerMillion(), base.outputPricePerMillion())
          .maxContextTokens(base.maxContextTokens());
      List<Operation> ops = new ArrayList<>(base.operations());
      b.operations(ops.get(0), ops.subList(1, ops.size()).toArray(new Operation[0]));
    }
    String region = e.getRegion();
    if (region != null) {
      b.region(region);
    }
    String zone = e.getZone();
    if (zone != null) {
      b.zone(zone);
    }
    Integer tier = e.getTier();
    if (tier != null) {
      b.tier(tier);
    }
    Integer weight = e.getWeight();
    if (weight != null) {
      b.weight(weight);
    }
    MainstayProperties.Price price = e.getPrice();
    if (price != null) {
      b.pricePerMillion(price.getInput(), price.getOutput());
    }
    Integer maxContext = e.getMaxContextTokens();
    if (maxContext != null) {
      b.maxContextTokens(maxContext);
    }
    Duration timeout = e.getTimeout(); // positive: checked by SettingsCheck
    EndpointInfo info = at(key, b::build);
    return new ConfiguredEndpoint(opened, info, timeout);
  }

  /**
   * Builds a client.
   *
   * @param name the client name
   * @param spec its settings
   * @param endpoints the route's endpoints (owned by the client from now on)
   * @param lookup finds other clients by name (for a semantic cache's embedding client)
   * @return the client
   */
  public ModelClient build(String name, Client spec, List<Endpoint> endpoints,
      Function<String, ModelClient> lookup) {
    String p = "mainstay.clients." + name + ".";
    try {
      ClientBuilder builder = at("mainstay.clients." + name, () -> Mainstay.client(name));
      builder.route(route(p, spec.getRoute(), endpoints));
      Duration timeout = spec.getTimeout();
      if (timeout != null) {
        at(p + "timeout", () -> builder.timeout(timeout));
      }
      MainstayProperties.Isolation isolation = spec.getAttemptIsolation();
      if (isolation != null) {
        builder.attemptIsolation(AttemptIsolation.valueOf(isolation.name()));
      }
      Integer maxAttempts = spec.getMaxConcurrentAttempts();
      if (maxAttempts != null) {
        at(p + "max-concurrent-attempts", () -> builder.maxConcurrentAttempts(maxAttempts));
      }
      TimeSource time = env.timeSource();
      if (time != null) {
        builder.timeSource(time);
      }
      limit(p + "limit.", spec.getLimit(), builder);
      cache(p + "cache.", spec.getCache(), builder, lookup);
      guards(p + "guards.", spec.getGuards(), builder);
      access(p + "access.", spec.getAccess(), builder);
      drift(p + "drift.", spec.getDrift(), builder);
      observability(spec.getObservability(), builder);
      if (spec.isRejectEmptyAnswers()) {
        builder.with(ResponseValidators.nonEmpty());
      }
      for (EventListener l : env.listeners()) {
        builder.listener(l);
      }
      for (ContextPropagator cp : env.propagators()) {
        builder.contextPropagator(cp);
      }
      for (MainstayClientCustomizer c : env.customizers()) {
        c.customize(name, builder);
      }
      return at("mainstay.clients." + name, builder::build);
    } catch (RuntimeException ex) {
      closeQuietly(endpoints);
      throw ex;
    }
  }

  // ---------------------------------------------------------------- stages

  private static FailoverRouter route(String client, MainstayProperties.RouteSpec r, List<Endpoint> endpoints) {
    String p = client + "route.";
    FailoverRouter route = Route.failover();
    if (!endpoints.isEmpty()) {
      at(client + "endpoints", () -> route.endpoints(endpoints));
    }
    MainstayProperties.Strategy strategy = r.getStrategy();
    if (strategy != null) {
      route.balancing(Balancing.valueOf(strategy.name()));
    }
    String region = r.getLocalRegion();
    if (region != null) {
      at(p + "local-region", () -> route.localRegion(region));
    }
    Integer retries = r.getRetries();
    if (retries != null) {
      at(p + "retries", () -> route.retries(retries));
    }
    MainstayProperties.BackoffSpec b = r.getBackoff();
    if (b.getInitial() != null || b.getMax() != null || b.getJitter() != null) {
      Duration initial = b.getInitial() == null ? FailoverRouter.DEFAULT_BACKOFF.initial() : b.getInitial();
      Duration max = b.getMax() == null ? FailoverRouter.DEFAULT_BACKOFF.max() : b.getMax();
      MainstayProperties.Jitter j = b.getJitter();
      Backoff.Jitter jitter = j == null ? FailoverRouter.DEFAULT_BACKOFF.jitter() : Backoff.Jitter.valueOf(j.name());
      Backoff backoff = at(p + "backoff", () -> new Backoff(initial, max, jitter));
      route.backoff(backoff);
    }
    Duration attemptTimeout = r.getAttemptTimeout();
    if (attemptTimeout != null) {
      at(p + "attempt-timeout", () -> route.attemptTimeout(attemptTimeout));
    }
    Duration cooldown = r.getDefaultCooldown();
    if (cooldown != null) {
      at(p + "default-cooldown", () -> route.defaultCooldown(cooldown));
    }
    Boolean contentFiltered = r.getFailoverOnContentFiltered();
    if (contentFiltered != null) {
      route.failoverOnContentFiltered(contentFiltered);
    }
    hedging(p + "hedging.", r.getHedging(), route);
    MainstayProperties.BreakerSpec br = r.getBreaker();
    if (!br.isEnabled()) {
      route.circuitBreaker(null);
    } else {
      CircuitBreakerConfig config = at(p + "breaker", () -> CircuitBreakerConfig.custom()
          .failureRateThreshold(br.getFailureRateThreshold())
          .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(br.getSlidingWindowSize())
          .minimumNumberOfCalls(br.getMinimumNumberOfCalls())
          .waitDurationInOpenState(br.getWaitInOpenState())
          .permittedNumberOfCallsInHalfOpenState(br.getPermittedCallsInHalfOpenState())
          .build());
      route.circuitBreaker(config);
    }
    Integer bulk = r.getBulkhead().getMaxConcurrentCalls();
    if (bulk != null) {
      route.bulkhead(at(p + "bulkhead.max-concurrent-calls",
          () -> BulkheadConfig.custom().maxConcurrentCalls(bulk).maxWaitDuration(Duration.ZERO).build()));
    }
    Integer limit = r.getRateLimiter().getLimitForPeriod();
    if (limit != null) {
      Duration refresh = r.getRateLimiter().getRefreshPeriod();
      route.rateLimiter(at(p + "rate-limiter", () -> RateLimiterConfig.custom()
          .limitForPeriod(limit).limitRefreshPeriod(refresh).timeoutDuration(Duration.ZERO).build()));
    }
    MainstayProperties.EjectionSpec ej = r.getOutlierEjection();
    if (!ej.isEnabled()) {
      route.noOutlierEjection();
    } else if (ej.getMaxEjection() != null) {
      Duration max = ej.getMaxEjection();
      at(p + "outlier-ejection.max-ejection",
          () -> route.outlierEjection(ej.getConsecutiveFailures(), ej.getEjection(), max));
    } else {
      at(p + "outlier-ejection", () -> route.outlierEjection(ej.getConsecutiveFailures(), ej.getEjection()));
    }
    return route;
  }

  private static void hedging(String p, MainstayProperties.HedgingSpec h, FailoverRouter route) {
    switch (h.getMode()) {
      case NONE:
        return;
      case FIXED: {
        Duration delay = h.getDelay();
        if (delay == null) {
          throw new MainstayConfigurationException(p + "delay", "is required when mode is fixed", null);
        }
        at(p + "delay", () -> route.hedgeAfter(delay));
        break;
      }
      case ADAPTIVE: {
        Duration delay = h.getDelay() == null ? Duration.ofMillis(800) : h.getDelay();
        double q = h.getPercentile(); // range checked by SettingsCheck
        at(p + "delay", () -> route.hedgeAdaptive(q, delay));
        break;
      }
    }
    Integer maxHedges = h.getMaxHedges();
    if (maxHedges != null) {
      at(p + "max-hedges", () -> route.maxHedges(maxHedges));
    }
    MainstayProperties.Budget budget = h.getBudget();
    if (budget != null) {
      at(p + "budget", () -> route.hedgeBudget(budget.getRatio(), budget.getMinPerWindow(), budget.getWindow()));
    }
  }

  private static void limit(String p, MainstayProperties.LimitSpec l, ClientBuilder builder) {
    Integer rate = l.getRate();
    Integer concurrent = l.getMaxConcurrent();
    if (rate == null && concurrent == null) {
      if (l.getBurst() != null) {
        throw new MainstayConfigurationException(p + "burst", "needs a rate", null);
      }
      return;
    }
    ClientLimiter.Builder b = ClientLimiter.builder();
    if (rate != null) {
      at(p + "rate", () -> b.rate(rate, l.getPeriod()));
    }
    Integer burst = l.getBurst();
    if (burst != null) {
      at(p + "burst", () -> b.burst(burst));
    }
    if (concurrent != null) {
      at(p + "max-concurrent", () -> b.maxConcurrent(concurrent));
    }
    Duration maxWait = l.getMaxWait();
    if (l.getMode() == MainstayProperties.LimitMode.WAIT) {
      if (maxWait != null) {
        at(p + "max-wait", () -> b.maxWait(maxWait));
      } else {
        b.waitWithinDeadline();
      }
    } else if (maxWait != null) {
      throw new MainstayConfigurationException(p + "max-wait", "applies only with mode: wait", null);
    }
    builder.with(at(p.substring(0, p.length() - 1), b::build));
  }

  private void cache(String p, MainstayProperties.CacheSpec c, ClientBuilder builder,
      Function<String, ModelClient> lookup) {
    if (c.getMode() == MainstayProperties.CacheMode.OFF) {
      return;
    }
    ResponseCacheBuilder b = ResponseCache.inMemory();
    if (c.getMaxBytes() != null) {
      long bytes = c.getMaxBytes().toBytes();
      at(p + "max-bytes", () -> b.maximumBytes(bytes));
    }
    Duration ttl = c.getTtl();
    if (ttl != null) {
      at(p + "ttl", () -> b.timeToLive(ttl));
    }
    Duration refresh = c.getRefreshAfterWrite();
    if (refresh != null) {
      at(p + "refresh-after-write", () -> b.refreshAfterWrite(refresh));
    }
    Duration stale = c.getStaleIfError();
    if (stale != null) {
      at(p + "stale-if-error", () -> b.staleIfError(stale));
    }
    MainstayProperties.Scope scope = c.getScope();
    if (scope != null) {
      b.scope(CacheScope.valueOf(scope.name()));
    }
    List<String> keys = new ArrayList<>(c.getKeyAttributes());
    keys.add(METHOD_ATTRIBUTE);
    keys.add(ARGS_ATTRIBUTE);
    at(p + "key-attributes", () -> b.keyAttributes(keys.toArray(new String[0])));
    if (c.getMode() == MainstayProperties.CacheMode.SEMANTIC) {
      double threshold = c.getSimilarityThreshold() == null
          ? ResponseCacheBuilder.DEFAULT_SIMILARITY_THRESHOLD : c.getSimilarityThreshold();
      String embeddingClient = c.getEmbeddingClient();
      Embedder embedder;
      if (embeddingClient == null) {
        embedder = Embedder.hashing();
      } else {
        ModelClient client = at(p + "embedding-client", () -> lookup.apply(embeddingClient));
        String model = c.getEmbeddingModel() == null ? "default" : c.getEmbeddingModel();
        embedder = Embedder.of(client, model);
      }
      at(p + "similarity-threshold", () -> b.semantic(embedder, threshold));
    } else if (c.getSimilarityThreshold() != null || c.getEmbeddingClient() != null) {
      throw new MainstayConfigurationException(p + "mode", "similarity settings need mode: semantic", null);
    }
    TimeSource time = env.timeSource();
    if (time != null) {
      b.timeSource(time);
    }
    builder.with(at(p.substring(0, p.length() - 1), b::build));
  }

  private static void guards(String p, MainstayProperties.GuardsSpec g, ClientBuilder builder) {
    MainstayProperties.InputGuardSpec in = g.getInput();
    if (in.getMode() != GuardMode.OFF) {
      String ip = p + "input.";
      Map<String, ScannerAction> actions = actions(INPUT_STANDARD, in.getScanners(), in.getMode());
      InputGuard.Builder b = InputGuard.builder();
      double threshold = in.getInjectionThreshold() == null ? 0.3 : in.getInjectionThreshold();
      for (Map.Entry<String, ScannerAction> e : actions.entrySet()) {
        Scanner s = inputScanner(e.getKey());
        b.scanner(s, Action.valueOf(e.getValue().name()), e.getKey().equals("injection") ? threshold : 0.0);
      }
      if (!in.getBanList().isEmpty() && in.getBanListAction() != ScannerAction.OFF) {
        ScannerAction a = in.getMode() == GuardMode.MONITOR ? ScannerAction.FLAG : in.getBanListAction();
        at(ip + "ban-list", () -> b.scanner(Scanners.banList("ban-list", in.getBanList()), Action.valueOf(a.name())));
      }
      if (in.isVault()) {
        b.vault(true);
      }
      if (in.isForwardNormalized()) {
        b.forward(Forward.NORMALIZED);
      }
      if (actions.isEmpty() && (in.getBanList().isEmpty() || in.getBanListAction() == ScannerAction.OFF)) {
        throw new MainstayConfigurationException(ip + "scanners", "every scanner is off; set mode: off instead", null);
      }
      builder.with(at(ip + "mode", b::build));
    }
    MainstayProperties.OutputGuardSpec out = g.getOutput();
    if (out.getMode() != GuardMode.OFF) {
      String op = p + "output.";
      Map<String, ScannerAction> actions = actions(OUTPUT_STANDARD, out.getScanners(), out.getMode());
      if (!out.isCanary()) {
        actions.remove("canary");
      }
      OutputGuard.Builder b = OutputGuard.builder().canary(actions.containsKey("canary"));
      for (Map.Entry<String, ScannerAction> e : actions.entrySet()) {
        Scanner s = e.getKey().equals("links")
            ? Scanners.links(Set.copyOf(out.getAllowedLinkHosts()))
            : outputScanner(e.getKey());
        b.scanner(s, Action.valueOf(e.getValue().name()));
      }
      if (actions.isEmpty()) {
        throw new MainstayConfigurationException(op + "scanners", "every scanner is off; set mode: off instead", null);
      }
      builder.with(at(op + "mode", b::build));
    }
    if (g.isJsonValidation()) {
      builder.with(ResponseValidator.json());
    }
  }

  private static Map<String, ScannerAction> actions(Map<String, ScannerAction> standard,
      Map<String, ScannerAction> overrides, GuardMode mode) {
    // unknown scanner names were rejected by SettingsCheck
    Map<String, ScannerAction> out = new LinkedHashMap<>();
    for (Map.Entry<String, ScannerAction> e : standard.entrySet()) {
      ScannerAction a = e.getValue();
      for (Map.Entry<String, ScannerAction> o : overrides.entrySet()) {
        if (o.getKey().equalsIgnoreCase(e.getKey())) {
          a = o.getValue();
        }
      }
      if (a == ScannerAction.OFF) {
        continue;
      }
      out.put(e.getKey(), mode == GuardMode.MONITOR ? ScannerAction.FLAG : a);
    }
    return out;
  }

  private static Scanner inputScanner(String name) {
    switch (name) {
      case "size": return Scanners.size();
      case "unicode": return Scanners.unicode();
      case "confusables": return Scanners.confusables();
      case "encoded": return Scanners.encoded();
      case "injection": return Scanners.injection();
      case "secrets": return Scanners.secrets();
      case "pii": return Scanners.pii();
      default: throw new IllegalArgumentException(name);
    }
  }

  private static Scanner outputScanner(String name) {
    switch (name) {
      case "canary": return Scanners.canary();
      case "secrets": return Scanners.secrets();
      case "pii": return Scanners.pii();
      case "refusal": return Scanners.refusal();
      default: throw new IllegalArgumentException(name);
    }
  }

  private static void access(String p, MainstayProperties.AccessSpec a, ClientBuilder builder) {
    if (!a.isEnabled()) {
      return;
    }
    AccessPolicy.Builder b = AccessPolicy.builder();
    for (Map.Entry<String, List<MainstayProperties.PermissionSpec>> role : a.getRoles().entrySet()) {
      List<Permission> perms = new ArrayList<>();
      for (int i = 0; i < role.getValue().size(); i++) {
        MainstayProperties.PermissionSpec ps = role.getValue().get(i);
        String key = p + "roles." + role.getKey() + "[" + i + "]";
        perms.add(at(key, () -> {
          Permission.Builder pb = Permission.builder()
              .clients(ps.getClients().toArray(new String[0]))
              .models(ps.getModels().toArray(new String[0]));
          if (!ps.getOperations().isEmpty()) {
            List<Operation> ops = ps.getOperations();
            pb.operations(ops.get(0), ops.subList(1, ops.size()).toArray(new Operation[0]));
          }
          Integer max = ps.getMaxTokens();
          if (max != null) {
            pb.maxTokens(max);
          }
          return pb.build();
        }));
      }
      at(p + "roles." + role.getKey(), () -> b.role(role.getKey(), perms.toArray(new Permission[0])));
    }
    for (Map.Entry<String, List<String>> e : a.getPrincipals().entrySet()) {
      at(p + "principals." + e.getKey(), () -> b.principal(e.getKey(), e.getValue().toArray(new String[0])));
    }
    for (Map.Entry<String, List<String>> e : a.getTenants().entrySet()) {
      at(p + "tenants." + e.getKey(), () -> b.tenant(e.getKey(), e.getValue().toArray(new String[0])));
    }
    if (!a.getEveryone().isEmpty()) {
      at(p + "everyone", () -> b.everyone(a.getEveryone().toArray(new String[0])));
    }
    List<MainstayProperties.QuotaSpec> quotas = a.getQuotas();
    for (int i = 0; i < quotas.size(); i++) {
      MainstayProperties.QuotaSpec q = quotas.get(i);
      String key = p + "quotas[" + i + "]";
      Duration window = q.getWindow();
      if (window == null) {
        throw new MainstayConfigurationException(key + ".window", "a quota needs a window", null);
      }
      Quota.Builder qb = at(key + ".window", () -> q.getScope() == MainstayProperties.QuotaScope.PRINCIPAL
          ? Quota.perPrincipal(window) : Quota.perTenant(window));
      Long requests = q.getMaxRequests();
      if (requests != null) {
        at(key + ".max-requests", () -> qb.maxRequests(requests));
      }
      Long tokens = q.getMaxTokens();
      if (tokens != null) {
        at(key + ".max-tokens", () -> qb.maxTokens(tokens));
      }
      if (!q.getOnly().isEmpty()) {
        at(key + ".only", () -> qb.only(q.getOnly().toArray(new String[0])));
      }
      Quota quota = at(key, qb::build);
      b.quota(quota);
    }
    Integer tracked = a.getMaxTrackedCallers();
    if (tracked != null) {
      at(p + "max-tracked-callers", () -> b.maxTrackedCallers(tracked));
    }
    builder.with(at(p + "roles", b::build));
  }

  private void drift(String p, MainstayProperties.DriftSpec d, ClientBuilder builder) {
    if (!d.isEnabled()) {
      return;
    }
    DriftMonitor.Builder b = DriftMonitor.builder();
    if (d.getSignals().isEmpty()) {
      b.standardSignals();
    } else {
      for (int i = 0; i < d.getSignals().size(); i++) {
        String s = d.getSignals().get(i);
        Signal signal = signal(s);
        if (signal == null) {
          throw new MainstayConfigurationException(p + "signals[" + i + "]", "unknown signal '" + s
              + "'; known: " + SIGNALS, null);
        }
        b.signal(signal);
      }
    }
    for (int i = 0; i < d.getFeatures().size(); i++) {
      String f = d.getFeatures().get(i);
      at(p + "features[" + i + "]", () -> b.signal(Signal.feature(f)));
    }
    Boolean perEndpoint = d.getPerEndpoint();
    if (perEndpoint != null) {
      b.perEndpoint(perEndpoint);
    }
    Boolean perClient = d.getPerClient();
    if (perClient != null) {
      b.perClient(perClient);
    }
    Duration coolDown = d.getAlarmCoolDown();
    if (coolDown != null) {
      at(p + "alarm-cool-down", () -> b.alarmCoolDown(coolDown));
    }
    MainstayProperties.DegradeSpec dg = d.getDegrade();
    if (dg.isEnabled()) {
      EndpointDegradation.Builder db = EndpointDegradation.builder();
      Duration degradeFor = dg.getDegradeFor();
      if (degradeFor != null) {
        at(p + "degrade.degrade-for", () -> db.degradeFor(degradeFor));
      }
      Duration dgCool = dg.getCoolDown();
      if (dgCool != null) {
        at(p + "degrade.cool-down", () -> db.coolDown(dgCool));
      }
      TimeSource time = env.timeSource();
      if (time != null) {
        db.timeSource(time);
      }
      b.action(at(p + "degrade", db::build));
    }
    builder.with(at(p.substring(0, p.length() - 1), b::build));
  }

  static @Nullable Signal signal(String name) {
    switch (name.toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "latency": case "latency-ms": return Signal.latencyMillis();
      case "error": return Signal.error();
      case "timeout": return Signal.timeout();
      case "refusal": return Signal.refusal();
      case "output-tokens": return Signal.outputTokens();
      case "output-chars": return Signal.outputChars();
      case "prompt-tokens": return Signal.promptTokens();
      case "prompt-chars": return Signal.promptChars();
      case "finish-reason": return Signal.finishReason();
      case "predicted-class": return Signal.predictedClass();
      case "score": return Signal.score();
      case "embedding": return Signal.embedding();
      default: return null;
    }
  }

  private void observability(MainstayProperties.ObservabilitySpec o, ClientBuilder builder) {
    OpenTelemetry otel = env.openTelemetry();
    MeterRegistry meters = env.meterRegistry();
    if (!o.isEnabled() || (otel == null && meters == null)) {
      return;
    }
    builder.with(Observability.builder(
            otel == null ? OpenTelemetry.noop() : otel,
            meters == null ? new CompositeMeterRegistry() : meters)
        .captureContent(o.isCaptureContent())
        .decisionLogs(o.isDecisionLogs())
        .build());
  }

  // ---------------------------------------------------------------- helpers

  /** Runs a builder step, naming the key when the library rejects the value. */
  static <T> T at(String key, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (MainstayConfigurationException e) {
      throw e;
    } catch (IllegalArgumentException | IllegalStateException e) {
      String m = e.getMessage();
      throw new MainstayConfigurationException(key, m == null ? e.getClass().getSimpleName() : m, e);
    }
  }

  /**
   * Opens an endpoint URI. A failure names the key and keeps the provider's reason, with every
   * part of the URI that may hold a secret (query values, user info, fragment) masked; the
   * provider's exception is not kept as the cause, since a third-party provider's message or
   * stack may quote the URI.
   */
  static Endpoint open(String key, String uri) {
    try {
      return Endpoints.open(uri);
    } catch (RuntimeException e) {
      String m = e.getMessage();
      String reason = e instanceof IllegalArgumentException && m != null
          ? m
          : "the endpoint could not be opened (" + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")";
      throw new MainstayConfigurationException(key, mask(reason, uri), null);
    }
  }

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i).*(key|token|secret|password|passwd|auth|credential|signature|sig).*");

  /** Replaces the parts of an endpoint URI that may be secret wherever a message quotes them. */
  static String mask(String message, String uri) {
    List<String> secrets = new ArrayList<>();
    secrets.add(uri);
    int hash = uri.indexOf('#');
    String beforeFragment = hash >= 0 ? uri.substring(0, hash) : uri;
    if (hash >= 0 && uri.length() - hash - 1 >= 8) {
      secrets.add(uri.substring(hash + 1));
    }
    int q = beforeFragment.indexOf('?');
    if (q >= 0) {
      String query = beforeFragment.substring(q + 1);
      secrets.add(query);
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq >= 0 ? pair.substring(0, eq) : "";
        String value = eq >= 0 ? pair.substring(eq + 1) : pair;
        boolean secretName = SECRET_PARAMETER.matcher(name).matches();
        for (String v : List.of(value, decode(value))) {
          if (v.length() >= 8 || (secretName && !v.isEmpty())) {
            secrets.add(v);
          }
        }
      }
    }
    String authorityAndPath = q >= 0 ? beforeFragment.substring(0, q) : beforeFragment;
    int at = authorityAndPath.lastIndexOf('@');
    if (at >= 0) {
      int start = authorityAndPath.indexOf("//");
      String userInfo = authorityAndPath.substring(start >= 0 && start < at ? start + 2 : 0, at);
      secrets.add(userInfo);
      for (String part : userInfo.split(":")) {
        if (!part.isEmpty()) {
          secrets.add(part);
          secrets.add(decode(part));
        }
      }
    }
    secrets.sort((a, b) -> Integer.compare(b.length(), a.length()));
    String out = message;
    for (String s : secrets) {
      if (!s.isEmpty()) {
        out = out.replace(s, "***");
      }
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static void closeQuietly(List<? extends AutoCloseable> items) {
    for (AutoCloseable c : items) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing after a failed start; the start failure is what matters
      }
    }
  }

  private static Map<String, ScannerAction> ordered(Object... kv) {
    Map<String, ScannerAction> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (ScannerAction) kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
