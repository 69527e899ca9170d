package dev.mainstay.core;

import java.util.concurrent.CompletableFuture;

/**
 * Runs endpoint attempts for routers: on the client's executor, bounded by the attempt timeout
 * and the call's deadline (through the {@link TimeSource}), publishing attempt events, and turning
 * every outcome into a response or a {@link ModelException} attributed to the attempt.
 */
public interface AttemptLauncher {

  /**
   * Starts an attempt and returns at once.
   *
   * <p>The future completes exactly once: with the response, with the attempt's exception, with
   * {@link ErrorKind#TIMEOUT} when its time runs out, or with {@link ErrorKind#OVERLOADED} when the
   * client already runs its maximum number of attempts. {@code cancel(true)} on the future stops
   * the attempt with {@link ErrorKind#CANCELLED}, which never counts against the endpoint.
   *
   * @param spec which attempt
   * @param chain the endpoint's attempt chain from {@link ClientContext#attemptChain}
   * @param request the request, stamped with its deadline
   * @return the attempt's future
   */
  CompletableFuture<ModelResponse> launch(AttemptSpec spec, ModelClient chain, ModelRequest request);

  /**
   * Runs an attempt and waits for it. If the calling thread is interrupted, the attempt is
   * cancelled, the interrupt flag is restored and {@link ErrorKind#CANCELLED} is thrown.
   *
   * @param spec which attempt
   * @param chain the endpoint's attempt chain
   * @param request the request, stamped with its deadline
   * @return the response
   * @throws ModelException the attempt's failure
   */
  ModelResponse run(AttemptSpec spec, ModelClient chain, ModelRequest request);

  /**
   * Like {@link #run(AttemptSpec, ModelClient, ModelRequest)}, with a clock reading the router has
   * just taken, so the launcher need not read the clock again to time the attempt.
   *
   * @param spec which attempt
   * @param chain the endpoint's attempt chain
   * @param request the request, stamped with its deadline
   * @param startNanos a {@link TimeSource#nanoTime()} reading of the client's time source, taken
   *     just before this call
   * @return the response
   * @throws ModelException the attempt's failure
   */
  default ModelResponse run(AttemptSpec spec, ModelClient chain, ModelRequest request, long startNanos) {
    return run(spec, chain, request);
  }
}
