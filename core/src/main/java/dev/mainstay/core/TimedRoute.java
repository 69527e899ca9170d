package dev.mainstay.core;

/**
 * A route that can take the clock reading its client took when the call started, so the route
 * need not read the clock again before its first attempt. A client built with no call decorators
 * between it and its route calls {@link #call(ModelRequest, long)} instead of {@link
 * #call(ModelRequest)}; the behaviour must be the same.
 */
public interface TimedRoute extends ModelClient {
  /**
   * Runs the call like {@link #call(ModelRequest)}.
   *
   * @param request the request, stamped with its deadline and id
   * @param nowNanos a {@link TimeSource#nanoTime()} reading of the client's time source taken just
   *     before this call
   * @return the response
   * @throws ModelException when the call fails
   */
  ModelResponse call(ModelRequest request, long nowNanos);
}
