package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generation parameters of a request. Every field is optional; an absent field means "the
 * endpoint's default". All of them may change the answer, so caches key on all of them.
 *
 * @param temperature sampling temperature in [0, 2], or null
 * @param topP nucleus sampling mass in (0, 1], or null
 * @param maxTokens the most tokens the answer may have (positive), or null
 * @param stop stop sequences (at most 16, none empty)
 * @param seed a sampling seed, or null
 * @param responseFormat the answer's shape
 * @param jsonSchema the JSON schema when {@code responseFormat} is {@link ResponseFormat#JSON_SCHEMA}
 * @param extra provider-specific parameters passed through as strings (sorted by key)
 */
public record Parameters(
    @Nullable Double temperature,
    @Nullable Double topP,
    @Nullable Integer maxTokens,
    List<String> stop,
    @Nullable Long seed,
    ResponseFormat responseFormat,
    @Nullable String jsonSchema,
    Map<String, String> extra) {

  /** No parameters set: every endpoint uses its defaults. */
  public static final Parameters DEFAULTS = builder().build();

  /** Validates the components and makes defensive copies. */
  public Parameters {
    if (temperature != null && !(temperature >= 0.0 && temperature <= 2.0)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], was " + temperature);
    }
    if (topP != null && !(topP > 0.0 && topP <= 1.0)) {
      throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
    }
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    stop = List.copyOf(requireNonNull(stop, "stop"));
    if (stop.size() > 16) {
      throw new IllegalArgumentException("at most 16 stop sequences, was " + stop.size());
    }
    for (String s : stop) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop sequences must not be empty");
      }
    }
    requireNonNull(responseFormat, "responseFormat");
    if (responseFormat == ResponseFormat.JSON_SCHEMA && (jsonSchema == null || jsonSchema.isBlank())) {
      throw new IllegalArgumentException("responseFormat JSON_SCHEMA needs a jsonSchema");
    }
    if (responseFormat != ResponseFormat.JSON_SCHEMA && jsonSchema != null) {
      throw new IllegalArgumentException("jsonSchema is only allowed with responseFormat JSON_SCHEMA");
    }
    Map<String, String> sorted = new java.util.TreeMap<>();
    for (Map.Entry<String, String> e : requireNonNull(extra, "extra").entrySet()) {
      String key = requireNonNull(e.getKey(), "extra key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("extra parameter names must not be blank");
      }
      sorted.put(key, requireNonNull(e.getValue(), "extra value"));
    }
    extra = java.util.Collections.unmodifiableMap(sorted);
  }

  /**
   * Whether the answer is expected to be reproducible: the temperature is set to zero.
   *
   * @return true for temperature 0
   */
  public boolean deterministic() {
    return temperature != null && temperature == 0.0;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these parameters.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.temperature = temperature;
    b.topP = topP;
    b.maxTokens = maxTokens;
    b.stop.addAll(stop);
    b.seed = seed;
    b.responseFormat = responseFormat;
    b.jsonSchema = jsonSchema;
    b.extra.putAll(extra);
    return b;
  }

  /** Builds {@link Parameters}. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable Double temperature;
    private @Nullable Double topP;
    private @Nullable Integer maxTokens;
    private final List<String> stop = new ArrayList<>();
    private @Nullable Long seed;
    private ResponseFormat responseFormat = ResponseFormat.TEXT;
    private @Nullable String jsonSchema;
    private final Map<String, String> extra = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the sampling temperature.
     *
     * @param value in [0, 2]
     * @return this builder
     */
    public Builder temperature(double value) {
      this.temperature = value;
      return this;
    }

    /**
     * Sets the nucleus sampling mass.
     *
     * @param value in (0, 1]
     * @return this builder
     */
    public Builder topP(double value) {
      this.topP = value;
      return this;
    }

    /**
     * Sets the largest answer in tokens.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxTokens(int value) {
      this.maxTokens = value;
      return this;
    }

    /**
     * Adds stop sequences.
     *
     * @param sequences non-empty strings
     * @return this builder
     */
    public Builder stop(String... sequences) {
      for (String s : sequences) {
        stop.add(requireNonNull(s, "stop sequence"));
      }
      return this;
    }

    /**
     * Sets the sampling seed.
     *
     * @param value any seed
     * @return this builder
     */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Asks for any JSON object as the answer.
     *
     * @return this builder
     */
    public Builder jsonObject() {
      this.responseFormat = ResponseFormat.JSON_OBJECT;
      this.jsonSchema = null;
      return this;
    }

    /**
     * Asks for JSON that validates against a schema.
     *
     * @param schema a JSON schema document
     * @return this builder
     */
    public Builder jsonSchema(String schema) {
      this.responseFormat = ResponseFormat.JSON_SCHEMA;
      this.jsonSchema = requireNonNull(schema, "schema");
      return this;
    }

    /**
     * Adds a provider-specific parameter.
     *
     * @param name parameter name
     * @param value parameter value
     * @return this builder
     */
    public Builder extra(String name, String value) {
      extra.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the parameters
     * @throws IllegalArgumentException naming the invalid parameter
     */
    public Parameters build() {
      return new Parameters(
          temperature, topP, maxTokens, stop, seed, responseFormat, jsonSchema, extra);
    }
  }
}
