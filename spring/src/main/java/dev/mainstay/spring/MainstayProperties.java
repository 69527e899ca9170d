package dev.mainstay.spring;

import dev.mainstay.core.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Mainstay clients configured under {@code mainstay.*}, one {@link Client} per {@code
 * mainstay.clients.<name>}. Each client becomes a {@link dev.mainstay.core.ModelClient} bean named
 * after it, built with the same builder as programmatic clients, so the chain's stage order is the
 * library's whatever order the keys are written in.
 *
 * <p>Settings left unset keep the library's defaults (listed on each property). Invalid settings
 * fail the application's startup with a {@link MainstayConfigurationException} naming the key; an
 * unknown key under {@code mainstay.} (a typo) fails it too, with Spring's binding error.
 */
@ConfigurationProperties(prefix = "mainstay", ignoreUnknownFields = false)
public class MainstayProperties {

  /** Whether Mainstay's auto-configuration builds clients at all. */
  private boolean enabled = true;

  /** The clients, by name (letters, digits, '.', '_' or '-'); the name is also the bean name. */
  private Map<String, Client> clients = new LinkedHashMap<>();

  /**
   * Settings every client starts from: the same keys as a client except {@code endpoints}; a key
   * set under {@code mainstay.clients.<name>} overrides the default of the same key.
   */
  private ClientSettings defaults = new ClientSettings();

  /** Settings of the {@link ModelCall} annotation's aspect. */
  private Annotation annotation = new Annotation();

  /** How many recent drift alarms the actuator endpoint keeps, over all clients. */
  private int recentAlarms = 50;

  /**
   * Whether auto-configuration is on.
   *
   * @return true by default
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns auto-configuration on or off.
   *
   * @param enabled the flag
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The clients by name.
   *
   * @return a mutable map in configuration order
   */
  public Map<String, Client> getClients() {
    return clients;
  }

  /**
   * Sets the clients.
   *
   * @param clients the clients by name
   */
  public void setClients(Map<String, Client> clients) {
    this.clients = clients;
  }

  /**
   * The settings every client starts from.
   *
   * @return the defaults
   */
  public ClientSettings getDefaults() {
    return defaults;
  }

  /**
   * Sets the settings every client starts from.
   *
   * @param defaults the defaults
   */
  public void setDefaults(ClientSettings defaults) {
    this.defaults = defaults;
  }

  /**
   * The annotation settings.
   *
   * @return the settings
   */
  public Annotation getAnnotation() {
    return annotation;
  }

  /**
   * Sets the annotation settings.
   *
   * @param annotation the settings
   */
  public void setAnnotation(Annotation annotation) {
    this.annotation = annotation;
  }

  /**
   * How many recent drift alarms are kept for the actuator endpoint.
   *
   * @return the count
   */
  public int getRecentAlarms() {
    return recentAlarms;
  }

  /**
   * Sets how many recent drift alarms are kept.
   *
   * @param recentAlarms zero or more
   */
  public void setRecentAlarms(int recentAlarms) {
    this.recentAlarms = recentAlarms;
  }

  /** Settings of the {@code @ModelCall} aspect. */
  public static class Annotation {
    /** Whether methods annotated with {@code @ModelCall} are advised. */
    private boolean enabled = true;

    /**
     * The aspect's order. The default puts it outside {@code @Transactional} and {@code
     * @Cacheable} (both {@code Ordered.LOWEST_PRECEDENCE}), so each attempt runs its own
     * transaction and Spring's cache sits behind Mainstay's guards.
     */
    private int order = ModelCall.DEFAULT_ORDER;

    /**
     * Whether the aspect is on.
     *
     * @return true by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns the aspect on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The aspect's order.
     *
     * @return the order
     */
    public int getOrder() {
      return order;
    }

    /**
     * Sets the aspect's order.
     *
     * @param order the order
     */
    public void setOrder(int order) {
      this.order = order;
    }
  }

  /** One client: its endpoints and the stages around them (its {@link ClientSettings}). */
  public static class Client extends ClientSettings {
    /** The endpoints, tried by tier (lowest first). Empty for a client used only by {@code @ModelCall}. */
    private List<EndpointSpec> endpoints = new ArrayList<>();

    /** Creates a client with no endpoints and the library's defaults. */
    public Client() {}

    /**
     * The endpoints.
     *
     * @return a mutable list
     */
    public List<EndpointSpec> getEndpoints() {
      return endpoints;
    }

    /**
     * Sets the endpoints.
     *
     * @param endpoints the endpoints
     */
    public void setEndpoints(List<EndpointSpec> endpoints) {
      this.endpoints = endpoints;
    }
  }

  /**
   * Everything a client has except its endpoints: the stages around them. The shape of {@code
   * mainstay.defaults}, which every client starts from.
   */
  public static class ClientSettings {
    /** The call timeout (default 30s); a request's own timeout replaces it. */
    private @Nullable Duration timeout;

    /** Where attempts run: auto (default), executor or caller. */
    private @Nullable Isolation attemptIsolation;

    /** The most attempts this client runs at once (default 1024). */
    private @Nullable Integer maxConcurrentAttempts;

    /** Routing over the endpoints: strategy, retries, hedging, breakers. */
    private RouteSpec route = new RouteSpec();

    /** Client-wide rate and concurrency limits (the LIMIT stage). */
    private LimitSpec limit = new LimitSpec();

    /** The response cache (the CACHE stage). */
    private CacheSpec cache = new CacheSpec();

    /** Input and output guards. */
    private GuardsSpec guards = new GuardsSpec();

    /** Access control (the ACCESS stage). */
    private AccessSpec access = new AccessSpec();

    /** Drift monitoring. */
    private DriftSpec drift = new DriftSpec();

    /** Tracing and metrics (the OBSERVE stage). */
    private ObservabilitySpec observability = new ObservabilitySpec();

    /** Rejects blank answers as failed attempts, so the route can fail over. */
    private boolean rejectEmptyAnswers = false;

    /** Creates settings with the library's defaults. */
    public ClientSettings() {}

    /**
     * The call timeout.
     *
     * @return the timeout, or null for the default
     */
    public @Nullable Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the call timeout.
     *
     * @param timeout a positive duration
     */
    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * Where attempts run.
     *
     * @return the isolation, or null for the default
     */
    public @Nullable Isolation getAttemptIsolation() {
      return attemptIsolation;
    }

    /**
     * Sets where attempts run.
     *
     * @param attemptIsolation the isolation
     */
    public void setAttemptIsolation(@Nullable Isolation attemptIsolation) {
      this.attemptIsolation = attemptIsolation;
    }

    /**
     * The bound on attempts in flight.
     *
     * @return the bound, or null for the default
     */
    public @Nullable Integer getMaxConcurrentAttempts() {
      return maxConcurrentAttempts;
    }

    /**
     * Sets the bound on attempts in flight.
     *
     * @param maxConcurrentAttempts positive
     */
    public void setMaxConcurrentAttempts(@Nullable Integer maxConcurrentAttempts) {
      this.maxConcurrentAttempts = maxConcurrentAttempts;
    }

    /**
     * The route settings.
     *
     * @return the settings
     */
    public RouteSpec getRoute() {
      return route;
    }

    /**
     * Sets the route settings.
     *
     * @param route the settings
     */
    public void setRoute(RouteSpec route) {
      this.route = route;
    }

    /**
     * The limit settings.
     *
     * @return the settings
     */
    public LimitSpec getLimit() {
      return limit;
    }

