package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's answer with the facts of how it was obtained. Immutable; {@link #toString()} never
 * shows output text.
 *
 * @param operation the operation answered
 * @param text the answer text for CHAT and COMPLETION (may be empty); empty otherwise
 * @param embeddings one vector per input for EMBEDDING; empty otherwise
 * @param prediction the prediction for PREDICT; null otherwise
 * @param usage tokens consumed
 * @param finishReason why generation stopped
 * @param model the concrete model that answered (for example {@code gpt-4o-mini-2024-07-18})
 * @param endpointId the id of the endpoint that answered, or {@code ""} when unknown
 * @param facts attempts, cache and hedge facts
 * @param attributes free string attributes (for example guard flags), sorted by key
 */
public record ModelResponse(
    Operation operation,
    String text,
    List<Embedding> embeddings,
    @Nullable Prediction prediction,
    Usage usage,
    FinishReason finishReason,
    String model,
    String endpointId,
    CallFacts facts,
    Map<String, String> attributes) {

  /** Validates the components and makes defensive copies. */
  public ModelResponse {
    requireNonNull(operation, "operation");
    requireNonNull(text, "text");
    embeddings = List.copyOf(requireNonNull(embeddings, "embeddings"));
    requireNonNull(usage, "usage");
    requireNonNull(finishReason, "finishReason");
    requireNonNull(model, "model");
    requireNonNull(endpointId, "endpointId");
    requireNonNull(facts, "facts");
    // Copies of a response (facts, endpoint id, text) share the already sorted, immutable map.
    attributes = ValidatedMap.attributes(requireNonNull(attributes, "attributes"));
    switch (operation) {
      case EMBEDDING:
        if (embeddings.isEmpty()) {
          throw new IllegalArgumentException("an EMBEDDING response needs at least one embedding");
        }
        break;
      case PREDICT:
        if (prediction == null) {
          throw new IllegalArgumentException("a PREDICT response needs a prediction");
        }
        break;
      default:
        break;
    }
  }

  /**
   * A builder for a response to the given operation.
   *
   * @param operation the operation answered
   * @return a new builder
   */
  public static Builder builder(Operation operation) {
    return new Builder(operation);
  }

  /**
   * A chat answer with nothing but text, for fakes and tests.
   *
   * @param text the answer
   * @return the response
   */
  public static ModelResponse ofText(String text) {
    return builder(Operation.CHAT).text(text).build();
  }

  /**
   * A builder starting from this response.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(operation);
    b.text = text;
    b.embeddings.addAll(embeddings);
    b.prediction = prediction;
    b.usage = usage;
    b.finishReason = finishReason;
    b.model = model;
    b.endpointId = endpointId;
    b.facts = facts;
    b.attributes.putAll(attributes);
    return b;
  }

  /**
   * A copy with other call facts.
   *
   * @param newFacts the facts
   * @return a new response
   */
  public ModelResponse facts(CallFacts newFacts) {
    return new ModelResponse(operation, text, embeddings, prediction, usage, finishReason, model, endpointId, requireNonNull(newFacts, "facts"), attributes);
  }

  /**
   * A copy naming the endpoint that answered.
   *
   * @param newEndpointId the endpoint id
   * @return a new response
   */
  public ModelResponse endpointId(String newEndpointId) {
    return new ModelResponse(operation, text, embeddings, prediction, usage, finishReason, model, requireNonNull(newEndpointId, "endpointId"), facts, attributes);
  }

  /**
   * A copy with other text (output guards use this to redact).
   *
   * @param newText the text
   * @return a new response
   */
  public ModelResponse text(String newText) {
    return new ModelResponse(operation, newText, embeddings, prediction, usage, finishReason, model, endpointId, facts, attributes);
  }

  /**
   * A copy with one more attribute.
   *
   * @param name attribute name
   * @param value attribute value
   * @return a new response
   */
  public ModelResponse attribute(String name, String value) {
    Map<String, String> attrs = new LinkedHashMap<>(attributes);
    attrs.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    return new ModelResponse(operation, text, embeddings, prediction, usage, finishReason, model, endpointId, facts, attrs);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ModelResponse[").append(operation);
    if (!text.isEmpty()) {
      sb.append(", chars=").append(text.length());
    }
    if (!embeddings.isEmpty()) {
      sb.append(", embeddings=").append(embeddings.size());
    }
    if (prediction != null) {
      sb.append(", prediction=").append(prediction.label() == null ? "scores" : prediction.label());
    }
    return sb.append(", finish=").append(finishReason)
        .append(", model=").append(model)
        .append(", endpoint=").append(endpointId)
        .append(", ").append(facts)
        .append(']').toString();
  }

  /** Builds a {@link ModelResponse}. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private final Operation operation;
    private String text = "";
    private final List<Embedding> embeddings = new ArrayList<>();
    private @Nullable Prediction prediction;
    private Usage usage = Usage.NONE;
    private FinishReason finishReason;
    private String model = "";
    private String endpointId = "";
    private CallFacts facts = CallFacts.FIRST_ATTEMPT;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(Operation operation) {
      this.operation = requireNonNull(operation, "operation");
      this.finishReason =
          operation == Operation.CHAT || operation == Operation.COMPLETION
              ? FinishReason.STOP
              : FinishReason.NONE;
    }

    /**
     * Sets the answer text.
     *
     * @param value the text
     * @return this builder
     */
    public Builder text(String value) {
      this.text = requireNonNull(value, "text");
      return this;
    }

    /**
     * Appends an embedding.
     *
     * @param value the vector
     * @return this builder
     */
    public Builder embedding(Embedding value) {
      embeddings.add(requireNonNull(value, "embedding"));
      return this;
    }

    /**
     * Sets the prediction.
     *
     * @param value the prediction
     * @return this builder
     */
    public Builder prediction(Prediction value) {
      this.prediction = requireNonNull(value, "prediction");
      return this;
    }

    /**
     * Sets the token usage.
     *
     * @param value usage
     * @return this builder
     */
    public Builder usage(Usage value) {
      this.usage = requireNonNull(value, "usage");
      return this;
    }

    /**
     * Sets the finish reason.
     *
     * @param value the reason
     * @return this builder
     */
    public Builder finishReason(FinishReason value) {
      this.finishReason = requireNonNull(value, "finishReason");
      return this;
    }

    /**
     * Sets the concrete model that answered.
     *
     * @param value model name
     * @return this builder
     */
    public Builder model(String value) {
      this.model = requireNonNull(value, "model");
      return this;
    }

    /**
     * Sets the answering endpoint's id.
     *
     * @param value endpoint id
     * @return this builder
     */
    public Builder endpointId(String value) {
      this.endpointId = requireNonNull(value, "endpointId");
      return this;
    }

    /**
     * Sets the call facts.
     *
     * @param value facts
     * @return this builder
     */
    public Builder facts(CallFacts value) {
      this.facts = requireNonNull(value, "facts");
      return this;
    }

    /**
     * Adds an attribute.
     *
     * @param name attribute name
     * @param value attribute value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      attributes.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the response
     */
    public ModelResponse build() {
      return new ModelResponse(operation, text, embeddings, prediction, usage, finishReason, model, endpointId, facts, attributes);
    }
  }
}
