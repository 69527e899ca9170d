package dev.mainstay.backend.openai;

import static java.util.Objects.requireNonNull;

import dev.mainstay.backend.http.EndpointUri;
import dev.mainstay.backend.http.HttpOptions;
import dev.mainstay.backend.http.Secret;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.TimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Configuration of one OpenAI-compatible endpoint. Build with {@link #builder(String)} or parse
 * from a URI with {@link #fromUri(URI)}. {@link #toString()} never shows the API key.
 *
 * <p>Streaming (server-sent events) will reuse this configuration unchanged: it is a property of a
 * call, not of the endpoint.
 *
 * @param id the endpoint id (metrics, events, breaker names)
 * @param baseUrl the API base, without a trailing slash (for example {@code
 *     https://api.openai.com/v1}); requests go to {@code baseUrl + "/chat/completions"} and {@code
 *     baseUrl + "/embeddings"}
 * @param model the provider model used when a request's alias is not mapped
 * @param embeddingModel the provider model for unmapped EMBEDDING requests, or null to use {@code
 *     model}
 * @param modelMap logical alias → provider model
 * @param apiKey the API key sent as {@code Authorization: Bearer}, or null (local servers)
 * @param organization the {@code OpenAI-Organization} header, or null
 * @param project the {@code OpenAI-Project} header, or null
 * @param maxTokensField the request field carrying max tokens: {@code max_tokens} (default, what
 *     local servers read) or {@code max_completion_tokens} (OpenAI's newer reasoning models)
 * @param http connect/request timeouts and the response size limit
 * @param region the region the endpoint runs in, or {@code ""}
 * @param zone the zone, or {@code ""}
 * @param tier the routing tier (0 first)
 * @param weight the relative weight within the tier
 * @param maxContextTokens the model's context window
 * @param inputPricePerMillion price per million input tokens (0 when unknown)
 * @param outputPricePerMillion price per million output tokens (0 when unknown)
 * @param operations operations served (of CHAT, COMPLETION, EMBEDDING)
 * @param timeSource times requests that carry no deadline and reads "now" for HTTP-date headers
 * @param httpClient a caller-owned HTTP client (proxies, TLS), or null to create one per endpoint
 */
public record OpenAiConfig(
    String id,
    URI baseUrl,
    String model,
    @Nullable String embeddingModel,
    Map<String, String> modelMap,
    @Nullable Secret apiKey,
    @Nullable String organization,
    @Nullable String project,
    String maxTokensField,
    HttpOptions http,
    String region,
    String zone,
    int tier,
    int weight,
    int maxContextTokens,
    double inputPricePerMillion,
    double outputPricePerMillion,
    Set<Operation> operations,
    TimeSource timeSource,
    @Nullable HttpClient httpClient) {

  /** The provider name in {@link dev.mainstay.core.EndpointInfo#provider()}. */
  public static final String PROVIDER = "openai";

  /** URI parameters {@link #fromUri(URI)} understands (plus {@code map.ALIAS=MODEL}). */
  public static final Set<String> URI_KEYS = Set.of(
      "model", "embeddingModel", "id", "apiKeyEnv", "organization", "project", "maxTokensField",
      "connectTimeout", "timeout", "maxResponseBytes", "region", "zone", "tier", "weight",
      "maxContextTokens", "inputPrice", "outputPrice", "operations");

  /** Validates the components and makes defensive copies. */
  public OpenAiConfig {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("baseUrl must be an http:// or https:// URL with a host");
    }
    if (baseUrl.getRawQuery() != null || baseUrl.getRawUserInfo() != null || baseUrl.toString().endsWith("/")) {
      throw new IllegalArgumentException("baseUrl must have no query, no credentials and no trailing slash");
    }
    requireNonBlank(model, "model");
    if (embeddingModel != null) {
      requireNonBlank(embeddingModel, "embeddingModel");
    }
    Map<String, String> mm = new TreeMap<>();
    requireNonNull(modelMap, "modelMap").forEach((k, v) -> mm.put(requireNonBlank(k, "model alias"), requireNonBlank(v, "mapped model")));
    modelMap = Collections.unmodifiableMap(mm);
    if (organization != null) {
      requireNonBlank(organization, "organization");
    }
    if (project != null) {
      requireNonBlank(project, "project");
    }
    requireNonNull(maxTokensField, "maxTokensField");
    if (!maxTokensField.equals("max_tokens") && !maxTokensField.equals("max_completion_tokens")) {
      throw new IllegalArgumentException("maxTokensField must be max_tokens or max_completion_tokens, was " + maxTokensField);
    }
    requireNonNull(http, "http");
    requireNonNull(region, "region");
    requireNonNull(zone, "zone");
    if (tier < 0) {
      throw new IllegalArgumentException("tier must be >= 0, was " + tier);
    }
    if (weight <= 0) {
      throw new IllegalArgumentException("weight must be positive, was " + weight);
    }
    if (maxContextTokens <= 0) {
      throw new IllegalArgumentException("maxContextTokens must be positive, was " + maxContextTokens);
    }
    if (!(inputPricePerMillion >= 0) || !(outputPricePerMillion >= 0)
        || !Double.isFinite(inputPricePerMillion) || !Double.isFinite(outputPricePerMillion)) {
      throw new IllegalArgumentException("prices must be finite and >= 0");
    }
    requireNonNull(operations, "operations");
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("operations must not be empty");
    }
    if (operations.contains(Operation.PREDICT)) {
      throw new IllegalArgumentException("an OpenAI endpoint serves CHAT, COMPLETION and EMBEDDING, not PREDICT");
    }
    operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
    requireNonNull(timeSource, "timeSource");
  }

  /**
   * A builder for an endpoint at a base URL.
   *
   * @param baseUrl for example {@code https://api.openai.com/v1} or {@code http://localhost:8000/v1}
   * @return a new builder
   */
  public static Builder builder(String baseUrl) {
    requireNonNull(baseUrl, "baseUrl");
    String b = baseUrl;
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return new Builder(URI.create(b));
  }

  /**
   * Parses an endpoint URI such as {@code
   * openai:https://api.openai.com/v1?model=gpt-4o-mini&apiKeyEnv=OPENAI_API_KEY&id=oai-eu&region=eu}.
   * Parameters: see {@link #URI_KEYS}; {@code map.ALIAS=MODEL} maps an alias; durations read
   * {@code 500ms}, {@code 5s}, {@code PT5S}; {@code operations} is a comma list ({@code
   * chat,completion,embedding}). API keys are never accepted in a URI: use {@code apiKeyEnv}.
   *
   * @param uri the URI
   * @return the configuration
   * @throws IllegalArgumentException naming the bad part
   */
  public static OpenAiConfig fromUri(URI uri) {
    return fromUri(uri, System::getenv);
  }

  /**
   * Parses an endpoint URI, reading environment variables through a function (for tests).
   *
   * @param uri the URI
   * @param environment reads an environment variable
   * @return the configuration
   * @throws IllegalArgumentException naming the bad part
   */
  public static OpenAiConfig fromUri(URI uri, Function<String, @Nullable String> environment) {
    EndpointUri u = EndpointUri.parse(uri, "openai", URI_KEYS, Set.of("map."));
    String model = u.get("model");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("openai endpoint URI needs model=NAME");
    }
    Builder b = new Builder(u.base()).model(model).environment(environment);
    String v;
    if ((v = u.get("id")) != null) {
      b.id(v);
    }
    if ((v = u.get("embeddingModel")) != null) {
      b.embeddingModel(v);
    }
    if ((v = u.get("apiKeyEnv")) != null) {
      b.apiKeyEnv(v);
    }
    if ((v = u.get("organization")) != null) {
      b.organization(v);
    }
    if ((v = u.get("project")) != null) {
      b.project(v);
    }
    if ((v = u.get("maxTokensField")) != null) {
      b.maxTokensField(v);
    }
    if ((v = u.get("region")) != null) {
      b.region(v);
    }
    if ((v = u.get("zone")) != null) {
      b.zone(v);
    }
    Duration d;
    if ((d = u.duration("connectTimeout")) != null) {
      b.connectTimeout(d);
    }
    if ((d = u.duration("timeout")) != null) {
      b.requestTimeout(d);
    }
    Integer i;
    if ((i = u.integer("maxResponseBytes")) != null) {
      b.maxResponseBytes(i);
    }
    if ((i = u.integer("tier")) != null) {
      b.tier(i);
    }
    if ((i = u.integer("weight")) != null) {
      b.weight(i);
    }
    if ((i = u.integer("maxContextTokens")) != null) {
      b.maxContextTokens(i);
    }
    Double in = u.decimal("inputPrice");
    Double out = u.decimal("outputPrice");
    if (in != null || out != null) {
      b.pricePerMillion(in == null ? 0 : in, out == null ? 0 : out);
    }
    if ((v = u.get("operations")) != null) {
      EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
      for (String op : v.split(",")) {
        try {
          ops.add(Operation.valueOf(op.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("unknown operation '" + op.trim() + "' in operations", e);
        }
      }
      b.operations(ops);
    }
    u.withPrefix("map.").forEach(b::mapModel);
    return b.build();
  }

  /**
   * The provider model for a request.
   *
   * @param alias the request's model alias
   * @param operation the request's operation
   * @return the mapped model, else the embedding model for EMBEDDING when set, else {@link #model()}
   */
  public String providerModel(String alias, Operation operation) {
    String mapped = modelMap.get(alias);
    if (mapped != null) {
      return mapped;
    }
    if (operation == Operation.EMBEDDING && embeddingModel != null) {
      return embeddingModel;
    }
    return model;
  }

  @Override
  public String toString() {
    return "OpenAiConfig[id=" + id + ", baseUrl=" + baseUrl + ", model=" + model
        + ", apiKey=" + (apiKey == null ? "none" : apiKey.toString()) + ", operations=" + operations + "]";
  }

  private static String requireNonBlank(@Nullable String v, String name) {
    requireNonNull(v, name);
    if (v.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return v;
  }

  /** Builds an {@link OpenAiConfig}. Not thread-safe; scalar settings can be set once. */
  public static final class Builder {
    private final URI baseUrl;
    private @Nullable String id;
    private @Nullable String model;
    private @Nullable String embeddingModel;
    private final Map<String, String> modelMap = new LinkedHashMap<>();
    private @Nullable Secret apiKey;
    private @Nullable String apiKeyEnv;
    private @Nullable String organization;
    private @Nullable String project;
    private @Nullable String maxTokensField;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration requestTimeout;
    private long maxResponseBytes = -1;
    private @Nullable String region;
    private @Nullable String zone;
    private int tier = -1;
    private int weight = -1;
    private int maxContextTokens = -1;
    private double inputPrice = -1;
    private double outputPrice = -1;
    private @Nullable Set<Operation> operations;
    private @Nullable TimeSource timeSource;
    private @Nullable HttpClient httpClient;
    private Function<String, @Nullable String> environment = System::getenv;

    private Builder(URI baseUrl) {
      this.baseUrl = baseUrl;
    }

    private static void once(boolean unset, String name) {
      if (!unset) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /**
     * Sets the endpoint id; default {@code openai:HOST[:PORT]/MODEL}.
     *
     * @param value a non-blank id
     * @return this builder
     */
    public Builder id(String value) {
      once(id == null, "id");
      this.id = requireNonNull(value, "id");
      return this;
    }

    /**
     * Sets the provider model used for unmapped aliases. Required.
     *
     * @param value for example {@code gpt-4o-mini} or {@code meta-llama/Llama-3.1-8B-Instruct}
     * @return this builder
     */
    public Builder model(String value) {
      once(model == null, "model");
      this.model = requireNonNull(value, "model");
      return this;
    }

    /**
     * Sets the provider model for unmapped EMBEDDING requests.
     *
     * @param value for example {@code text-embedding-3-small}
     * @return this builder
     */
    public Builder embeddingModel(String value) {
      once(embeddingModel == null, "embeddingModel");
      this.embeddingModel = requireNonNull(value, "embeddingModel");
      return this;
    }

    /**
     * Maps a logical alias to a provider model.
     *
     * @param alias the alias requests name
     * @param providerModel the model sent to the server
     * @return this builder
     */
    public Builder mapModel(String alias, String providerModel) {
      if (modelMap.containsKey(requireNonNull(alias, "alias"))) {
        throw new IllegalStateException("alias '" + alias + "' was already mapped");
      }
      modelMap.put(alias, requireNonNull(providerModel, "providerModel"));
      return this;
    }

    /**
     * Sets the API key directly.
     *
     * @param value the key
     * @return this builder
     */
    public Builder apiKey(Secret value) {
      once(apiKey == null && apiKeyEnv == null, "apiKey");
      this.apiKey = requireNonNull(value, "apiKey");
      return this;
    }

    /**
     * Reads the API key from an environment variable when {@link #build()} runs.
     *
     * @param variable for example {@code OPENAI_API_KEY}
     * @return this builder
     */
    public Builder apiKeyEnv(String variable) {
      once(apiKey == null && apiKeyEnv == null, "apiKey");
      this.apiKeyEnv = requireNonNull(variable, "variable");
      return this;
    }

    /**
     * Replaces how environment variables are read (tests); default {@code System::getenv}.
     *
     * @param value reads a variable, returning null when unset
     * @return this builder
     */
    public Builder environment(Function<String, @Nullable String> value) {
      this.environment = requireNonNull(value, "environment");
      return this;
    }

    /**
     * Sets the {@code OpenAI-Organization} header.
     *
     * @param value the organization id
     * @return this builder
     */
    public Builder organization(String value) {
      once(organization == null, "organization");
      this.organization = requireNonNull(value, "organization");
      return this;
    }

    /**
     * Sets the {@code OpenAI-Project} header.
     *
     * @param value the project id
     * @return this builder
     */
    public Builder project(String value) {
      once(project == null, "project");
      this.project = requireNonNull(value, "project");
      return this;
    }

    /**
     * Sets the request field carrying max tokens.
     *
     * @param value {@code max_tokens} (default) or {@code max_completion_tokens}
     * @return this builder
     */
    public Builder maxTokensField(String value) {
      once(maxTokensField == null, "maxTokensField");
      this.maxTokensField = requireNonNull(value, "maxTokensField");
      return this;
    }

    /**
     * Sets the connect timeout.
     *
     * @param value positive; default {@link HttpOptions#DEFAULT_CONNECT_TIMEOUT}
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      once(connectTimeout == null, "connectTimeout");
      this.connectTimeout = requireNonNull(value, "connectTimeout");
      return this;
    }

    /**
     * Sets the per-request timeout; the call deadline bounds it further.
     *
     * @param value positive; default {@link HttpOptions#DEFAULT_REQUEST_TIMEOUT}
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      once(requestTimeout == null, "requestTimeout");
      this.requestTimeout = requireNonNull(value, "requestTimeout");
      return this;
    }

    /**
     * Sets the largest response body read.
     *
     * @param value bytes, at least 1024; default {@link HttpOptions#DEFAULT_MAX_RESPONSE_BYTES}
     * @return this builder
     */
    public Builder maxResponseBytes(long value) {
      once(maxResponseBytes == -1, "maxResponseBytes");
      this.maxResponseBytes = value;
      return this;
    }

    /**
     * Sets the region.
     *
     * @param value region name
     * @return this builder
     */
    public Builder region(String value) {
      once(region == null, "region");
      this.region = requireNonNull(value, "region");
      return this;
    }

    /**
     * Sets the zone.
     *
     * @param value zone name
     * @return this builder
     */
    public Builder zone(String value) {
      once(zone == null, "zone");
      this.zone = requireNonNull(value, "zone");
      return this;
    }

    /**
     * Sets the routing tier.
     *
     * @param value 0 or more; default 0
     * @return this builder
     */
    public Builder tier(int value) {
      once(tier == -1, "tier");
      this.tier = value;
      return this;
    }

    /**
     * Sets the weight within the tier.
     *
     * @param value positive; default 1
     * @return this builder
     */
    public Builder weight(int value) {
      once(weight == -1, "weight");
      this.weight = value;
      return this;
    }

    /**
     * Sets the model's context window.
     *
     * @param value tokens; default 128000
     * @return this builder
     */
    public Builder maxContextTokens(int value) {
      once(maxContextTokens == -1, "maxContextTokens");
      this.maxContextTokens = value;
      return this;
    }

    /**
     * Sets prices per million tokens.
     *
     * @param input input price
     * @param output output price
     * @return this builder
     */
    public Builder pricePerMillion(double input, double output) {
      once(inputPrice == -1 && outputPrice == -1, "pricePerMillion");
      this.inputPrice = input;
      this.outputPrice = output;
      return this;
    }

    /**
     * Sets the operations served.
     *
     * @param value a non-empty set of CHAT, COMPLETION, EMBEDDING; default all three
     * @return this builder
     */
    public Builder operations(Set<Operation> value) {
      once(operations == null, "operations");
      this.operations = EnumSet.copyOf(requireNonNull(value, "operations"));
      return this;
    }

    /**
     * Sets the time source for requests without a deadline.
     *
     * @param value the time source; default {@link TimeSource#system()}
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      once(timeSource == null, "timeSource");
      this.timeSource = requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * Uses a caller-owned HTTP client (for proxies or TLS settings); the endpoint does not close
     * it, and {@link #connectTimeout(Duration)} does not apply to it.
     *
     * @param value the client
     * @return this builder
     */
    public Builder httpClient(HttpClient value) {
      once(httpClient == null, "httpClient");
      this.httpClient = requireNonNull(value, "httpClient");
      return this;
    }

    /**
     * Validates and builds; reads the API key variable if one was named.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming what is invalid (never a secret)
     * @throws IllegalStateException if no model was set
     */
    public OpenAiConfig build() {
      String m = model;
      if (m == null) {
        throw new IllegalStateException("model is required");
      }
      Secret key = apiKey;
      if (apiKeyEnv != null) {
        key = Secret.fromEnvironment(apiKeyEnv, environment);
      }
      HttpOptions http = HttpOptions.DEFAULTS;
      if (connectTimeout != null) {
        http = http.connectTimeout(connectTimeout);
      }
      if (requestTimeout != null) {
        http = http.requestTimeout(requestTimeout);
      }
      if (maxResponseBytes != -1) {
        http = http.maxResponseBytes(maxResponseBytes);
      }
      String host = baseUrl.getHost() == null ? "unknown" : baseUrl.getHost();
      String defaultId = PROVIDER + ":" + host + (baseUrl.getPort() > 0 ? ":" + baseUrl.getPort() : "") + "/" + m;
      return new OpenAiConfig(
          id == null ? defaultId : id,
          baseUrl,
          m,
          embeddingModel,
          modelMap,
          key,
          organization,
          project,
          maxTokensField == null ? "max_tokens" : maxTokensField,
          http,
          region == null ? "" : region,
          zone == null ? "" : zone,
          tier == -1 ? 0 : tier,
          weight == -1 ? 1 : weight,
          maxContextTokens == -1 ? 128_000 : maxContextTokens,
          inputPrice == -1 ? 0 : inputPrice,
          outputPrice == -1 ? 0 : outputPrice,
          operations == null ? EnumSet.of(Operation.CHAT, Operation.COMPLETION, Operation.EMBEDDING) : operations,
          timeSource == null ? TimeSource.system() : timeSource,
          httpClient);
    }
  }
}
