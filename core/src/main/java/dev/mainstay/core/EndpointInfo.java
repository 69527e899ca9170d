package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a router knows about an endpoint: identity, placement, cost and capacity.
 *
 * @param id a unique, stable id (used in metrics, events and breaker names)
 * @param provider the provider name ({@code openai}, {@code anthropic}, {@code simulated}, …)
 * @param model the concrete model the endpoint serves
 * @param region the region it runs in, or {@code ""} when not placed
 * @param zone the zone within the region, or {@code ""}
 * @param tier the priority tier: 0 is tried first
 * @param weight the relative share of traffic within its tier, positive
 * @param inputPricePerMillion price per million input tokens, zero when unknown or free
 * @param outputPricePerMillion price per million output tokens, zero when unknown or free
 * @param maxContextTokens the largest prompt plus answer, in tokens
 * @param operations the operations the endpoint serves
 */
public record EndpointInfo(
    String id,
    String provider,
    String model,
    String region,
    String zone,
    int tier,
    int weight,
    double inputPricePerMillion,
    double outputPricePerMillion,
    int maxContextTokens,
    Set<Operation> operations) {

  /** Validates the components. */
  public EndpointInfo {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("endpoint id must not be blank");
    }
    requireNonNull(provider, "provider");
    requireNonNull(model, "model");
    requireNonNull(region, "region");
    requireNonNull(zone, "zone");
    if (tier < 0) {
      throw new IllegalArgumentException("tier must be >= 0, was " + tier);
    }
    if (weight <= 0) {
      throw new IllegalArgumentException("weight must be positive, was " + weight);
    }
    if (!(inputPricePerMillion >= 0) || !Double.isFinite(inputPricePerMillion)) {
      throw new IllegalArgumentException("inputPricePerMillion must be >= 0, was " + inputPricePerMillion);
    }
    if (!(outputPricePerMillion >= 0) || !Double.isFinite(outputPricePerMillion)) {
      throw new IllegalArgumentException("outputPricePerMillion must be >= 0, was " + outputPricePerMillion);
    }
    if (maxContextTokens <= 0) {
      throw new IllegalArgumentException("maxContextTokens must be positive, was " + maxContextTokens);
    }
    requireNonNull(operations, "operations");
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("an endpoint must serve at least one operation");
    }
    operations = Set.copyOf(operations);
  }

  /**
   * A builder for an endpoint with the given id.
   *
   * @param id a unique, stable id
   * @return a new builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * A builder starting from this info.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.provider = provider;
    b.model = model;
    b.region = region;
    b.zone = zone;
    b.tier = tier;
    b.weight = weight;
    b.inputPricePerMillion = inputPricePerMillion;
    b.outputPricePerMillion = outputPricePerMillion;
    b.maxContextTokens = maxContextTokens;
    b.operations = EnumSet.copyOf(operations);
    return b;
  }

  /**
   * The cost of a call with the given usage, in the price's currency.
   *
   * @param usage tokens used
   * @return the cost, zero when the endpoint carries no price
   */
  public double cost(Usage usage) {
    return (usage.inputTokens() * inputPricePerMillion + usage.outputTokens() * outputPricePerMillion) / 1_000_000.0;
  }

  /** Builds {@link EndpointInfo}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private String provider = "custom";
    private String model = "";
    private String region = "";
    private String zone = "";
    private int tier;
    private int weight = 1;
    private double inputPricePerMillion;
    private double outputPricePerMillion;
    private int maxContextTokens = Integer.MAX_VALUE;
    private EnumSet<Operation> operations = EnumSet.allOf(Operation.class);

    private Builder(String id) {
      this.id = requireNonNull(id, "id");
    }

    /**
     * Sets the provider name.
     *
     * @param value e.g. {@code openai}
     * @return this builder
     */
    public Builder provider(String value) {
      this.provider = requireNonNull(value, "provider");
      return this;
    }

    /**
     * Sets the concrete model.
     *
     * @param value model name
     * @return this builder
     */
    public Builder model(String value) {
      this.model = requireNonNull(value, "model");
      return this;
    }

    /**
     * Sets the region.
     *
     * @param value region name
     * @return this builder
     */
    public Builder region(String value) {
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
      this.zone = requireNonNull(value, "zone");
      return this;
    }

    /**
     * Sets the priority tier (0 first).
     *
     * @param value zero or more
     * @return this builder
     */
    public Builder tier(int value) {
      this.tier = value;
      return this;
    }

    /**
     * Sets the relative weight within the tier.
     *
     * @param value positive
     * @return this builder
     */
    public Builder weight(int value) {
      this.weight = value;
      return this;
    }

    /**
     * Sets prices per million tokens.
     *
     * @param input per million input tokens
     * @param output per million output tokens
     * @return this builder
     */
    public Builder pricePerMillion(double input, double output) {
      this.inputPricePerMillion = input;
      this.outputPricePerMillion = output;
      return this;
    }

    /**
     * Sets the context window.
     *
     * @param value tokens, positive
     * @return this builder
     */
    public Builder maxContextTokens(int value) {
      this.maxContextTokens = value;
      return this;
    }

    /**
     * Sets the operations the endpoint serves.
     *
     * @param first one operation
     * @param more more operations
     * @return this builder
     */
    public Builder operations(Operation first, Operation... more) {
      this.operations = EnumSet.of(first, more);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the info
     */
    public EndpointInfo build() {
      return new EndpointInfo(id, provider, model, region, zone, tier, weight,
          inputPricePerMillion, outputPricePerMillion, maxContextTokens, operations);
    }
  }
}
