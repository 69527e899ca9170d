package dev.mainstay.backend.anthropic;

import static java.util.Objects.requireNonNull;

import dev.mainstay.backend.http.EndpointUri;
import dev.mainstay.backend.http.HttpOptions;
import dev.mainstay.backend.http.Secret;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Configuration of one Anthropic Messages API endpoint. {@link #toString()} never shows the key.
 * Streaming will reuse it unchanged ({@code "stream": true} is a per-call choice).
 *
 * @param id the endpoint id
 * @param baseUrl the API base without trailing slash, {@code https://api.anthropic.com/v1} by
 *     default; requests go to {@code baseUrl + "/messages"}
 * @param model the provider model for unmapped aliases
 * @param modelMap alias → provider model
 * @param apiKey the key sent as {@code x-api-key}, or null (for a gateway that adds it)
 * @param version the {@code anthropic-version} header
 * @param defaultMaxTokens {@code max_tokens} when a request sets none (the API requires it)
 * @param http timeouts and the response size limit
 * @param region the region, or {@code ""}
 * @param tier the routing tier
 * @param weight the weight within the tier
 * @param maxContextTokens the context window
 * @param inputPricePerMillion price per million input tokens
 * @param outputPricePerMillion price per million output tokens
 * @param timeSource times requests without a deadline; reads "now" for reset headers
 * @param httpClient a caller-owned HTTP client, or null
 */
public record AnthropicConfig(
    String id,
    URI baseUrl,
    String model,
    Map<String, String> modelMap,
    @Nullable Secret apiKey,
    String version,
    int defaultMaxTokens,
    HttpOptions http,
    String region,
    int tier,
    int weight,
    int maxContextTokens,
    double inputPricePerMillion,
    double outputPricePerMillion,
    TimeSource timeSource,
    @Nullable HttpClient httpClient) {

  /** The provider name in {@link dev.mainstay.core.EndpointInfo#provider()}. */
  public static final String PROVIDER = "anthropic";

  /** The default API base. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";

  /** The API version sent by default. */
  public static final String DEFAULT_VERSION = "2023-06-01";

  /** URI parameters {@link #fromUri(URI)} understands (plus {@code map.ALIAS=MODEL}). */
  public static final Set<String> URI_KEYS = Set.of("model", "id", "apiKeyEnv", "version", "maxTokens",
      "connectTimeout", "timeout", "maxResponseBytes", "region", "tier", "weight", "maxContextTokens",
      "inputPrice", "outputPrice");

  /** Validates the components and makes defensive copies. */
  public AnthropicConfig {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
        || baseUrl.getRawQuery() != null || baseUrl.getRawUserInfo() != null || baseUrl.toString().endsWith("/")) {
      throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, no query, no credentials, no trailing slash");
    }
    requireNonNull(model, "model");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    Map<String, String> mm = new TreeMap<>(requireNonNull(modelMap, "modelMap"));
    modelMap = Collections.unmodifiableMap(mm);
    requireNonNull(version, "version");
    if (defaultMaxTokens <= 0) {
      throw new IllegalArgumentException("defaultMaxTokens must be positive, was " + defaultMaxTokens);
    }
    requireNonNull(http, "http");
    requireNonNull(region, "region");
    if (tier < 0 || weight <= 0 || maxContextTokens <= 0) {
      throw new IllegalArgumentException("tier must be >= 0; weight and maxContextTokens positive");
    }
    if (!(inputPricePerMillion >= 0) || !(outputPricePerMillion >= 0)) {
      throw new IllegalArgumentException("prices must be >= 0");
    }
    requireNonNull(timeSource, "timeSource");
  }

  /**
   * A builder for the public API ({@link #DEFAULT_BASE_URL}).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return builder(DEFAULT_BASE_URL);
  }

  /**
   * A builder for an API base (a gateway, a test server).
   *
   * @param baseUrl for example {@code https://api.anthropic.com/v1}
   * @return a new builder
   */
  public static Builder builder(String baseUrl) {
    String b = requireNonNull(baseUrl, "baseUrl");
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return new Builder(URI.create(b));
  }

  /**
   * Parses {@code anthropic:https://api.anthropic.com/v1?model=claude-sonnet-4-5&apiKeyEnv=ANTHROPIC_API_KEY&maxTokens=1024}.
   * Keys are refused in URIs; use {@code apiKeyEnv}.
   *
   * @param uri the URI
   * @return the configuration
   * @throws IllegalArgumentException naming the bad part
   */
  public static AnthropicConfig fromUri(URI uri) {
    return fromUri(uri, System::getenv);
  }

  /**
   * Parses a URI, reading environment variables through a function (tests).
   *
   * @param uri the URI
   * @param environment reads a variable
   * @return the configuration
   */
  public static AnthropicConfig fromUri(URI uri, Function<String, @Nullable String> environment) {
    EndpointUri u = EndpointUri.parse(uri, "anthropic", URI_KEYS, Set.of("map."));
    String model = u.get("model");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("anthropic endpoint URI needs model=NAME");
    }
    Builder b = new Builder(u.base()).model(model).environment(environment);
    String v;
    if ((v = u.get("id")) != null) {
      b.id(v);
    }
    if ((v = u.get("apiKeyEnv")) != null) {
      b.apiKeyEnv(v);
    }
    if ((v = u.get("version")) != null) {
      b.version(v);
    }
    if ((v = u.get("region")) != null) {
      b.region(v);
    }
    Integer i;
    if ((i = u.integer("maxTokens")) != null) {
      b.defaultMaxTokens(i);
    }
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
    Duration d;
    if ((d = u.duration("connectTimeout")) != null) {
      b.connectTimeout(d);
    }
    if ((d = u.duration("timeout")) != null) {
      b.requestTimeout(d);
    }
    Double in = u.decimal("inputPrice");
    Double out = u.decimal("outputPrice");
    if (in != null || out != null) {
      b.pricePerMillion(in == null ? 0 : in, out == null ? 0 : out);
    }
    u.withPrefix("map.").forEach(b::mapModel);
    return b.build();
  }

  /**
   * The provider model for an alias.
   *
   * @param alias the request's alias
   * @return the mapped model, else {@link #model()}
   */
  public String providerModel(String alias) {
    return modelMap.getOrDefault(alias, model);
  }

  @Override
  public String toString() {
    return "AnthropicConfig[id=" + id + ", baseUrl=" + baseUrl + ", model=" + model
        + ", apiKey=" + (apiKey == null ? "none" : apiKey.toString()) + "]";
  }

  /** Builds an {@link AnthropicConfig}. Not thread-safe; scalar settings can be set once. */
  public static final class Builder {
    private final URI baseUrl;
    private @Nullable String id;
    private @Nullable String model;
    private final Map<String, String> modelMap = new LinkedHashMap<>();
    private @Nullable Secret apiKey;
    private @Nullable String apiKeyEnv;
    private @Nullable String version;
    private int defaultMaxTokens = -1;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration requestTimeout;
    private long maxResponseBytes = -1;
    private @Nullable String region;
    private int tier = -1;
    private int weight = -1;
    private int maxContextTokens = -1;
    private double inputPrice = -1;
    private double outputPrice = -1;
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
     * Sets the endpoint id; default {@code anthropic:HOST/MODEL}.
     *
     * @param value the id
     * @return this builder
     */
    public Builder id(String value) {
      once(id == null, "id");
      this.id = requireNonNull(value, "id");
      return this;
    }

    /**
     * Sets the provider model. Required.
     *
     * @param value for example {@code claude-sonnet-4-5}
     * @return this builder
     */
    public Builder model(String value) {
      once(model == null, "model");
      this.model = requireNonNull(value, "model");
      return this;
    }

    /**
     * Maps an alias to a provider model.
     *
     * @param alias the alias
     * @param providerModel the model
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
     * Sets the API key.
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
     * Reads the API key from an environment variable at {@link #build()}.
     *
     * @param variable for example {@code ANTHROPIC_API_KEY}
     * @return this builder
     */
    public Builder apiKeyEnv(String variable) {
      once(apiKey == null && apiKeyEnv == null, "apiKey");
      this.apiKeyEnv = requireNonNull(variable, "variable");
      return this;
    }

    /**
     * Replaces how environment variables are read (tests).
     *
     * @param value reads a variable
     * @return this builder
     */
    public Builder environment(Function<String, @Nullable String> value) {
      this.environment = requireNonNull(value, "environment");
      return this;
    }

    /**
     * Sets the {@code anthropic-version} header.
     *
     * @param value default {@link #DEFAULT_VERSION}
     * @return this builder
     */
    public Builder version(String value) {
      once(version == null, "version");
      this.version = requireNonNull(value, "version");
      return this;
    }

    /**
     * Sets {@code max_tokens} for requests that set none.
     *
     * @param value positive; default 1024
     * @return this builder
     */
    public Builder defaultMaxTokens(int value) {
      once(defaultMaxTokens == -1, "defaultMaxTokens");
      this.defaultMaxTokens = value;
      return this;
    }

    /**
     * Sets the connect timeout.
     *
     * @param value positive
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      once(connectTimeout == null, "connectTimeout");
      this.connectTimeout = requireNonNull(value, "connectTimeout");
      return this;
    }

    /**
     * Sets the request timeout; the call deadline bounds it further.
     *
     * @param value positive
     * @return this builder
     */
    public Builder requestTimeout(Duration value) {
      once(requestTimeout == null, "requestTimeout");
      this.requestTimeout = requireNonNull(value, "requestTimeout");
      return this;
    }

    /**
     * Sets the response size limit.
     *
     * @param value bytes, at least 1024
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
     * Sets the tier.
     *
     * @param value 0 or more
     * @return this builder
     */
    public Builder tier(int value) {
      once(tier == -1, "tier");
      this.tier = value;
      return this;
    }

    /**
     * Sets the weight.
     *
     * @param value positive
     * @return this builder
     */
    public Builder weight(int value) {
      once(weight == -1, "weight");
      this.weight = value;
      return this;
    }

    /**
     * Sets the context window.
     *
     * @param value tokens; default 200000
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
     * Sets the time source.
     *
     * @param value default {@link TimeSource#system()}
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      once(timeSource == null, "timeSource");
      this.timeSource = requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * Uses a caller-owned HTTP client.
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
     * Validates and builds; reads the key variable if one was named.
     *
     * @return the configuration
     */
    public AnthropicConfig build() {
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
      return new AnthropicConfig(
          id == null ? PROVIDER + ":" + host + (baseUrl.getPort() > 0 ? ":" + baseUrl.getPort() : "") + "/" + m : id,
          baseUrl, m, modelMap, key,
          version == null ? DEFAULT_VERSION : version,
          defaultMaxTokens == -1 ? 1024 : defaultMaxTokens,
          http,
          region == null ? "" : region,
          tier == -1 ? 0 : tier,
          weight == -1 ? 1 : weight,
          maxContextTokens == -1 ? 200_000 : maxContextTokens,
          inputPrice == -1 ? 0 : inputPrice,
          outputPrice == -1 ? 0 : outputPrice,
          timeSource == null ? TimeSource.system() : timeSource,
          httpClient);
    }
  }
}
