package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One call to a model: what to do, on which logical model, with what input and parameters, for
 * whom, and by when. Immutable and validated on construction; the {@code with}-style methods
 * ({@link #tenant(String)}, {@link #timeout(Duration)}, …) return modified copies.
 *
 * <p>The input depends on the {@link #operation()}: {@link Operation#CHAT} and {@link
 * Operation#COMPLETION} carry {@link #messages()}, {@link Operation#EMBEDDING} carries {@link
 * #inputs()}, {@link Operation#PREDICT} carries {@link #features()}; the other input fields are
 * empty. {@link #toString()} never shows input text.
 *
 * @param operation what the model should do
 * @param model the logical model alias the caller asked for ({@code "default"} when unspecified)
 * @param messages the conversation (CHAT) or the single prompt (COMPLETION)
 * @param inputs texts to embed (EMBEDDING)
 * @param features named feature values (PREDICT): numbers, strings, booleans or lists of numbers,
 *     sorted by name
 * @param parameters generation parameters
 * @param principal who is calling (a user or service id), or null
 * @param tenant the tenant the call is made for, or null
 * @param timeout this call's timeout, overriding the client's default, or null
 * @param deadline an absolute deadline; set by the client on entry when the caller did not set one
 * @param requestId an id for logs and events; assigned by the client when absent
 * @param attributes free string attributes that travel with the call (sorted by key)
 */
public record ModelRequest(
    Operation operation,
    String model,
    List<Message> messages,
    List<String> inputs,
    Map<String, Object> features,
    Parameters parameters,
    @Nullable String principal,
    @Nullable String tenant,
    @Nullable Duration timeout,
    @Nullable Deadline deadline,
    @Nullable String requestId,
    Map<String, String> attributes) {

  /** The model alias used when a request names none. */
  public static final String DEFAULT_MODEL = "default";

  /** Validates the components and makes defensive copies. */
  public ModelRequest {
    requireNonNull(operation, "operation");
    requireNonNull(model, "model");
    if (blank(model)) {
      throw new IllegalArgumentException("model must not be blank");
    }
    messages = copyNoNulls(requireNonNull(messages, "messages"), "messages");
    inputs = copyNoNulls(requireNonNull(inputs, "inputs"), "inputs");
    features = copyFeatures(requireNonNull(features, "features"));
    requireNonNull(parameters, "parameters");
    requireNonNull(attributes, "attributes");
    if (principal != null && blank(principal)) {
      throw new IllegalArgumentException("principal must not be blank when set");
    }
    if (tenant != null && blank(tenant)) {
      throw new IllegalArgumentException("tenant must not be blank when set");
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (requestId != null && blank(requestId)) {
      throw new IllegalArgumentException("requestId must not be blank when set");
    }
    attributes = ValidatedMap.attributes(attributes);
    switch (operation) {
      case CHAT:
      case COMPLETION:
        if (messages.isEmpty()) {
          throw new IllegalArgumentException(operation + " request needs at least one message");
        }
        if (operation == Operation.COMPLETION && messages.size() != 1) {
          throw new IllegalArgumentException("COMPLETION request takes exactly one prompt message");
        }
        requireEmpty(operation, "inputs", inputs.isEmpty());
        requireEmpty(operation, "features", features.isEmpty());
        break;
      case EMBEDDING:
        if (inputs.isEmpty()) {
          throw new IllegalArgumentException("EMBEDDING request needs at least one input");
        }
        requireEmpty(operation, "messages", messages.isEmpty());
        requireEmpty(operation, "features", features.isEmpty());
        break;
      case PREDICT:
        if (features.isEmpty()) {
          throw new IllegalArgumentException("PREDICT request needs at least one feature");
        }
        requireEmpty(operation, "messages", messages.isEmpty());
        requireEmpty(operation, "inputs", inputs.isEmpty());
        break;
    }
  }

  // ---------------------------------------------------------------- factories

  /**
   * A chat request with one user message.
   *
   * @param userText the user's words
   * @return the request
   */
  public static ModelRequest chat(String userText) {
    return builder(Operation.CHAT).message(Message.user(userText)).build();
  }

  /**
   * A chat request with a whole conversation.
   *
   * @param messages at least one message
   * @return the request
   */
  public static ModelRequest chat(List<Message> messages) {
    return builder(Operation.CHAT).messages(messages).build();
  }

  /**
   * A text-completion request.
   *
   * @param prompt the prompt
   * @return the request
   */
  public static ModelRequest completion(String prompt) {
    return builder(Operation.COMPLETION).message(Message.user(prompt)).build();
  }

  /**
   * An embedding request.
   *
   * @param texts at least one text
   * @return the request
   */
  public static ModelRequest embedding(String... texts) {
    return builder(Operation.EMBEDDING).inputs(List.of(texts)).build();
  }

  /**
   * A prediction request.
   *
   * @param features at least one named feature value
   * @return the request
   */
  public static ModelRequest predict(Map<String, ?> features) {
    return builder(Operation.PREDICT).features(features).build();
  }

  /**
   * A builder for a request of the given operation.
   *
   * @param operation what the model should do
   * @return a new builder
   */
  public static Builder builder(Operation operation) {
    return new Builder(operation);
  }

  /**
   * A builder starting from this request.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(operation);
    b.model = model;
    b.messages.addAll(messages);
    b.inputs.addAll(inputs);
    b.features.putAll(features);
    b.parameters = parameters;
    b.principal = principal;
    b.tenant = tenant;
    b.timeout = timeout;
    b.deadline = deadline;
    b.requestId = requestId;
    b.attributes.putAll(attributes);
    return b;
  }

  // ---------------------------------------------------------------- withers

  /**
   * A copy for another logical model.
   *
   * @param newModel the model alias
   * @return a new request
   */
  public ModelRequest model(String newModel) {
    return new ModelRequest(operation, newModel, messages, inputs, features, parameters, principal, tenant, timeout, deadline, requestId, attributes);
  }

  /**
   * A copy with other messages (guards use this to forward sanitised text).
   *
   * @param newMessages the messages
   * @return a new request
   */
  public ModelRequest messages(List<Message> newMessages) {
    return new ModelRequest(operation, model, newMessages, inputs, features, parameters, principal, tenant, timeout, deadline, requestId, attributes);
  }

  /**
   * A copy with other embedding inputs.
   *
   * @param newInputs the texts
   * @return a new request
   */
  public ModelRequest inputs(List<String> newInputs) {
    return new ModelRequest(operation, model, messages, newInputs, features, parameters, principal, tenant, timeout, deadline, requestId, attributes);
  }

  /**
   * A copy with other parameters.
   *
   * @param newParameters the parameters
   * @return a new request
   */
  public ModelRequest parameters(Parameters newParameters) {
    return new ModelRequest(operation, model, messages, inputs, features, newParameters, principal, tenant, timeout, deadline, requestId, attributes);
  }

  /**
   * A copy made on behalf of a principal.
   *
   * @param newPrincipal a user or service id
   * @return a new request
   */
  public ModelRequest principal(String newPrincipal) {
    return new ModelRequest(operation, model, messages, inputs, features, parameters, requireNonNull(newPrincipal, "principal"), tenant, timeout, deadline, requestId, attributes);
  }

  /**
   * A copy made for a tenant.
   *
   * @param newTenant the tenant id
   * @return a new request
   */
  public ModelRequest tenant(String newTenant) {
    return new ModelRequest(operation, model, messages, inputs, features, parameters, principal, requireNonNull(newTenant, "tenant"), timeout, deadline, requestId, attributes);
  }

  /**
   * A copy with its own timeout, overriding the client's default.
   *
   * @param newTimeout a positive duration
   * @return a new request
   */
  public ModelRequest timeout(Duration newTimeout) {
    return new ModelRequest(operation, model, messages, inputs, features, parameters, principal, tenant, requireNonNull(newTimeout, "timeout"), deadline, requestId, attributes);
  }

  /**
   * A copy with an absolute deadline.
   *
   * @param newDeadline a deadline that has not passed
   * @return a new request
   * @throws IllegalArgumentException if the deadline has already passed
   */
  public ModelRequest deadline(Deadline newDeadline) {
    requireNonNull(newDeadline, "deadline");
    if (newDeadline.expired()) {
      throw new IllegalArgumentException("deadline has already passed");
    }
    return withDeadline(newDeadline);
  }

  /**
   * A copy with a deadline, without checking whether it has passed; for clients and stages that
   * propagate a deadline they were given.
   *
   * @param newDeadline the deadline
   * @return a new request
   */
  public ModelRequest withDeadline(Deadline newDeadline) {
    return new ModelRequest(operation, model, messages, inputs, features, parameters, principal, tenant, timeout, requireNonNull(newDeadline, "deadline"), requestId, attributes);
  }

  /**
   * A copy with a request id.
   *
   * @param newRequestId a non-blank id
   * @return a new request
   */
  public ModelRequest requestId(String newRequestId) {
    return new ModelRequest(operation, model, messages, inputs, features, parameters, principal, tenant, timeout, deadline, requireNonNull(newRequestId, "requestId"), attributes);
  }

  /**
   * A copy with one more attribute (replacing one of the same name).
   *
   * @param name attribute name
   * @param value attribute value
   * @return a new request
   */
  public ModelRequest attribute(String name, String value) {
    Map<String, String> attrs = new LinkedHashMap<>(attributes);
    attrs.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    return new ModelRequest(operation, model, messages, inputs, features, parameters, principal, tenant, timeout, deadline, requestId, attrs);
  }

  // ---------------------------------------------------------------- views

  /**
   * All input text of the request (message texts, or embedding inputs), for sizing and scanning.
   *
   * @return the texts in order
   */
  public List<String> texts() {
    if (!messages.isEmpty()) {
      List<String> out = new ArrayList<>(messages.size());
      for (Message m : messages) {
        out.add(m.text());
      }
      return out;
    }
    return inputs;
  }

  /**
   * The number of input characters over all messages and inputs.
   *
   * @return the character count
   */
  public long inputChars() {
    long n = 0;
    for (Message m : messages) {
      n += m.text().length();
    }
    for (String s : inputs) {
      n += s.length();
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ModelRequest[")
        .append(operation).append(", model=").append(model);
    if (!messages.isEmpty()) {
      sb.append(", messages=").append(messages.size());
    }
    if (!inputs.isEmpty()) {
      sb.append(", inputs=").append(inputs.size());
    }
    if (!features.isEmpty()) {
      sb.append(", features=").append(features.size());
    }
    sb.append(", chars=").append(inputChars());
    if (tenant != null) {
      sb.append(", tenant=").append(tenant);
    }
    if (requestId != null) {
      sb.append(", id=").append(requestId);
    }
    return sb.append(']').toString();
  }

  private static void requireEmpty(Operation op, String field, boolean empty) {
    if (!empty) {
      throw new IllegalArgumentException(op + " request must not carry " + field);
    }
  }

  private static void requireFiniteElement(String name, Number x) {
    if ((x instanceof Double && !Double.isFinite((Double) x))
        || (x instanceof Float && !Float.isFinite((Float) x))) {
      throw new IllegalArgumentException("feature '" + name + "' list values must be finite");
    }
  }

  /** {@link String#isBlank()}, answered from the first character for the usual non-blank text. */
  private static boolean blank(String s) {
    return s.isEmpty() || Character.isWhitespace(s.charAt(0)) && s.isBlank();
  }

  private static <T> List<T> copyNoNulls(List<T> list, String what) {
    try {
      // Returns an immutable list as it is (copies of a request share their lists) and refuses nulls.
      return List.copyOf(list);
    } catch (NullPointerException e) {
      throw new NullPointerException(what + " must not contain null");
    }
  }

  @SuppressWarnings("unchecked") // a ValidatedMap of features is only ever built below
  private static Map<String, Object> copyFeatures(Map<String, ?> in) {
    if (in.isEmpty()) {
      return Map.of();
    }
    if (in instanceof ValidatedMap) {
      return (Map<String, Object>) in; // a copy of a request: checked when it was built
    }
    TreeMap<String, Object> out = new TreeMap<>();
    for (Map.Entry<String, ?> e : in.entrySet()) {
      String name = requireNonNull(e.getKey(), "feature name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("feature names must not be blank");
      }
      Object v = e.getValue();
      if (v == null) {
        throw new NullPointerException("feature '" + name + "' is null");
      }
      if (v instanceof Number || v instanceof String || v instanceof Boolean) {
        if (v instanceof Double && !Double.isFinite((Double) v)
            || v instanceof Float && !Float.isFinite((Float) v)) {
          throw new IllegalArgumentException("feature '" + name + "' must be finite");
        }
        out.put(name, v);
      } else if (v instanceof List) {
        List<?> list = (List<?>) v;
        for (Object x : list) {
          if (!(x instanceof Number)) {
            throw new IllegalArgumentException("feature '" + name + "' list must hold only numbers");
          }
          requireFiniteElement(name, (Number) x);
        }
        out.put(name, List.copyOf(list));
      } else if (v instanceof double[]) {
        List<Double> list = new ArrayList<>();
        for (double d : (double[]) v) {
          requireFiniteElement(name, d);
          list.add(d);
        }
        out.put(name, List.copyOf(list));
      } else if (v instanceof float[]) {
        List<Float> list = new ArrayList<>();
        for (float f : (float[]) v) {
          requireFiniteElement(name, f);
          list.add(f);
        }
        out.put(name, List.copyOf(list));
      } else {
        throw new IllegalArgumentException(
            "feature '" + name + "' has unsupported type " + v.getClass().getSimpleName()
                + " (use a number, string, boolean, or list of numbers)");
      }
    }
    return new ValidatedMap<>(out);
  }

  /** Builds a {@link ModelRequest}. Not thread-safe; {@link #build()} validates. */
  public static final class Builder {
    private final Operation operation;
    private String model = DEFAULT_MODEL;
    private final List<Message> messages = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final Map<String, Object> features = new LinkedHashMap<>();
    private Parameters parameters = Parameters.DEFAULTS;
    private @Nullable String principal;
    private @Nullable String tenant;
    private @Nullable Duration timeout;
    private @Nullable Deadline deadline;
    private @Nullable String requestId;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(Operation operation) {
      this.operation = requireNonNull(operation, "operation");
    }

    /**
     * Sets the logical model alias.
     *
     * @param value a non-blank alias
     * @return this builder
     */
    public Builder model(String value) {
      this.model = requireNonNull(value, "model");
      return this;
    }

    /**
     * Appends a message.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(Message message) {
      messages.add(requireNonNull(message, "message"));
      return this;
    }

    /**
     * Appends messages.
     *
     * @param values the messages
     * @return this builder
     */
    public Builder messages(List<Message> values) {
      for (Message m : requireNonNull(values, "messages")) {
        message(m);
      }
      return this;
    }

    /**
     * Appends a system message.
     *
     * @param text the instructions
     * @return this builder
     */
    public Builder system(String text) {
      return message(Message.system(text));
    }

    /**
     * Appends a user message.
     *
     * @param text the user's words
     * @return this builder
     */
    public Builder user(String text) {
      return message(Message.user(text));
    }

    /**
     * Appends embedding inputs.
     *
     * @param values texts
     * @return this builder
     */
    public Builder inputs(List<String> values) {
      for (String s : requireNonNull(values, "inputs")) {
        inputs.add(requireNonNull(s, "input"));
      }
      return this;
    }

    /**
     * Adds features for a prediction.
     *
     * @param values named feature values
     * @return this builder
     */
    public Builder features(Map<String, ?> values) {
      features.putAll(requireNonNull(values, "features"));
      return this;
    }

    /**
     * Adds one feature.
     *
     * @param name feature name
     * @param value a number, string, boolean or list of numbers
     * @return this builder
     */
    public Builder feature(String name, Object value) {
      features.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the generation parameters.
     *
     * @param value parameters
     * @return this builder
     */
    public Builder parameters(Parameters value) {
      this.parameters = requireNonNull(value, "parameters");
      return this;
    }

    /**
     * Sets the principal.
     *
     * @param value a user or service id
     * @return this builder
     */
    public Builder principal(String value) {
      this.principal = requireNonNull(value, "principal");
      return this;
    }

    /**
     * Sets the tenant.
     *
     * @param value a tenant id
     * @return this builder
     */
    public Builder tenant(String value) {
      this.tenant = requireNonNull(value, "tenant");
      return this;
    }

    /**
     * Sets the per-request timeout.
     *
     * @param value a positive duration
     * @return this builder
     */
    public Builder timeout(Duration value) {
      this.timeout = requireNonNull(value, "timeout");
      return this;
    }

    /**
     * Sets an absolute deadline.
     *
     * @param value a deadline that has not passed
     * @return this builder
     * @throws IllegalArgumentException if it has passed
     */
    public Builder deadline(Deadline value) {
      requireNonNull(value, "deadline");
      if (value.expired()) {
        throw new IllegalArgumentException("deadline has already passed");
      }
      this.deadline = value;
      return this;
    }

    /**
     * Sets the request id.
     *
     * @param value a non-blank id
     * @return this builder
     */
    public Builder requestId(String value) {
      this.requestId = requireNonNull(value, "requestId");
      return this;
    }

    /**
     * Adds a free attribute.
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
     * @return the request
     * @throws IllegalArgumentException naming what is invalid
     */
    public ModelRequest build() {
      return new ModelRequest(operation, model, messages, inputs, features, parameters, principal, tenant, timeout, deadline, requestId, attributes);
    }
  }
}