    /**
     * Sets the limit settings.
     *
     * @param limit the settings
     */
    public void setLimit(LimitSpec limit) {
      this.limit = limit;
    }

    /**
     * The cache settings.
     *
     * @return the settings
     */
    public CacheSpec getCache() {
      return cache;
    }

    /**
     * Sets the cache settings.
     *
     * @param cache the settings
     */
    public void setCache(CacheSpec cache) {
      this.cache = cache;
    }

    /**
     * The guard settings.
     *
     * @return the settings
     */
    public GuardsSpec getGuards() {
      return guards;
    }

    /**
     * Sets the guard settings.
     *
     * @param guards the settings
     */
    public void setGuards(GuardsSpec guards) {
      this.guards = guards;
    }

    /**
     * The access settings.
     *
     * @return the settings
     */
    public AccessSpec getAccess() {
      return access;
    }

    /**
     * Sets the access settings.
     *
     * @param access the settings
     */
    public void setAccess(AccessSpec access) {
      this.access = access;
    }

    /**
     * The drift settings.
     *
     * @return the settings
     */
    public DriftSpec getDrift() {
      return drift;
    }

    /**
     * Sets the drift settings.
     *
     * @param drift the settings
     */
    public void setDrift(DriftSpec drift) {
      this.drift = drift;
    }

    /**
     * The observability settings.
     *
     * @return the settings
     */
    public ObservabilitySpec getObservability() {
      return observability;
    }

    /**
     * Sets the observability settings.
     *
     * @param observability the settings
     */
    public void setObservability(ObservabilitySpec observability) {
      this.observability = observability;
    }

    /**
     * Whether blank answers fail the attempt.
     *
     * @return false by default
     */
    public boolean isRejectEmptyAnswers() {
      return rejectEmptyAnswers;
    }

    /**
     * Sets whether blank answers fail the attempt.
     *
     * @param rejectEmptyAnswers the flag
     */
    public void setRejectEmptyAnswers(boolean rejectEmptyAnswers) {
      this.rejectEmptyAnswers = rejectEmptyAnswers;
    }
  }

  /** Where a client runs endpoint attempts (see {@link dev.mainstay.core.AttemptIsolation}). */
  public enum Isolation {
    /** Caller's thread for interrupt-honouring endpoints, the executor otherwise. */
    AUTO,
    /** Always the client's executor; the caller returns at its deadline whatever the endpoint does. */
    EXECUTOR,
    /** Always the caller's thread (keeps thread-bound context such as transactions and MDC). */
    CALLER
  }

  /** One endpoint: a URI opened through the endpoint providers, with placement and cost overrides. */
  public static class EndpointSpec {
    /** The endpoint URI, e.g. openai:https://api.openai.com/v1?model=gpt-4o-mini or simulated:chat. */
    private @Nullable String uri;

    /** Overrides the endpoint id (default: the provider's id). */
    private @Nullable String id;

    /** Overrides the region the endpoint runs in. */
    private @Nullable String region;

    /** Overrides the zone within the region. */
    private @Nullable String zone;

    /** Overrides the priority tier: 0 is tried first. */
    private @Nullable Integer tier;

    /** Overrides the relative share of traffic within the tier (positive). */
    private @Nullable Integer weight;

    /** Overrides the prices per million tokens. */
    private @Nullable Price price;

    /** Overrides the context window in tokens. */
    private @Nullable Integer maxContextTokens;

    /** Bounds each attempt on this endpoint (tightens the request deadline the endpoint sees). */
    private @Nullable Duration timeout;

    /**
     * The URI.
     *
     * @return the URI, or null when unset (invalid)
     */
    public @Nullable String getUri() {
      return uri;
    }

    /**
     * Sets the URI.
     *
     * @param uri the URI
     */
    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }

    /**
     * The id override.
     *
     * @return the id, or null
     */
    public @Nullable String getId() {
      return id;
    }

    /**
     * Sets the id override.
     *
     * @param id the id
     */
    public void setId(@Nullable String id) {
      this.id = id;
    }

    /**
     * The region override.
     *
     * @return the region, or null
     */
    public @Nullable String getRegion() {
      return region;
    }

    /**
     * Sets the region override.
     *
     * @param region the region
     */
    public void setRegion(@Nullable String region) {
      this.region = region;
    }

    /**
     * The zone override.
     *
     * @return the zone, or null
     */
    public @Nullable String getZone() {
      return zone;
    }

    /**
     * Sets the zone override.
     *
     * @param zone the zone
     */
    public void setZone(@Nullable String zone) {
      this.zone = zone;
    }

    /**
     * The tier override.
     *
     * @return the tier, or null
     */
    public @Nullable Integer getTier() {
      return tier;
    }

    /**
     * Sets the tier override.
     *
     * @param tier zero or more
     */
    public void setTier(@Nullable Integer tier) {
      this.tier = tier;
    }

    /**
     * The weight override.
     *
     * @return the weight, or null
     */
    public @Nullable Integer getWeight() {
      return weight;
    }

    /**
     * Sets the weight override.
     *
     * @param weight positive
     */
    public void setWeight(@Nullable Integer weight) {
      this.weight = weight;
    }

    /**
     * The price override.
     *
     * @return the price, or null
     */
    public @Nullable Price getPrice() {
      return price;
    }

    /**
     * Sets the price override.
     *
     * @param price the price
     */
    public void setPrice(@Nullable Price price) {
      this.price = price;
    }

    /**
     * The context window override.
     *
     * @return tokens, or null
     */
    public @Nullable Integer getMaxContextTokens() {
      return maxContextTokens;
    }

    /**
     * Sets the context window override.
     *
     * @param maxContextTokens positive
     */
    public void setMaxContextTokens(@Nullable Integer maxContextTokens) {
      this.maxContextTokens = maxContextTokens;
    }

    /**
     * The per-attempt timeout of this endpoint.
     *
     * @return the timeout, or null
     */
    public @Nullable Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the per-attempt timeout of this endpoint.
     *
     * @param timeout positive
     */
    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Prices per million tokens. */
  public static class Price {
    /** Price per million input tokens. */
    private double input;

    /** Price per million output tokens. */
    private double output;

    /**
     * The input price.
     *
     * @return per million input tokens
     */
    public double getInput() {
      return input;
    }

    /**
     * Sets the input price.
     *
     * @param input per million input tokens, zero or more
     */
    public void setInput(double input) {
      this.input = input;
    }

    /**
     * The output price.
     *
     * @return per million output tokens
     */
    public double getOutput() {
      return output;
    }

    /**
     * Sets the output price.
     *
     * @param output per million output tokens, zero or more
     */
    public void setOutput(double output) {
      this.output = output;
    }
  }

  /** How endpoints are ordered within a tier. */
  public enum Strategy {
    /** The first endpoint rotates with every call (the default). */
    ROUND_ROBIN,
    /** Random, proportional to each endpoint's weight. */
    WEIGHTED_RANDOM,
    /** Fewest attempts in flight first. */
    LEAST_OUTSTANDING,
    /** Lowest peak-EWMA latency times (outstanding + 1) first. */
    PEAK_EWMA,
    /** Cheapest for the request first. */
    COST
  }

  /** Routing over a client's endpoints. */
  public static class RouteSpec {
    /** How endpoints are ordered within a tier (default round-robin). */
    private @Nullable Strategy strategy;

