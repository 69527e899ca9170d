package dev.mainstay.backend.anthropic.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mainstay.backend.anthropic.AnthropicConfig;
import dev.mainstay.backend.http.HttpErrors;
import dev.mainstay.backend.http.HttpResult;
import dev.mainstay.backend.http.JsonBodies;
import dev.mainstay.backend.http.JsonHttpClient;
import dev.mainstay.backend.http.RetryHeaders;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.ResponseFormat;
import dev.mainstay.core.Usage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Anthropic Messages API endpoint: {@code POST {base}/messages} with {@code x-api-key} and
 * {@code anthropic-version}. System messages become the top-level {@code system} field. Thread-safe.
 */
public final class AnthropicEndpoint implements Endpoint {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> RESERVED = Set.of("model", "messages", "system", "stream");
  private static final String[] RESET_HEADERS = {
    "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
    "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"};

  private final AnthropicConfig config;
  private final EndpointInfo info;
  private final JsonHttpClient http;
  private final URI messagesUri;
  private final Map<String, String> headers;

  /**
   * An endpoint.
   *
   * @param config the configuration
   */
  public AnthropicEndpoint(AnthropicConfig config) {
    this.config = config;
    this.info = EndpointInfo.builder(config.id())
        .provider(AnthropicConfig.PROVIDER)
        .model(config.model())
        .region(config.region())
        .tier(config.tier())
        .weight(config.weight())
        .maxContextTokens(config.maxContextTokens())
        .pricePerMillion(config.inputPricePerMillion(), config.outputPricePerMillion())
        .operations(Operation.CHAT, Operation.COMPLETION)
        .build();
    this.http = new JsonHttpClient(config.id(), config.baseUrl(), config.http(), config.timeSource(), config.httpClient());
    this.messagesUri = URI.create(config.baseUrl() + "/messages");
    Map<String, String> h = new LinkedHashMap<>();
    if (config.apiKey() != null) {
      h.put("x-api-key", config.apiKey().reveal());
    }
    h.put("anthropic-version", config.version());
    this.headers = Map.copyOf(h);
  }

