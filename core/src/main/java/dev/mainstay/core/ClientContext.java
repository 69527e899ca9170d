package dev.mainstay.core;

import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What decorators and routers get from the client being built: its name, time source, event
 * publishing and the attempt machinery. Implemented by the library; thread-safe.
 */
public interface ClientContext {

  /**
   * The client's name.
   *
   * @return the name given to {@link Mainstay#client(String)}
   */
  String clientName();

  /**
   * The time source every wait of this client goes through.
   *
   * @return the time source
   */
  TimeSource timeSource();

  /**
   * The client's default call timeout.
   *
   * @return a positive duration
   */
  Duration defaultTimeout();

  /**
   * Whether any listener is registered; check it before building an event that costs something.
   *
   * @return true when events are delivered
   */
  boolean publishing();

  /**
   * Delivers an event to the client's listeners, synchronously. A listener's exception is logged
   * and never reaches the call.
   *
   * @param event the event
   */
  void publish(ModelEvent event);

  /**
   * Builds the attempt chain of one endpoint: attempt decorators of stage {@link
   * AttemptStage#OBSERVE}, then the router's protection, then {@link AttemptStage#TAP} and {@link
   * AttemptStage#VALIDATE} decorators, then the endpoint.
   *
   * @param endpoint the endpoint
   * @param protection the router's per-endpoint wrapping (breaker, bulkhead); identity for none
   * @return the chain to pass to {@link #attempts()}
   */
  ModelClient attemptChain(Endpoint endpoint, UnaryOperator<ModelClient> protection);

  /**
   * Runs attempts for routers.
   *
   * @return the launcher
   */
  AttemptLauncher attempts();
}