    /** The caller's region: endpoints there come first within a tier. */
    private @Nullable String localRegion;

    /** Attempts allowed after the first within one call, hedges included (default 2). */
    private @Nullable Integer retries;

    /** Backoff before retrying an endpoint already tried in the call. */
    private BackoffSpec backoff = new BackoffSpec();

    /** Bounds each attempt (the call's deadline bounds it in any case). */
    private @Nullable Duration attemptTimeout;

    /** How long an endpoint is skipped after a 429 without Retry-After (default 1s). */
    private @Nullable Duration defaultCooldown;

    /** Whether a provider's content-policy refusal fails over to another endpoint (default false). */
    private @Nullable Boolean failoverOnContentFiltered;

    /** Hedging: a second attempt on another endpoint when the first is slow. */
    private HedgingSpec hedging = new HedgingSpec();

    /** The per-endpoint circuit breaker. */
    private BreakerSpec breaker = new BreakerSpec();

    /** The per-endpoint bulkhead (off unless max-concurrent-calls is set). */
    private BulkheadSpec bulkhead = new BulkheadSpec();

    /** The per-endpoint rate limiter (off unless limit-for-period is set). */
    private RateLimiterSpec rateLimiter = new RateLimiterSpec();

    /** Outlier ejection after consecutive endpoint faults. */
    private EjectionSpec outlierEjection = new EjectionSpec();

    /**
     * The strategy.
     *
     * @return the strategy, or null for the default
     */
    public @Nullable Strategy getStrategy() {
      return strategy;
    }

    /**
     * Sets the strategy.
     *
     * @param strategy the strategy
     */
    public void setStrategy(@Nullable Strategy strategy) {
      this.strategy = strategy;
    }

    /**
     * The local region.
     *
     * @return the region, or null
     */
    public @Nullable String getLocalRegion() {
      return localRegion;
    }

    /**
     * Sets the local region.
     *
     * @param localRegion the region
     */
    public void setLocalRegion(@Nullable String localRegion) {
      this.localRegion = localRegion;
    }

    /**
     * The retries.
     *
     * @return the retries, or null for the default
     */
    public @Nullable Integer getRetries() {
      return retries;
    }

    /**
     * Sets the retries.
     *
     * @param retries zero or more
     */
    public void setRetries(@Nullable Integer retries) {
      this.retries = retries;
    }

    /**
     * The backoff.
     *
     * @return the backoff settings
     */
    public BackoffSpec getBackoff() {
      return backoff;
    }

    /**
     * Sets the backoff.
     *
     * @param backoff the settings
     */
    public void setBackoff(BackoffSpec backoff) {
      this.backoff = backoff;
    }

    /**
     * The attempt timeout.
     *
     * @return the timeout, or null
     */
    public @Nullable Duration getAttemptTimeout() {
      return attemptTimeout;
    }

    /**
     * Sets the attempt timeout.
     *
     * @param attemptTimeout positive
     */
    public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
      this.attemptTimeout = attemptTimeout;
    }

    /**
     * The default cooldown.
     *
     * @return the cooldown, or null
     */
    public @Nullable Duration getDefaultCooldown() {
      return defaultCooldown;
    }

    /**
     * Sets the default cooldown.
     *
     * @param defaultCooldown positive
     */
    public void setDefaultCooldown(@Nullable Duration defaultCooldown) {
      this.defaultCooldown = defaultCooldown;
    }

    /**
     * Whether content-filtered answers fail over.
     *
     * @return the flag, or null for the default
     */
    public @Nullable Boolean getFailoverOnContentFiltered() {
      return failoverOnContentFiltered;
    }

    /**
     * Sets whether content-filtered answers fail over.
     *
     * @param failoverOnContentFiltered the flag
     */
    public void setFailoverOnContentFiltered(@Nullable Boolean failoverOnContentFiltered) {
      this.failoverOnContentFiltered = failoverOnContentFiltered;
    }

    /**
     * The hedging settings.
     *
     * @return the settings
     */
    public HedgingSpec getHedging() {
      return hedging;
    }

    /**
     * Sets the hedging settings.
     *
     * @param hedging the settings
     */
    public void setHedging(HedgingSpec hedging) {
      this.hedging = hedging;
    }

    /**
     * The breaker settings.
     *
     * @return the settings
     */
    public BreakerSpec getBreaker() {
      return breaker;
    }

    /**
     * Sets the breaker settings.
     *
     * @param breaker the settings
     */
    public void setBreaker(BreakerSpec breaker) {
      this.breaker = breaker;
    }

    /**
     * The bulkhead settings.
     *
     * @return the settings
     */
    public BulkheadSpec getBulkhead() {
      return bulkhead;
    }

    /**
     * Sets the bulkhead settings.
     *
     * @param bulkhead the settings
     */
    public void setBulkhead(BulkheadSpec bulkhead) {
      this.bulkhead = bulkhead;
    }

    /**
     * The rate limiter settings.
     *
     * @return the settings
     */
    public RateLimiterSpec getRateLimiter() {
      return rateLimiter;
    }

    /**
     * Sets the rate limiter settings.
     *
     * @param rateLimiter the settings
     */
    public void setRateLimiter(RateLimiterSpec rateLimiter) {
      this.rateLimiter = rateLimiter;
    }

    /**
     * The outlier ejection settings.
     *
     * @return the settings
     */
    public EjectionSpec getOutlierEjection() {
      return outlierEjection;
    }