  /** Waits are interruptible and bounded by the request's deadline. */
  @Override
  public boolean honoursInterrupts() {
    return true;
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    if (!info.operations().contains(request.operation())) {
      throw error(ErrorKind.INVALID_REQUEST, "endpoint does not serve " + request.operation(), null);
    }
    Parameters p = request.parameters();
    if (p.responseFormat() != ResponseFormat.TEXT) {
      throw error(ErrorKind.INVALID_REQUEST, "endpoint does not support responseFormat " + p.responseFormat(), null);
    }
    if (p.temperature() != null && p.temperature() > 1.0) {
      throw error(ErrorKind.INVALID_REQUEST, "Anthropic accepts temperature in [0, 1], was " + p.temperature(), null);
    }
    String model = config.providerModel(request.model());
    ObjectNode body = F.objectNode();
    body.put("model", model);
    body.put("max_tokens", p.maxTokens() != null ? p.maxTokens() : config.defaultMaxTokens());
    StringBuilder system = new StringBuilder();
    ArrayNode messages = F.arrayNode();
    for (Message m : request.messages()) {
      switch (m.role()) {
        case SYSTEM:
          system.append(system.length() == 0 ? "" : "\n\n").append(m.text());
          break;
        case USER:
          messages.addObject().put("role", "user").put("content", m.text());
          break;
        case ASSISTANT:
          messages.addObject().put("role", "assistant").put("content", m.text());
          break;
        default:
          throw error(ErrorKind.INVALID_REQUEST, "tool messages are not supported by this endpoint", null);
      }
    }
    if (messages.isEmpty()) {
      throw error(ErrorKind.INVALID_REQUEST, "request has only system messages; Anthropic needs a user message", null);
    }
    if (system.length() > 0) {
      body.put("system", system.toString());
    }
    body.set("messages", messages);
    if (p.temperature() != null) {
      body.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      body.put("top_p", p.topP());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      p.stop().forEach(stop::add);
    }
    for (Map.Entry<String, String> e : p.extra().entrySet()) {
      if (RESERVED.contains(e.getKey())) {
        throw error(ErrorKind.INVALID_REQUEST, "extra parameter '" + e.getKey() + "' is reserved", null);
      }
      body.set(e.getKey(), JsonBodies.extraValue(e.getValue()));
    }
    HttpResult r = http.postJson(messagesUri, headers, JsonBodies.bytes(body), request.deadline());
    if (!r.successful()) {
      throw mapError(r, now(request.deadline()));
    }
    JsonNode root = JsonBodies.parseObject(r, info.id());
    if ("error".equals(JsonBodies.text(root, "type"))) {
      throw mapError(r, now(request.deadline()));
    }
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw error(ErrorKind.INVALID_OUTPUT, "response has no content array", null);
    }
    String stop = JsonBodies.text(root, "stop_reason");
    if ("refusal".equals(stop)) {
      throw error(ErrorKind.CONTENT_FILTERED, "the model refused the request (stop_reason refusal)", null);
    }
    StringBuilder text = new StringBuilder();
    boolean toolUse = false;
    for (JsonNode block : content) {
      String type = JsonBodies.text(block, "type");
      if ("text".equals(type)) {
        String t = JsonBodies.text(block, "text");
        if (t == null) {
          throw error(ErrorKind.INVALID_OUTPUT, "text block without text", null);
        }
        text.append(t);
      } else if ("tool_use".equals(type)) {
        toolUse = true;
      }
    }
    FinishReason reason = finishReason(stop);
    if (text.length() == 0 && !toolUse && reason != FinishReason.LENGTH && reason != FinishReason.STOP) {
      throw error(ErrorKind.INVALID_OUTPUT, "response has no text", null);
    }
    JsonNode usage = root.get("usage");
    Usage u = usage == null || !usage.isObject() ? Usage.NONE
        : new Usage(Math.max(0, usage.path("input_tokens").asLong(0)
            + usage.path("cache_creation_input_tokens").asLong(0) + usage.path("cache_read_input_tokens").asLong(0)),
            Math.max(0, usage.path("output_tokens").asLong(0)));
    String answered = JsonBodies.text(root, "model");
    return ModelResponse.builder(request.operation())
        .text(text.toString())
        .usage(u)
        .finishReason(reason)
        .model(answered == null || answered.isBlank() ? model : answered)
        .endpointId(info.id())
        .build();
  }

  static FinishReason finishReason(@Nullable String stop) {
    if (stop == null) {
      return FinishReason.NONE;
    }
    switch (stop) {
      case "end_turn":
      case "stop_sequence":
      case "pause_turn":
        return FinishReason.STOP;
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      default:
        return FinishReason.NONE;
    }
  }

  /**
   * Maps an error answer: status first, refined by the body's {@code error.type}.
   *
   * @param r the answer
   * @param now the current time, for reset timestamps
   * @return the exception
   */
  ModelException mapError(HttpResult r, Instant now) {
    JsonNode body = JsonBodies.parseQuietly(r);
    JsonNode err = body == null ? null : body.get("error");
    String type = err == null ? null : JsonBodies.text(err, "type");
    String message = err == null ? null : JsonBodies.text(err, "message");
    ErrorKind kind = r.successful() ? ErrorKind.INVALID_OUTPUT : HttpErrors.kindForStatus(r.status());
    String t = type == null ? "" : type;
    switch (t) {
      case "overloaded_error":
        kind = ErrorKind.OVERLOADED;
        break;
      case "rate_limit_error":
        kind = ErrorKind.RATE_LIMITED;
        break;
      case "authentication_error":
      case "permission_error":
        kind = ErrorKind.AUTHENTICATION;
        break;
      case "not_found_error":
        kind = ErrorKind.NOT_FOUND;
        break;
      case "api_error":
        kind = ErrorKind.TRANSIENT;
        break;
      case "timeout_error":
        kind = ErrorKind.TIMEOUT;
        break;
      case "request_too_large":
        kind = ErrorKind.INVALID_REQUEST;
        break;
      case "invalid_request_error":
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        kind = m.contains("prompt is too long") || m.contains("context window") || m.contains("too many tokens")
            ? ErrorKind.CONTEXT_TOO_LONG
            : ErrorKind.INVALID_REQUEST;
        break;
      default:
        break;
    }
    Duration retryAfter = null;
    if (kind == ErrorKind.RATE_LIMITED || kind == ErrorKind.OVERLOADED || kind == ErrorKind.TRANSIENT) {
      retryAfter = retryAfter(r, now).orElse(null);
    }
    String safe = HttpErrors.safeToken(type);
    return error(kind, "HTTP " + r.status() + (safe == null ? "" : " (" + safe + ")"), retryAfter);
  }

  /**
   * The wait an answer asks for: {@code retry-after} (seconds or HTTP-date), else the latest
   * {@code anthropic-ratelimit-*-reset} timestamp (RFC 3339).
   *
   * @param r the answer
   * @param now the current time
   * @return the wait, or empty
   */
  static Optional<Duration> retryAfter(HttpResult r, Instant now) {
    Optional<Duration> d = RetryHeaders.retryAfter(r.header("retry-after"), now);
    if (d.isPresent()) {
      return d;
    }
    Duration best = null;
    for (String h : RESET_HEADERS) {
      Optional<Duration> reset = RetryHeaders.untilTimestamp(r.header(h), now);
      if (reset.isPresent() && (best == null || reset.get().compareTo(best) > 0)) {
        best = reset.get();
      }
    }
    return Optional.ofNullable(best);
  }

  private Instant now(@Nullable Deadline deadline) {
    return deadline != null ? deadline.timeSource().now() : config.timeSource().now();
  }

  private ModelException error(ErrorKind kind, String message, @Nullable Duration retryAfter) {
    return new ModelException(kind, message, info.id(), 0, retryAfter, null);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "AnthropicEndpoint[" + info.id() + ", " + config.baseUrl() + ", model=" + config.model() + "]";
  }
}
