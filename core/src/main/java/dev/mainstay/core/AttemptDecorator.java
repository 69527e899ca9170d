package dev.mainstay.core;

/**
 * A decorator that runs around every endpoint attempt at a fixed {@link AttemptStage} (OkHttp's
 * "network interceptor" slot). It never sees cache hits; its failures fail the attempt, so a route
 * can fail over. {@link AttemptSpec#current()} tells which attempt is running.
 */
public interface AttemptDecorator extends Decorator {

  /**
   * The attempt stage this decorator belongs to.
   *
   * @return the stage
   */
  AttemptStage attemptStage();

  /**
   * Wraps one endpoint's attempt chain. Called once per endpoint when the route is built.
   *
   * @param endpoint the endpoint the chain ends in
   * @param next the chain inside this stage
   * @param context the client being built
   * @return the decorated attempt chain
   */
  ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context);
}
