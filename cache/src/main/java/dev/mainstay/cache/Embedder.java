package dev.mainstay.cache;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Deadline;
import dev.mainstay.core.Embedding;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import java.util.List;

/**
 * Turns a text into a vector for the semantic cache. Vectors of one embedder must all have the same
 * length; the cache normalises them, so any scale works. Implementations are thread-safe.
 *
 * <p>Two ways in: {@link #hashing()}, a deterministic local embedder with no dependencies (lexical:
 * it matches rewordings that share words and word pieces, not synonyms), and {@link
 * #of(ModelClient, String)}, which uses any client that serves {@link Operation#EMBEDDING} (a hosted
 * embedding model, later an in-process ONNX model).
 */
@FunctionalInterface
public interface Embedder {

  /**
   * Embeds one text.
   *
   * @param text the text
   * @param deadline when the embedding must be ready (the call's deadline)
   * @return a vector of this embedder's dimension; the caller owns it
   * @throws dev.mainstay.core.ModelException if the embedding fails; the cache then treats the
   *     call as a plain semantic miss
   */
  float[] embed(String text, Deadline deadline);

  /**
   * The default local embedder: hashed word and character n-grams ({@link HashingEmbedder}).
   *
   * @return a shared embedder with default settings
   */
  static Embedder hashing() {
    return HashingEmbedder.ofDefaults();
  }

  /**
   * An embedder backed by a model client serving {@link Operation#EMBEDDING}: one call per text,
   * bounded by the deadline of the call it serves.
   *
   * @param client the client (an endpoint or a built client)
   * @param model the model alias to request
   * @return the embedder
   */
  static Embedder of(ModelClient client, String model) {
    requireNonNull(client, "client");
    requireNonNull(model, "model");
    return new Embedder() {
      @Override
      public float[] embed(String text, Deadline deadline) {
        ModelRequest r = ModelRequest.builder(Operation.EMBEDDING)
            .model(model)
            .inputs(List.of(text))
            .build()
            .withDeadline(deadline);
        ModelResponse resp = client.call(r);
        return resp.embeddings().get(0).toArray();
      }

      @Override
      public String toString() {
        return "Embedder[" + model + "]";
      }
    };
  }

  /**
   * An embedder from a core {@link Embedding}-returning function, for adapters.
   *
   * @param function the function
   * @return the embedder
   */
  static Embedder ofEmbeddings(java.util.function.Function<String, Embedding> function) {
    requireNonNull(function, "function");
    return (text, deadline) -> function.apply(text).toArray();
  }
}
