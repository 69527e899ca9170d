package dev.mainstay.failover;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Embedding;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelResponse;
import java.util.function.Predicate;

/**
 * Response validators: {@link AttemptDecorator}s at {@link AttemptStage#VALIDATE} that turn an
 * unacceptable answer into a failed attempt ({@link ErrorKind#INVALID_OUTPUT}), so the route
 * retries or fails over. Add them with {@link dev.mainstay.core.ClientBuilder#with}.
 */
public final class ResponseValidators {
  private ResponseValidators() {}

  /**
   * Rejects blank chat or completion text and embeddings without values.
   *
   * @return the validator
   */
  public static AttemptDecorator nonEmpty() {
    return of("nonEmpty", r -> {
      switch (r.operation()) {
        case CHAT:
        case COMPLETION:
          return !r.text().isBlank();
        case EMBEDDING:
          for (Embedding e : r.embeddings()) {
            if (e.dimensions() == 0) {
              return false;
            }
          }
          return true;
        default:
          return true;
      }
    });
  }

  /**
   * A validator from a predicate. The rejection message names the validator, never the answer.
   *
   * @param name a short name for the chain description and error messages
   * @param valid true for acceptable responses; must be thread-safe and must not block
   * @return the validator
   */
  public static AttemptDecorator of(String name, Predicate<ModelResponse> valid) {
    requireNonNull(name, "name");
    requireNonNull(valid, "valid");
    return new Validator(name, valid);
  }

  private static final class Validator implements AttemptDecorator {
    private final String name;
    private final Predicate<ModelResponse> valid;

    Validator(String name, Predicate<ModelResponse> valid) {
      this.name = name;
      this.valid = valid;
    }

    @Override
    public AttemptStage attemptStage() {
      return AttemptStage.VALIDATE;
    }

    @Override
    public String name() {
      return "ResponseValidator[" + name + "]";
    }

    @Override
    public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
      String id = endpoint.info().id();
      return request -> {
        ModelResponse r = next.call(request);
        if (!valid.test(r)) {
          throw new ModelException(ErrorKind.INVALID_OUTPUT,
              "response validator '" + name + "' rejected the answer", id, 0, null, null);
        }
        return r;
      };
    }
  }
}
