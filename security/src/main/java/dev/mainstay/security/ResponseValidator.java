package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.ResponseFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A response validator at {@link AttemptStage#VALIDATE}: when a chat or completion request asks for
 * {@link ResponseFormat#JSON_OBJECT} the answer must be a JSON object, and for {@link
 * ResponseFormat#JSON_SCHEMA} it must validate against the request's schema (the {@link JsonSchema}
 * subset). Otherwise the attempt fails with {@link ErrorKind#INVALID_OUTPUT}, so the route may
 * retry or fail over. The failure's message names the first rule broken, never the answer.
 * Optionally, every chat answer must be non-empty.
 */
public final class ResponseValidator implements AttemptDecorator {
  private static final int SCHEMA_CACHE_LIMIT = 256;
  private final boolean requireText;
  private final ConcurrentHashMap<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private ResponseValidator(boolean requireText) {
    this.requireText = requireText;
  }

  /**
   * JSON and JSON-schema validation per the request's response format.
   *
   * @return the validator
   */
  public static ResponseValidator json() {
    return new ResponseValidator(false);
  }

  /**
   * JSON validation plus: a chat or completion answer must not be blank.
   *
   * @return the validator
   */
  public static ResponseValidator jsonAndNonEmpty() {
    return new ResponseValidator(true);
  }

  @Override
  public AttemptStage attemptStage() {
    return AttemptStage.VALIDATE;
  }

  @Override
  public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
    requireNonNull(next, "next");
    return new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        ModelResponse r = next.call(request);
        String problem = problem(request, r);
        if (problem != null) {
          throw new ModelException(ErrorKind.INVALID_OUTPUT, problem);
        }
        return r;
      }

      @Override
      public String toString() {
        return "ResponseValidator(" + next + ")";
      }
    };
  }

  /**
   * What is wrong with an answer to a request, or null when nothing is.
   *
   * @param request the request
   * @param response the answer
   * @return a text-free description of the problem, or null
   */
  public @dev.mainstay.core.Nullable String problem(ModelRequest request, ModelResponse response) {
    Operation op = request.operation();
    if (op != Operation.CHAT && op != Operation.COMPLETION) {
      return null;
    }
    String text = response.text();
    ResponseFormat format = request.parameters().responseFormat();
    if (format == ResponseFormat.JSON_OBJECT) {
      return JsonSchema.isJsonObject(text.strip()) ? null : "answer is not a JSON object";
    }
    if (format == ResponseFormat.JSON_SCHEMA) {
      String schemaText = request.parameters().jsonSchema();
      if (schemaText == null) {
        return null;
      }
      JsonSchema schema = schemas.get(schemaText);
      if (schema == null) {
        try {
          schema = JsonSchema.parse(schemaText);
        } catch (IllegalArgumentException e) {
          return "request's JSON schema is invalid";
        }
        if (schemas.size() < SCHEMA_CACHE_LIMIT) {
          schemas.put(schemaText, schema);
        }
      }
      List<String> errors = schema.validate(text.strip());
      return errors.isEmpty() ? null
          : "answer does not match the JSON schema: " + errors.get(0)
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
    }
    if (requireText && text.isBlank()) {
      return "answer is empty";
    }
    return null;
  }
}
