package dev.mainstay.core;

/**
 * A decorator that runs once per logical call at a fixed {@link Stage} (OkHttp's "application
 * interceptor" slot). It sees cache hits and may short-circuit.
 *
 * <p>The returned client must honour the {@link ModelClient} contract: end exactly once, by the
 * request's {@link ModelRequest#deadline() deadline}, with a response or a {@link ModelException}.
 */
public interface CallDecorator extends Decorator {

  /**
   * The stage this decorator belongs to; never {@link Stage#ROUTE}.
   *
   * @return the stage
   */
  Stage stage();

  /**
   * Wraps the rest of the chain.
   *
   * @param next the chain inside this stage
   * @param context the client being built (name, time source, events)
   * @return the decorated client
   */
  ModelClient decorate(ModelClient next, ClientContext context);
}
