package dev.mainstay.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.Nullable;
import java.io.IOException;

/** Jackson helpers shared by the HTTP backends. Thread-safe. */
public final class JsonBodies {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(200).build());
  }

  private JsonBodies() {}

  /**
   * The shared mapper (tree model; fails on trailing tokens; nesting bounded).
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses a successful answer's body as a JSON object.
   *
   * @param result the answer
   * @param endpointId for error attribution
   * @return the object
   * @throws ModelException {@link ErrorKind#INVALID_OUTPUT} if the body is empty, not JSON or not an
   *     object; the message names the problem and the size, never the content
   */
  public static JsonNode parseObject(HttpResult result, String endpointId) {
    if (result.bodySize() == 0) {
      throw new ModelException(ErrorKind.INVALID_OUTPUT,
          "HTTP " + result.status() + " with an empty body", endpointId, 0, null, null);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(result.body());
    } catch (IOException e) {
      throw new ModelException(ErrorKind.INVALID_OUTPUT,
          "response body is not valid JSON (" + result.bodySize() + " bytes)", endpointId, 0, null, null);
    }
    if (node == null || !node.isObject()) {
      throw new ModelException(ErrorKind.INVALID_OUTPUT,
          "response body is not a JSON object (" + result.bodySize() + " bytes)", endpointId, 0, null, null);
    }
    return node;
  }

  /**
   * Parses an error body if it is JSON.
   *
   * @param result the answer
   * @return the parsed body, or null when empty or not JSON
   */
  public static @Nullable JsonNode parseQuietly(HttpResult result) {
    if (result.bodySize() == 0) {
      return null;
    }
    try {
      return MAPPER.readTree(result.body());
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Reads a provider-specific parameter given as a string: a JSON literal (number, boolean,
   * object, array, quoted string) becomes that value, anything else is sent as a string. To send a
   * numeric-looking string, quote it: {@code "\"123\""}.
   *
   * @param value the parameter's text
   * @return the JSON value
   */
  public static JsonNode extraValue(String value) {
    try {
      JsonNode n = MAPPER.readTree(value);
      return n == null || n.isMissingNode() ? TextNode.valueOf(value) : n;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(value);
    }
  }

  /**
   * Serialises a tree.
   *
   * @param node the tree
   * @return UTF-8 JSON
   */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /**
   * A text field of an object, when it is a string.
   *
   * @param node an object, or null
   * @param field the field name
   * @return the text, or null when absent or not a string
   */
  public static @Nullable String text(@Nullable JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
