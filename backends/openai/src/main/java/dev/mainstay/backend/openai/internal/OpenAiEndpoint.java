package dev.mainstay.backend.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mainstay.backend.http.HttpResult;
import dev.mainstay.backend.http.JsonBodies;
import dev.mainstay.backend.http.JsonHttpClient;
import dev.mainstay.backend.openai.OpenAiConfig;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Embedding;
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
import dev.mainstay.core.Usage;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI-compatible endpoint: {@code POST {base}/chat/completions} for CHAT and COMPLETION,
 * {@code POST {base}/embeddings} for EMBEDDING. Thread-safe; one HTTP client per endpoint.
 */
public final class OpenAiEndpoint implements Endpoint {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> RESERVED = Set.of("model", "messages", "input", "stream", "stream_options");

  private final OpenAiConfig config;
  private final EndpointInfo info;
  private final JsonHttpClient http;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final Map<String, String> headers;

  /**
   * An endpoint.
   *
   * @param config the configuration
   */
  public OpenAiEndpoint(OpenAiConfig config) {
    this.config = config;
    this.info = EndpointInfo.builder(config.id())
        .provider(OpenAiConfig.PROVIDER)
        .model(config.model())
        .region(config.region())
        .zone(config.zone())
        .tier(config.tier())
        .weight(config.weight())
        .maxContextTokens(config.maxContextTokens())
        .pricePerMillion(config.inputPricePerMillion(), config.outputPricePerMillion())
        .operations(first(config.operations()), rest(config.operations()))
        .build();
    this.http = new JsonHttpClient(config.id(), config.baseUrl(), config.http(), config.timeSource(), config.httpClient());
    this.chatUri = URI.create(config.baseUrl() + "/chat/completions");
    this.embeddingsUri = URI.create(config.baseUrl() + "/embeddings");
    Map<String, String> h = new LinkedHashMap<>();
    if (config.apiKey() != null) {
      h.put("Authorization", "Bearer " + config.apiKey().reveal());
    }
    if (config.organization() != null) {
      h.put("OpenAI-Organization", config.organization());
    }
    if (config.project() != null) {
      h.put("OpenAI-Project", config.project());
    }
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
      throw error(ErrorKind.INVALID_REQUEST, "endpoint does not serve " + request.operation());
    }
    switch (request.operation()) {
      case CHAT:
      case COMPLETION:
        return chat(request);
      case EMBEDDING:
        return embeddings(request);
      default:
        throw error(ErrorKind.INVALID_REQUEST, "endpoint does not serve " + request.operation());
    }
  }

  // ------------------------------------------------------------------ chat

  private ModelResponse chat(ModelRequest request) {
    String model = config.providerModel(request.model(), request.operation());
    ObjectNode body = F.objectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (Message m : request.messages()) {
      ObjectNode o = messages.addObject();
      o.put("role", role(m));
      o.put("content", m.text());
    }
    Parameters p = request.parameters();
    if (p.temperature() != null) {
      body.put("temperature", p.temperature());
    }
    if (p.topP() != null) {
      body.put("top_p", p.topP());
    }
    if (p.maxTokens() != null) {
      body.put(config.maxTokensField(), p.maxTokens());
    }
    if (!p.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      p.stop().forEach(stop::add);
    }
    if (p.seed() != null) {
      body.put("seed", p.seed());
    }
    switch (p.responseFormat()) {
      case JSON_OBJECT:
        body.putObject("response_format").put("type", "json_object");
        break;
      case JSON_SCHEMA:
        body.set("response_format", jsonSchemaFormat(p.jsonSchema()));
        break;
      default:
        break;
    }
    addExtras(body, p);
    HttpResult r = http.postJson(chatUri, headers, JsonBodies.bytes(body), request.deadline());
    if (!r.successful()) {
      throw OpenAiErrors.map(r, info.id(), now(request.deadline()));
    }
    JsonNode root = JsonBodies.parseObject(r, info.id());
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
      throw error(ErrorKind.INVALID_OUTPUT, "response has no choices");
    }
    JsonNode choice = choices.get(0);
    String finish = JsonBodies.text(choice, "finish_reason");
    if ("content_filter".equals(finish)) {
      throw error(ErrorKind.CONTENT_FILTERED, "the provider's content filter stopped the answer (finish_reason content_filter)");
    }
    JsonNode message = choice.get("message");
    if (message == null || !message.isObject()) {
      throw error(ErrorKind.INVALID_OUTPUT, "choice has no message");
    }
    String refusal = JsonBodies.text(message, "refusal");
    if (refusal != null && !refusal.isEmpty()) {
      throw error(ErrorKind.CONTENT_FILTERED, "the model refused the request (message.refusal)");
    }
    FinishReason reason = finishReason(finish);
    String text = content(message.get("content"));
    if (text == null) {
      JsonNode toolCalls = message.get("tool_calls");
      if (toolCalls != null && toolCalls.isArray() && !toolCalls.isEmpty()) {
        text = "";
        reason = FinishReason.TOOL_CALLS;
      } else {
        throw error(ErrorKind.INVALID_OUTPUT, "message has no content");
      }
    }
    return ModelResponse.builder(request.operation())
        .text(text)
        .usage(usage(root.get("usage"), "prompt_tokens", "completion_tokens"))
        .finishReason(reason)
        .model(modelOf(root, model))
        .endpointId(info.id())
        .build();
  }

  private ObjectNode jsonSchemaFormat(@Nullable String schemaText) {
    JsonNode schema;
    try {
      schema = schemaText == null ? null : JsonBodies.mapper().readTree(schemaText);
    } catch (IOException e) {
      schema = null;
    }
    if (schema == null || !schema.isObject()) {
      throw error(ErrorKind.INVALID_REQUEST, "jsonSchema is not a JSON object");
    }
    ObjectNode fmt = F.objectNode();
    fmt.put("type", "json_schema");
    if (schema.has("schema") && schema.has("name")) {
      fmt.set("json_schema", schema);
    } else {
      ObjectNode js = fmt.putObject("json_schema");
      js.put("name", "response");
      js.put("strict", true);
      js.set("schema", schema);
    }
    return fmt;
  }

  private String role(Message m) {
    switch (m.role()) {
      case SYSTEM:
        return "system";
      case USER:
        return "user";
      case ASSISTANT:
        return "assistant";
      default:
        throw error(ErrorKind.INVALID_REQUEST, "tool messages are not supported by this endpoint");
    }
  }

  private static @Nullable String content(@Nullable JsonNode content) {
    if (content == null || content.isNull()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        String t = JsonBodies.text(part, "text");
        if (t != null) {
          sb.append(t);
        }
      }
      return sb.toString();
    }
    return null;
  }

  static FinishReason finishReason(@Nullable String finish) {
    if (finish == null) {
      return FinishReason.NONE;
    }
    switch (finish) {
      case "stop":
      case "eos":
      case "eos_token":
      case "stop_sequence":
      case "end_turn":
        return FinishReason.STOP;
      case "length":
      case "max_tokens":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      default:
        return FinishReason.NONE;
    }
  }

  // ------------------------------------------------------------------ embeddings

  private ModelResponse embeddings(ModelRequest request) {
    String model = config.providerModel(request.model(), Operation.EMBEDDING);
    ObjectNode body = F.objectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    request.inputs().forEach(input::add);
    body.put("encoding_format", "float");
    addExtras(body, request.parameters());
    HttpResult r = http.postJson(embeddingsUri, headers, JsonBodies.bytes(body), request.deadline());
    if (!r.successful()) {
      throw OpenAiErrors.map(r, info.id(), now(request.deadline()));
    }
    JsonNode root = JsonBodies.parseObject(r, info.id());
    JsonNode data = root.get("data");
    int n = request.inputs().size();
    if (data == null || !data.isArray() || data.size() != n) {
      throw error(ErrorKind.INVALID_OUTPUT,
          "expected " + n + " embeddings, got " + (data == null || !data.isArray() ? "none" : data.size()));
    }
    List<float[]> vectors = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      vectors.add(null);
    }
    for (int i = 0; i < n; i++) {
      JsonNode item = data.get(i);
      JsonNode idx = item.get("index");
      int at = idx != null && idx.canConvertToInt() ? idx.asInt() : i;
      JsonNode vec = item.get("embedding");
      if (at < 0 || at >= n || vectors.get(at) != null || vec == null || !vec.isArray() || vec.isEmpty()) {
        throw error(ErrorKind.INVALID_OUTPUT, "embedding " + i + " is missing, duplicated or malformed");
      }
      float[] f = new float[vec.size()];
      for (int j = 0; j < f.length; j++) {
        JsonNode x = vec.get(j);
        if (!x.isNumber() || !Float.isFinite(x.floatValue())) {
          throw error(ErrorKind.INVALID_OUTPUT, "embedding " + i + " has a non-numeric component");
        }
        f[j] = x.floatValue();
      }
      vectors.set(at, f);
    }
    ModelResponse.Builder b = ModelResponse.builder(Operation.EMBEDDING)
        .usage(usage(root.get("usage"), "prompt_tokens", "completion_tokens"))
        .finishReason(FinishReason.NONE)
        .model(modelOf(root, model))
        .endpointId(info.id());
    for (float[] v : vectors) {
      b.embedding(Embedding.of(v));
    }
    return b.build();
  }

  // ------------------------------------------------------------------ shared

  private void addExtras(ObjectNode body, Parameters p) {
    for (Map.Entry<String, String> e : p.extra().entrySet()) {
      if (RESERVED.contains(e.getKey())) {
        throw error(ErrorKind.INVALID_REQUEST, "extra parameter '" + e.getKey() + "' is reserved");
      }
      body.set(e.getKey(), JsonBodies.extraValue(e.getValue()));
    }
  }

  private static Usage usage(@Nullable JsonNode usage, String in, String out) {
    if (usage == null || !usage.isObject()) {
      return Usage.NONE;
    }
    return new Usage(Math.max(0, usage.path(in).asLong(0)), Math.max(0, usage.path(out).asLong(0)));
  }

  private static String modelOf(JsonNode root, String fallback) {
    String m = JsonBodies.text(root, "model");
    return m == null || m.isBlank() ? fallback : m;
  }

  private Instant now(@Nullable Deadline deadline) {
    return deadline != null ? deadline.timeSource().now() : config.timeSource().now();
  }

  private ModelException error(ErrorKind kind, String message) {
    return new ModelException(kind, message, info.id(), 0, null, null);
  }

  private static Operation first(Set<Operation> ops) {
    return ops.iterator().next();
  }

  private static Operation[] rest(Set<Operation> ops) {
    return ops.stream().skip(1).toArray(Operation[]::new);
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "OpenAiEndpoint[" + info.id() + ", " + config.baseUrl() + ", model=" + config.model() + "]";
  }
}
