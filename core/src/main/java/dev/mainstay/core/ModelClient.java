package dev.mainstay.core;

import dev.mainstay.core.internal.AsyncCalls;
import java.util.concurrent.CompletableFuture;

/**
 * The one interface of Mainstay: a model call. Endpoints, decorated clients, routes and fakes are
 * all model clients, so a client can be an endpoint of another client.
 *
 * <p><b>Contract.</b> Every call ends exactly once, within its deadline, either with a non-null
 * {@link ModelResponse} or with a {@link ModelException}. No implementation may hang past the
 * deadline, swallow an error, or return null. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ModelClient extends AutoCloseable {

  /**
   * Calls the model and blocks until the answer, an error, or the deadline.
   *
   * @param request the request
   * @return the answer, never null
   * @throws ModelException with the {@link ErrorKind} of the failure
   */
  ModelResponse call(ModelRequest request);

  /**
   * Calls the model without blocking the caller. Cancelling the returned future interrupts the
   * call, which then ends with {@link ErrorKind#CANCELLED}.
   *
   * <p>The default runs {@link #call(ModelRequest)} on Mainstay's shared attempt executor (virtual
   * threads on Java 21+, a bounded pool on 17); built clients use their own executor.
   *
   * @param request the request
   * @return a future completed with the answer or with a {@link ModelException}
   */
  default CompletableFuture<ModelResponse> callAsync(ModelRequest request) {
    return AsyncCalls.submit(this, request);
  }

  /**
   * Releases resources this client owns (connections, sessions, threads). A built client closes
   * its route and endpoints. The default does nothing.
   */
  @Override
  default void close() {}
}