    /**
     * Sets the outlier ejection settings.
     *
     * @param outlierEjection the settings
     */
    public void setOutlierEjection(EjectionSpec outlierEjection) {
      this.outlierEjection = outlierEjection;
    }
  }

  /** How a backoff delay is randomised. */
  public enum Jitter {
    /** No randomness. */
    NONE,
    /** Uniform in [0, delay] (the default). */
    FULL,
    /** Uniform in [initial, previous * 3]. */
    DECORRELATED
  }

  /** Exponential backoff between retries of one endpoint. */
  public static class BackoffSpec {
    /** The first delay (default 100ms); zero turns backoff off. */
    private @Nullable Duration initial;

    /** The largest delay (default 2s). */
    private @Nullable Duration max;

    /** How delays are randomised (default full). */
    private @Nullable Jitter jitter;

    /**
     * The first delay.
     *
     * @return the delay, or null for the default
     */
    public @Nullable Duration getInitial() {
      return initial;
    }

    /**
     * Sets the first delay.
     *
     * @param initial zero or more
     */
    public void setInitial(@Nullable Duration initial) {
      this.initial = initial;
    }

    /**
     * The largest delay.
     *
     * @return the delay, or null for the default
     */
    public @Nullable Duration getMax() {
      return max;
    }

    /**
     * Sets the largest delay.
     *
     * @param max at least the initial delay
     */
    public void setMax(@Nullable Duration max) {
      this.max = max;
    }

    /**
     * The jitter.
     *
     * @return the jitter, or null for the default
     */
    public @Nullable Jitter getJitter() {
      return jitter;
    }

    /**
     * Sets the jitter.
     *
     * @param jitter the jitter
     */
    public void setJitter(@Nullable Jitter jitter) {
      this.jitter = jitter;
    }
  }

  /** When hedges fire. */
  public enum HedgeMode {
    /** No hedging (the default). */
    NONE,
    /** After a fixed delay. */
    FIXED,
    /** After the route's observed latency percentile. */
    ADAPTIVE
  }

  /** Hedging settings. */
  public static class HedgingSpec {
    /** none (default), fixed or adaptive. */
    private HedgeMode mode = HedgeMode.NONE;

    /** The fixed delay; with adaptive, the delay used until 20 latencies are known. */
    private @Nullable Duration delay;

    /** With adaptive: the latency quantile to hedge after, in (0, 1), e.g. 0.95. */
    private double percentile = 0.95;

    /** The most hedges per call (default 1). */
    private @Nullable Integer maxHedges;

    /** Bounds hedges over a window: at most max(ratio * calls, min-per-window). */
    private @Nullable Budget budget;

    /**
     * The mode.
     *
     * @return the mode
     */
    public HedgeMode getMode() {
      return mode;
    }

    /**
     * Sets the mode.
     *
     * @param mode the mode
     */
    public void setMode(HedgeMode mode) {
      this.mode = mode;
    }

    /**
     * The delay.
     *
     * @return the delay, or null
     */
    public @Nullable Duration getDelay() {
      return delay;
    }

    /**
     * Sets the delay.
     *
     * @param delay positive
     */
    public void setDelay(@Nullable Duration delay) {
      this.delay = delay;
    }

    /**
     * The adaptive percentile.
     *
     * @return the quantile in (0, 1)
     */
    public double getPercentile() {
      return percentile;
    }

    /**
     * Sets the adaptive percentile.
     *
     * @param percentile the quantile in (0, 1)
     */
    public void setPercentile(double percentile) {
      this.percentile = percentile;
    }

    /**
     * The most hedges per call.
     *
     * @return the count, or null for the default
     */
    public @Nullable Integer getMaxHedges() {
      return maxHedges;
    }

    /**
     * Sets the most hedges per call.
     *
     * @param maxHedges positive
     */
    public void setMaxHedges(@Nullable Integer maxHedges) {
      this.maxHedges = maxHedges;
    }

    /**
     * The hedge budget.
     *
     * @return the budget, or null for the default (5%, 1, 10s)
     */
    public @Nullable Budget getBudget() {
      return budget;
    }

    /**
     * Sets the hedge budget.
     *
     * @param budget the budget
     */
    public void setBudget(@Nullable Budget budget) {
      this.budget = budget;
    }
  }

  /** A hedge budget. */
  public static class Budget {
    /** Hedges allowed per call over the window, in [0, 1]. */
    private double ratio = 0.05;

    /** Hedges always allowed per window. */
    private int minPerWindow = 1;

    /** The sliding window. */
    private Duration window = Duration.ofSeconds(10);

    /**
     * The ratio.
     *
     * @return hedges per call
     */
    public double getRatio() {
      return ratio;
    }

    /**
     * Sets the ratio.
     *
     * @param ratio in [0, 1]
     */
    public void setRatio(double ratio) {
      this.ratio = ratio;
    }

    /**
     * The minimum per window.
     *
     * @return the count
     */
    public int getMinPerWindow() {
      return minPerWindow;
    }

    /**
     * Sets the minimum per window.
     *
     * @param minPerWindow zero or more
     */
    public void setMinPerWindow(int minPerWindow) {
      this.minPerWindow = minPerWindow;
    }

    /**
     * The window.
     *
     * @return the window
     */
    public Duration getWindow() {
      return window;
    }

    /**
     * Sets the window.
     *
     * @param window positive
     */
    public void setWindow(Duration window) {
      this.window = window;
    }
  }

  /** The per-endpoint circuit breaker (Resilience4j, on the client's time source). */
  public static class BreakerSpec {
    /** Whether endpoints get a breaker (default true). */
    private boolean enabled = true;

    /** Failure rate in percent that opens the breaker (default 50). */
    private float failureRateThreshold = 50;

    /** Calls in the count-based sliding window (default 20). */
    private int slidingWindowSize = 20;

    /** Calls before the failure rate is judged (default 10). */
    private int minimumNumberOfCalls = 10;

    /** How long the breaker stays open (default 30s). */
    private Duration waitInOpenState = Duration.ofSeconds(30);

    /** Probe calls in half-open state (default 2). */
    private int permittedCallsInHalfOpenState = 2;

    /**
     * Whether breakers are on.
     *
     * @return true by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns breakers on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The failure rate threshold.
     *
     * @return percent
     */
    public float getFailureRateThreshold() {
      return failureRateThreshold;
    }

    /**
     * Sets the failure rate threshold.
     *
     * @param failureRateThreshold percent in (0, 100]
     */
    public void setFailureRateThreshold(float failureRateThreshold) {
      this.failureRateThreshold = failureRateThreshold;
    }

    /**
     * The window size.
     *
     * @return calls
     */
    public int getSlidingWindowSize() {
      return slidingWindowSize;
    }

    /**
     * Sets the window size.
     *
     * @param slidingWindowSize positive
     */
    public void setSlidingWindowSize(int slidingWindowSize) {
      this.slidingWindowSize = slidingWindowSize;
    }

    /**
     * The minimum number of calls.
     *
     * @return calls
     */
    public int getMinimumNumberOfCalls() {
      return minimumNumberOfCalls;
    }

    /**
     * Sets the minimum number of calls.
     *
     * @param minimumNumberOfCalls positive
     */
    public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
      this.minimumNumberOfCalls = minimumNumberOfCalls;
    }

    /**
     * The open-state wait.
     *
     * @return the wait
     */
    public Duration getWaitInOpenState() {
      return waitInOpenState;
    }

    /**
     * Sets the open-state wait.
     *
     * @param waitInOpenState positive
     */
    public void setWaitInOpenState(Duration waitInOpenState) {
      this.waitInOpenState = waitInOpenState;
    }

    /**
     * The half-open probes.
     *
     * @return calls
     */
    public int getPermittedCallsInHalfOpenState() {
      return permittedCallsInHalfOpenState;
    }

    /**
     * Sets the half-open probes.
     *
     * @param permittedCallsInHalfOpenState positive
     */
    public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
      this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
    }
  }

  /** The per-endpoint bulkhead. */
  public static class BulkheadSpec {
    /** Concurrent attempts per endpoint; unset means no bulkhead. */
    private @Nullable Integer maxConcurrentCalls;

    /**
     * The bound.
     *
     * @return the bound, or null for none
     */
    public @Nullable Integer getMaxConcurrentCalls() {
      return maxConcurrentCalls;
    }

    /**
     * Sets the bound.
     *
     * @param maxConcurrentCalls positive
     */
    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
    }
  }

  /** The per-endpoint rate limiter. */
  public static class RateLimiterSpec {
    /** Attempts per refresh period per endpoint; unset means no limiter. */
    private @Nullable Integer limitForPeriod;

    /** The refresh period (default 1s). */
    private Duration refreshPeriod = Duration.ofSeconds(1);

    /**
     * The limit per period.
     *
     * @return the limit, or null for none
     */
    public @Nullable Integer getLimitForPeriod() {
      return limitForPeriod;
    }

    /**
     * Sets the limit per period.
     *
     * @param limitForPeriod positive
     */
    public void setLimitForPeriod(@Nullable Integer limitForPeriod) {
      this.limitForPeriod = limitForPeriod;
    }

    /**
     * The refresh period.
     *
     * @return the period
     */
    public Duration getRefreshPeriod() {
      return refreshPeriod;
    }

    /**
     * Sets the refresh period.
     *
     * @param refreshPeriod positive
     */
    public void setRefreshPeriod(Duration refreshPeriod) {
      this.refreshPeriod = refreshPeriod;
    }
  }

  /** Outlier ejection. */
  public static class EjectionSpec {
    /** Whether outlier ejection is on (default true). */
    private boolean enabled = true;

    /** Consecutive endpoint faults before ejection (default 5). */
    private int consecutiveFailures = 5;

    /** How long an ejected endpoint stays out (default 30s). */
    private Duration ejection = Duration.ofSeconds(30);

    /**
     * The cap on repeat ejections: the n-th ejection in a row lasts {@code ejection * n}, at most
     * this (unset = ten times {@code ejection}).
     */
    private @Nullable Duration maxEjection;

    /**
     * Whether ejection is on.
     *
     * @return true by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns ejection on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The consecutive failures.
     *
     * @return the count
     */
    public int getConsecutiveFailures() {
      return consecutiveFailures;
    }

    /**
     * Sets the consecutive failures.
     *
     * @param consecutiveFailures positive
     */
    public void setConsecutiveFailures(int consecutiveFailures) {
      this.consecutiveFailures = consecutiveFailures;
    }

    /**
     * The ejection time.
     *
     * @return the duration
     */
    public Duration getEjection() {
      return ejection;
    }

    /**
     * Sets the ejection time.
     *
     * @param ejection positive
     */
    public void setEjection(Duration ejection) {
      this.ejection = ejection;
    }

    /**
     * The cap on repeat ejections.
     *
     * @return the cap, or null for ten times {@code ejection}
     */
    public @Nullable Duration getMaxEjection() {
      return maxEjection;
    }

    /**
     * Sets the cap on repeat ejections.
     *
     * @param maxEjection at least {@code ejection}
     */
    public void setMaxEjection(@Nullable Duration maxEjection) {
      this.maxEjection = maxEjection;
    }
  }

  /** What a client does over its limits. */
  public enum LimitMode {
    /** Fail at once with RATE_LIMITED or OVERLOADED (the default). */
    FAIL_FAST,
    /** Wait for a permit up to max-wait, never past the call's deadline. */
    WAIT
  }

  /** Client-wide limits. */
  public static class LimitSpec {
    /** Calls per period (token bucket); unset means no rate limit. */
    private @Nullable Integer rate;

    /** The rate's period (default 1s). */
    private Duration period = Duration.ofSeconds(1);

    /** Calls that may go at once after an idle spell (default: the rate). */
    private @Nullable Integer burst;

    /** Calls in flight through the client; unset means no bound. */
    private @Nullable Integer maxConcurrent;

    /** fail-fast (default) or wait. */
    private LimitMode mode = LimitMode.FAIL_FAST;

    /** With mode wait: the longest wait; unset waits as long as the call's deadline allows. */
    private @Nullable Duration maxWait;

    /**
     * The rate.
     *
     * @return calls per period, or null
     */
    public @Nullable Integer getRate() {
      return rate;
    }

    /**
     * Sets the rate.
     *
     * @param rate positive
     */
    public void setRate(@Nullable Integer rate) {
      this.rate = rate;
    }

    /**
     * The period.
     *
     * @return the period
     */
    public Duration getPeriod() {
      return period;
    }

    /**
     * Sets the period.
     *
     * @param period positive
     */
    public void setPeriod(Duration period) {
      this.period = period;
    }

    /**
     * The burst.
     *
     * @return the burst, or null
     */
    public @Nullable Integer getBurst() {
      return burst;
    }

    /**
     * Sets the burst.
     *
     * @param burst positive
     */
    public void setBurst(@Nullable Integer burst) {
      this.burst = burst;
    }

    /**
     * The concurrency bound.
     *
     * @return the bound, or null
     */
    public @Nullable Integer getMaxConcurrent() {
      return maxConcurrent;
    }

    /**
     * Sets the concurrency bound.
     *
     * @param maxConcurrent positive
     */
    public void setMaxConcurrent(@Nullable Integer maxConcurrent) {
      this.maxConcurrent = maxConcurrent;
    }

    /**
     * The mode.
     *
     * @return the mode
     */
    public LimitMode getMode() {
      return mode;
    }

    /**
     * Sets the mode.
     *
     * @param mode the mode
     */
    public void setMode(LimitMode mode) {
      this.mode = mode;
    }

    /**
     * The longest wait.
     *
     * @return the wait, or null
     */
    public @Nullable Duration getMaxWait() {
      return maxWait;
    }

    /**
     * Sets the longest wait.
     *
     * @param maxWait positive
     */
    public void setMaxWait(@Nullable Duration maxWait) {
      this.maxWait = maxWait;
    }
  }

  /** Which cache. */
  public enum CacheMode {
    /** No cache (the default). */
    OFF,
    /** Exact matches on the canonical request key. */
    EXACT,
    /** Exact matches plus similar prompts above the similarity threshold. */
    SEMANTIC
  }

  /** Who shares cache entries. */
  public enum Scope {
    /** Callers of one tenant (the default). */
    TENANT,
    /** Callers with the same tenant and principal. */
    TENANT_AND_PRINCIPAL
  }

  /** Response cache settings. */
  public static class CacheSpec {
    /** off (default), exact or semantic. */
    private CacheMode mode = CacheMode.OFF;

    /** The bound on estimated answer bytes (default 64MB). */
    private @Nullable DataSize maxBytes;

    /** How long an answer stays fresh (default 1h). */
    private @Nullable Duration ttl;

    /** Reloads hot entries in the background after this long. */
    private @Nullable Duration refreshAfterWrite;

    /** Serves an expired answer up to this long when every endpoint fails. */
    private @Nullable Duration staleIfError;

    /** Who shares entries (default tenant). */
    private @Nullable Scope scope;

    /** Request attributes that change the answer and so join the key. */
    private List<String> keyAttributes = new ArrayList<>();

    /** With semantic: the least cosine similarity of a hit (default 0.90). */
    private @Nullable Double similarityThreshold;

    /** With semantic: a configured client whose embeddings are used (default: a hashing embedder). */
    private @Nullable String embeddingClient;

    /** With semantic and embedding-client: the model alias asked for (default "default"). */
    private @Nullable String embeddingModel;

    /**
     * The mode.
     *
     * @return the mode
     */
    public CacheMode getMode() {
      return mode;
    }

    /**
     * Sets the mode.
     *
     * @param mode the mode
     */
    public void setMode(CacheMode mode) {
      this.mode = mode;
    }

    /**
     * The byte bound.
     *
     * @return the bound, or null for the default
     */
    public @Nullable DataSize getMaxBytes() {
      return maxBytes;
    }

    /**
     * Sets the byte bound.
     *
     * @param maxBytes positive
     */
    public void setMaxBytes(@Nullable DataSize maxBytes) {
      this.maxBytes = maxBytes;
    }

    /**
     * The time to live.
     *
     * @return the ttl, or null for the default
     */
    public @Nullable Duration getTtl() {
      return ttl;
    }

    /**
     * Sets the time to live.
     *
     * @param ttl positive
     */
    public void setTtl(@Nullable Duration ttl) {
      this.ttl = ttl;
    }

    /**
     * The refresh-after-write time.
     *
     * @return the time, or null
     */
    public @Nullable Duration getRefreshAfterWrite() {
      return refreshAfterWrite;
    }

    /**
     * Sets the refresh-after-write time.
     *
     * @param refreshAfterWrite positive, below the ttl
     */
    public void setRefreshAfterWrite(@Nullable Duration refreshAfterWrite) {
      this.refreshAfterWrite = refreshAfterWrite;
    }

    /**
     * The stale-if-error window.
     *
     * @return the window, or null
     */
    public @Nullable Duration getStaleIfError() {
      return staleIfError;
    }

    /**
     * Sets the stale-if-error window.
     *
     * @param staleIfError positive
     */
    public void setStaleIfError(@Nullable Duration staleIfError) {
      this.staleIfError = staleIfError;
    }

    /**
     * The scope.
     *
     * @return the scope, or null for the default
     */
    public @Nullable Scope getScope() {
      return scope;
    }

    /**
     * Sets the scope.
     *
     * @param scope the scope
     */
    public void setScope(@Nullable Scope scope) {
      this.scope = scope;
    }

    /**
     * The key attributes.
     *
     * @return a mutable list
     */
    public List<String> getKeyAttributes() {
      return keyAttributes;
    }

    /**
     * Sets the key attributes.
     *
     * @param keyAttributes attribute names
     */
    public void setKeyAttributes(List<String> keyAttributes) {
      this.keyAttributes = keyAttributes;
    }

    /**
     * The similarity threshold.
     *
     * @return the threshold, or null for the default
     */
    public @Nullable Double getSimilarityThreshold() {
      return similarityThreshold;
    }

    /**
     * Sets the similarity threshold.
     *
     * @param similarityThreshold in (0, 1]
     */
    public void setSimilarityThreshold(@Nullable Double similarityThreshold) {
      this.similarityThreshold = similarityThreshold;
    }

    /**
     * The embedding client.
     *
     * @return a client name, or null
     */
    public @Nullable String getEmbeddingClient() {
      return embeddingClient;
    }

    /**
     * Sets the embedding client.
     *
     * @param embeddingClient a configured client's name
     */
    public void setEmbeddingClient(@Nullable String embeddingClient) {
      this.embeddingClient = embeddingClient;
    }

    /**
     * The embedding model alias.
     *
     * @return the alias, or null
     */
    public @Nullable String getEmbeddingModel() {
      return embeddingModel;
    }

    /**
     * Sets the embedding model alias.
     *
     * @param embeddingModel the alias
     */
    public void setEmbeddingModel(@Nullable String embeddingModel) {
      this.embeddingModel = embeddingModel;
    }
  }

  /** How a guard acts. */
  public enum GuardMode {
    /** No guard (the default). */
    OFF,
    /** The standard scanners with their standard actions (block, redact, flag). */
    ENFORCE,
    /** Every scanner only flags: nothing is blocked or changed (a shadow rollout). */
    MONITOR
  }

  /** What a scanner's findings cause. */
  public enum ScannerAction {
    /** Reject the call. */
    BLOCK,
    /** Remove or mask the finding. */
    REDACT,
    /** Let it through, marked. */
    FLAG,
    /** Do not run the scanner. */
    OFF
  }

  /** Input and output guards. */
  public static class GuardsSpec {
    /** The input guard (INPUT_GUARD stage). */
    private InputGuardSpec input = new InputGuardSpec();

    /** The output guard (OUTPUT_GUARD stage). */
    private OutputGuardSpec output = new OutputGuardSpec();

    /** Validates JSON answers (response format JSON_OBJECT / JSON_SCHEMA) per attempt. */
    private boolean jsonValidation = false;

    /**
     * The input guard.
     *
     * @return the settings
     */
    public InputGuardSpec getInput() {
      return input;
    }

    /**
     * Sets the input guard.
     *
     * @param input the settings
     */
    public void setInput(InputGuardSpec input) {
      this.input = input;
    }

    /**
     * The output guard.
     *
     * @return the settings
     */
    public OutputGuardSpec getOutput() {
      return output;
    }

    /**
     * Sets the output guard.
     *
     * @param output the settings
     */
    public void setOutput(OutputGuardSpec output) {
      this.output = output;
    }

    /**
     * Whether JSON answers are validated.
     *
     * @return false by default
     */
    public boolean isJsonValidation() {
      return jsonValidation;
    }

    /**
     * Sets whether JSON answers are validated.
     *
     * @param jsonValidation the flag
     */
    public void setJsonValidation(boolean jsonValidation) {
      this.jsonValidation = jsonValidation;
    }
  }

  /** The input guard. */
  public static class InputGuardSpec {
    /** off (default), enforce or monitor. */
    private GuardMode mode = GuardMode.OFF;

    /**
     * Per-scanner actions replacing the standard ones; scanners: size, unicode, confusables,
     * encoded, injection, secrets, pii.
     */
    private Map<String, ScannerAction> scanners = new LinkedHashMap<>();

    /** The injection score from which the injection scanner acts (default 0.3). */
    private @Nullable Double injectionThreshold;

    /** Phrases to ban (matched on the normalised text); blocked unless ban-list-action says otherwise. */
    private List<String> banList = new ArrayList<>();

    /** What a ban-list match causes (default block). */
    private ScannerAction banListAction = ScannerAction.BLOCK;

    /** Replaces PII with numbered placeholders and restores it in the answer (default false). */
    private boolean vault = false;

    /** Forwards the NFKC-normalised text instead of the original (default false). */
    private boolean forwardNormalized = false;

    /**
     * The mode.
     *
     * @return the mode
     */
    public GuardMode getMode() {
      return mode;
    }

    /**
     * Sets the mode.
     *
     * @param mode the mode
     */
    public void setMode(GuardMode mode) {
      this.mode = mode;
    }

    /**
     * Per-scanner actions.
     *
     * @return a mutable map
     */
    public Map<String, ScannerAction> getScanners() {
      return scanners;
    }

    /**
     * Sets per-scanner actions.
     *
     * @param scanners by scanner name
     */
    public void setScanners(Map<String, ScannerAction> scanners) {
      this.scanners = scanners;
    }

    /**
     * The injection threshold.
     *
     * @return the threshold, or null for the default
     */
    public @Nullable Double getInjectionThreshold() {
      return injectionThreshold;
    }

    /**
     * Sets the injection threshold.
     *
     * @param injectionThreshold in [0, 1]
     */
    public void setInjectionThreshold(@Nullable Double injectionThreshold) {
      this.injectionThreshold = injectionThreshold;
    }

    /**
     * The ban list.
     *
     * @return a mutable list
     */
    public List<String> getBanList() {
      return banList;
    }

    /**
     * Sets the ban list.
     *
     * @param banList phrases
     */
    public void setBanList(List<String> banList) {
      this.banList = banList;
    }

    /**
     * The ban list action.
     *
     * @return the action
     */
    public ScannerAction getBanListAction() {
      return banListAction;
    }

    /**
     * Sets the ban list action.
     *
     * @param banListAction the action
     */
    public void setBanListAction(ScannerAction banListAction) {
      this.banListAction = banListAction;
    }

    /**
     * Whether the PII vault is on.
     *
     * @return false by default
     */
    public boolean isVault() {
      return vault;
    }

    /**
     * Turns the PII vault on or off.
     *
     * @param vault the flag
     */
    public void setVault(boolean vault) {
      this.vault = vault;
    }

    /**
     * Whether normalised text is forwarded.
     *
     * @return false by default
     */
    public boolean isForwardNormalized() {
      return forwardNormalized;
    }

    /**
     * Sets whether normalised text is forwarded.
     *
     * @param forwardNormalized the flag
     */
    public void setForwardNormalized(boolean forwardNormalized) {
      this.forwardNormalized = forwardNormalized;
    }
  }

  /** The output guard. */
  public static class OutputGuardSpec {
    /** off (default), enforce or monitor. */
    private GuardMode mode = GuardMode.OFF;

    /**
     * Per-scanner actions replacing the standard ones; scanners: canary, secrets, pii, links,
     * refusal.
     */
    private Map<String, ScannerAction> scanners = new LinkedHashMap<>();

    /** Hosts links may point to without being redacted. */
    private List<String> allowedLinkHosts = new ArrayList<>();

    /** Adds a canary token to chat requests and rejects answers that leak it (default true). */
    private boolean canary = true;

    /**
     * The mode.
     *
     * @return the mode
     */
    public GuardMode getMode() {
      return mode;
    }

    /**
     * Sets the mode.
     *
     * @param mode the mode
     */
    public void setMode(GuardMode mode) {
      this.mode = mode;
    }

    /**
     * Per-scanner actions.
     *
     * @return a mutable map
     */
    public Map<String, ScannerAction> getScanners() {
      return scanners;
    }

    /**
     * Sets per-scanner actions.
     *
     * @param scanners by scanner name
     */
    public void setScanners(Map<String, ScannerAction> scanners) {
      this.scanners = scanners;
    }

    /**
     * The allowed link hosts.
     *
     * @return a mutable list
     */
    public List<String> getAllowedLinkHosts() {
      return allowedLinkHosts;
    }

    /**
     * Sets the allowed link hosts.
     *
     * @param allowedLinkHosts host names
     */
    public void setAllowedLinkHosts(List<String> allowedLinkHosts) {
      this.allowedLinkHosts = allowedLinkHosts;
    }

    /**
     * Whether the canary is on.
     *
     * @return true by default
     */
    public boolean isCanary() {
      return canary;
    }

    /**
     * Turns the canary on or off.
     *
     * @param canary the flag
     */
    public void setCanary(boolean canary) {
      this.canary = canary;
    }
  }

  /** Access control: roles with permissions, granted to principals, tenants or everyone. */
  public static class AccessSpec {
    /** Whether the access policy runs (default false). */
    private boolean enabled = false;

    /** Roles by name, each a list of permissions. */
    private Map<String, List<PermissionSpec>> roles = new LinkedHashMap<>();

    /** Roles per principal. */
    private Map<String, List<String>> principals = new LinkedHashMap<>();

    /** Roles per tenant. */
    private Map<String, List<String>> tenants = new LinkedHashMap<>();

    /** Roles everyone holds. */
    private List<String> everyone = new ArrayList<>();

    /** Per-tenant or per-principal quotas and token budgets. */
    private List<QuotaSpec> quotas = new ArrayList<>();

    /** How many tenants and principals the quotas track at most. */
    private @Nullable Integer maxTrackedCallers;

    /**
     * Whether the policy runs.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns the policy on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The roles.
     *
     * @return a mutable map
     */
    public Map<String, List<PermissionSpec>> getRoles() {
      return roles;
    }

    /**
     * Sets the roles.
     *
     * @param roles by name
     */
    public void setRoles(Map<String, List<PermissionSpec>> roles) {
      this.roles = roles;
    }

    /**
     * Roles per principal.
     *
     * @return a mutable map
     */
    public Map<String, List<String>> getPrincipals() {
      return principals;
    }

    /**
     * Sets roles per principal.
     *
     * @param principals role names by principal
     */
    public void setPrincipals(Map<String, List<String>> principals) {
      this.principals = principals;
    }

    /**
     * Roles per tenant.
     *
     * @return a mutable map
     */
    public Map<String, List<String>> getTenants() {
      return tenants;
    }

    /**
     * Sets roles per tenant.
     *
     * @param tenants role names by tenant
     */
    public void setTenants(Map<String, List<String>> tenants) {
      this.tenants = tenants;
    }

    /**
     * Roles everyone holds.
     *
     * @return a mutable list
     */
    public List<String> getEveryone() {
      return everyone;
    }

    /**
     * Sets roles everyone holds.
     *
     * @param everyone role names
     */
    public void setEveryone(List<String> everyone) {
      this.everyone = everyone;
    }

    /**
     * Per-tenant or per-principal request quotas and token budgets; every one that applies to a
     * call must admit it, or the call fails with {@code BUDGET_EXCEEDED}.
     *
     * @return a mutable list
     */
    public List<QuotaSpec> getQuotas() {
      return quotas;
    }

    /**
     * Sets the quotas.
     *
     * @param quotas the quotas
     */
    public void setQuotas(List<QuotaSpec> quotas) {
      this.quotas = quotas;
    }

    /**
     * How many tenants and principals the quotas track at most (idle ones are forgotten first).
     *
     * @return the bound, or null for the library default (10,000)
     */
    public @Nullable Integer getMaxTrackedCallers() {
      return maxTrackedCallers;
    }

    /**
     * Sets how many callers the quotas track at most.
     *
     * @param maxTrackedCallers a positive bound
     */
    public void setMaxTrackedCallers(@Nullable Integer maxTrackedCallers) {
      this.maxTrackedCallers = maxTrackedCallers;
    }
  }

  /** One quota: a request count and/or a token budget per tenant or principal over a window. */
  public static class QuotaSpec {
    /** Whose quota: each tenant or each principal has its own. */
    private QuotaScope scope = QuotaScope.TENANT;

    /** The fixed window the counts reset after, for example 1m or 1d. */
    private @Nullable Duration window;

    /** Calls allowed per window; unset = no request quota. */
    private @Nullable Long maxRequests;

    /** Input plus output tokens allowed per window; unset = no token budget. */
    private @Nullable Long maxTokens;

    /** Only these tenants or principals; empty = every one. */
    private List<String> only = new ArrayList<>();

    /**
     * Whose quota.
     *
     * @return tenant by default
     */
    public QuotaScope getScope() {
      return scope;
    }

    /**
     * Sets whose quota.
     *
     * @param scope tenant or principal
     */
    public void setScope(QuotaScope scope) {
      this.scope = scope;
    }

    /**
     * The window.
     *
     * @return the window, or null when unset (required)
     */
    public @Nullable Duration getWindow() {
      return window;
    }

    /**
     * Sets the window.
     *
     * @param window a positive duration
     */
    public void setWindow(@Nullable Duration window) {
      this.window = window;
    }

    /**
     * Calls per window.
     *
     * @return the count, or null for none
     */
    public @Nullable Long getMaxRequests() {
      return maxRequests;
    }

    /**
     * Sets calls per window.
     *
     * @param maxRequests a positive count
     */
    public void setMaxRequests(@Nullable Long maxRequests) {
      this.maxRequests = maxRequests;
    }

    /**
     * Tokens per window.
     *
     * @return the budget, or null for none
     */
    public @Nullable Long getMaxTokens() {
      return maxTokens;
    }

    /**
     * Sets tokens per window.
     *
     * @param maxTokens a positive budget
     */
    public void setMaxTokens(@Nullable Long maxTokens) {
      this.maxTokens = maxTokens;
    }

    /**
     * The tenants or principals the quota applies to.
     *
     * @return a mutable list; empty = all
     */
    public List<String> getOnly() {
      return only;
    }

    /**
     * Sets the tenants or principals the quota applies to.
     *
     * @param only ids
     */
    public void setOnly(List<String> only) {
      this.only = only;
    }
  }

  /** Whose quota a {@link QuotaSpec} counts. */
  public enum QuotaScope {
    /** Each tenant has its own counts. */
    TENANT,
    /** Each principal has its own counts. */
    PRINCIPAL
  }

  /** One permission of a role. */
  public static class PermissionSpec {
    /** Client names, or "*" (default any). */
    private List<String> clients = new ArrayList<>(List.of("*"));

    /** Model aliases, or "*" (default any). */
    private List<String> models = new ArrayList<>(List.of("*"));

    /** Operations: chat, completion, embedding, predict (default all). */
    private List<dev.mainstay.core.Operation> operations = new ArrayList<>();

    /** The most answer tokens a call may ask for (default no limit). */
    private @Nullable Integer maxTokens;

    /**
     * The clients.
     *
     * @return a mutable list
     */
    public List<String> getClients() {
      return clients;
    }

    /**
     * Sets the clients.
     *
     * @param clients names or "*"
     */
    public void setClients(List<String> clients) {
      this.clients = clients;
    }

    /**
     * The models.
     *
     * @return a mutable list
     */
    public List<String> getModels() {
      return models;
    }

    /**
     * Sets the models.
     *
     * @param models aliases or "*"
     */
    public void setModels(List<String> models) {
      this.models = models;
    }

    /**
     * The operations.
     *
     * @return a mutable list; empty means all
     */
    public List<dev.mainstay.core.Operation> getOperations() {
      return operations;
    }

    /**
     * Sets the operations.
     *
     * @param operations the operations
     */
    public void setOperations(List<dev.mainstay.core.Operation> operations) {
      this.operations = operations;
    }

    /**
     * The token limit.
     *
     * @return the limit, or null
     */
    public @Nullable Integer getMaxTokens() {
      return maxTokens;
    }

    /**
     * Sets the token limit.
     *
     * @param maxTokens positive
     */
    public void setMaxTokens(@Nullable Integer maxTokens) {
      this.maxTokens = maxTokens;
    }
  }

  /** Drift monitoring. */
  public static class DriftSpec {
    /** Whether a drift monitor runs (default false). */
    private boolean enabled = false;

    /**
     * Signals to watch; empty means the standard set. Names: latency, error, timeout, refusal,
     * output-tokens, output-chars, prompt-tokens, prompt-chars, finish-reason, predicted-class,
     * score, embedding.
     */
    private List<String> signals = new ArrayList<>();

    /** Input features (PREDICT requests) to watch at call level. */
    private List<String> features = new ArrayList<>();

    /** Keeps detectors per endpoint and model (default true). */
    private @Nullable Boolean perEndpoint;

    /** Keeps a client-wide detector per signal (default true). */
    private @Nullable Boolean perClient;

    /** The least time between two alarms of one detector (default 0). */
    private @Nullable Duration alarmCoolDown;

    /** Marks drifting endpoints degraded. */
    private DegradeSpec degrade = new DegradeSpec();

    /**
     * Whether drift monitoring is on.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns drift monitoring on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The signals.
     *
     * @return a mutable list
     */
    public List<String> getSignals() {
      return signals;
    }

    /**
     * Sets the signals.
     *
     * @param signals signal names
     */
    public void setSignals(List<String> signals) {
      this.signals = signals;
    }

    /**
     * The features.
     *
     * @return a mutable list
     */
    public List<String> getFeatures() {
      return features;
    }

    /**
     * Sets the features.
     *
     * @param features feature names
     */
    public void setFeatures(List<String> features) {
      this.features = features;
    }

    /**
     * Whether detectors are kept per endpoint.
     *
     * @return the flag, or null for the default
     */
    public @Nullable Boolean getPerEndpoint() {
      return perEndpoint;
    }

    /**
     * Sets whether detectors are kept per endpoint.
     *
     * @param perEndpoint the flag
     */
    public void setPerEndpoint(@Nullable Boolean perEndpoint) {
      this.perEndpoint = perEndpoint;
    }

    /**
     * Whether a client-wide detector is kept.
     *
     * @return the flag, or null for the default
     */
    public @Nullable Boolean getPerClient() {
      return perClient;
    }

    /**
     * Sets whether a client-wide detector is kept.
     *
     * @param perClient the flag
     */
    public void setPerClient(@Nullable Boolean perClient) {
      this.perClient = perClient;
    }

    /**
     * The alarm cool-down.
     *
     * @return the cool-down, or null
     */
    public @Nullable Duration getAlarmCoolDown() {
      return alarmCoolDown;
    }

    /**
     * Sets the alarm cool-down.
     *
     * @param alarmCoolDown zero or more
     */
    public void setAlarmCoolDown(@Nullable Duration alarmCoolDown) {
      this.alarmCoolDown = alarmCoolDown;
    }

    /**
     * The degradation settings.
     *
     * @return the settings
     */
    public DegradeSpec getDegrade() {
      return degrade;
    }

    /**
     * Sets the degradation settings.
     *
     * @param degrade the settings
     */
    public void setDegrade(DegradeSpec degrade) {
      this.degrade = degrade;
    }
  }

  /** Marking drifting endpoints degraded. */
  public static class DegradeSpec {
    /** Whether alarms mark endpoints degraded (default false). */
    private boolean enabled = false;

    /** How long a mark lasts (default: the library's). */
    private @Nullable Duration degradeFor;

    /** No re-mark of one endpoint within this (default: the library's). */
    private @Nullable Duration coolDown;

    /**
     * Whether degradation is on.
     *
     * @return false by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns degradation on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * How long a mark lasts.
     *
     * @return the duration, or null
     */
    public @Nullable Duration getDegradeFor() {
      return degradeFor;
    }

    /**
     * Sets how long a mark lasts.
     *
     * @param degradeFor positive
     */
    public void setDegradeFor(@Nullable Duration degradeFor) {
      this.degradeFor = degradeFor;
    }

    /**
     * The re-mark cool-down.
     *
     * @return the duration, or null
     */
    public @Nullable Duration getCoolDown() {
      return coolDown;
    }

    /**
     * Sets the re-mark cool-down.
     *
     * @param coolDown zero or more
     */
    public void setCoolDown(@Nullable Duration coolDown) {
      this.coolDown = coolDown;
    }
  }

  /** Tracing and metrics. */
  public static class ObservabilitySpec {
    /** Whether the OBSERVE stage runs, with the context's OpenTelemetry and MeterRegistry (default true). */
    private boolean enabled = true;

    /** Records prompt and answer text on spans (default false). */
    private boolean captureContent = false;

    /** Logs each decision through System.Logger (default true). */
    private boolean decisionLogs = true;

    /**
     * Whether observability is on.
     *
     * @return true by default
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns observability on or off.
     *
     * @param enabled the flag
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Whether content is captured.
     *
     * @return false by default
     */
    public boolean isCaptureContent() {
      return captureContent;
    }

    /**
     * Sets whether content is captured.
     *
     * @param captureContent the flag
     */
    public void setCaptureContent(boolean captureContent) {
      this.captureContent = captureContent;
    }

    /**
     * Whether decisions are logged.
     *
     * @return true by default
     */
    public boolean isDecisionLogs() {
      return decisionLogs;
    }

    /**
     * Sets whether decisions are logged.
     *
     * @param decisionLogs the flag
     */
    public void setDecisionLogs(boolean decisionLogs) {
      this.decisionLogs = decisionLogs;
    }
  }
}
