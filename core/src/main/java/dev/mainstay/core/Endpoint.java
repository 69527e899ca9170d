package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

/**
 * A {@link ModelClient} that is one concrete place a model answers: a hosted API, a local GPU
 * server, an in-process model, a simulator. Routers pick among endpoints by their {@link
 * EndpointInfo}.
 *
 * <p>Endpoint implementations map their failures to {@link ModelException}s with the right {@link
 * ErrorKind}, respond to thread interruption by giving up promptly, and release what they hold in
 * {@link #close()}.
 */
public interface Endpoint extends ModelClient {

  /**
   * Identity, placement, cost and capacity of this endpoint.
   *
   * @return the info, never null
   */
  EndpointInfo info();

  /**
   * Whether this endpoint ends a call promptly (with {@link ErrorKind#CANCELLED} or by honouring
   * the request's deadline) when its thread is interrupted. Under the default {@link
   * AttemptIsolation#AUTO} such endpoints run on the caller's thread, saving a thread hand-off per
   * attempt; others run on the executor so that a caller never waits past its deadline. Declare
   * true only when every blocking step of {@link #call} is interruptible or deadline-bounded.
   *
   * @return false by default
   */
  default boolean honoursInterrupts() {
    return false;
  }

  /**
   * Whether this endpoint can serve the operation.
   *
   * @param operation an operation
   * @return true if {@link EndpointInfo#operations()} contains it
   */
  default boolean supports(Operation operation) {
    return info().operations().contains(operation);
  }

  /**
   * An endpoint made from a plain client, for adapters, tests and method-body endpoints.
   *
   * @param info the endpoint's info
   * @param client what answers
   * @return the endpoint; closing it closes the client
   */
  static Endpoint of(EndpointInfo info, ModelClient client) {
    requireNonNull(info, "info");
    requireNonNull(client, "client");
    return new Endpoint() {
      @Override
      public EndpointInfo info() {
        return info;
      }

      @Override
      public ModelResponse call(ModelRequest request) {
        return client.call(request);
      }

      @Override
      public void close() {
        client.close();
      }

      @Override
      public String toString() {
        return "Endpoint[" + info.id() + "]";
      }
    };
  }
}
