package dev.mainstay.core;

/**
 * Carries thread-bound context (an OpenTelemetry {@code Context}, the SLF4J MDC, a Spring {@code
 * SecurityContext}, ...) from the caller's thread onto the threads a client uses for it: attempts
 * handed to the client's executor (hedges, {@link AttemptIsolation#EXECUTOR} and {@link
 * AttemptIsolation#AUTO} hand-offs) and {@link ModelClient#callAsync(ModelRequest)}.
 *
 * <p>Register one with {@link ClientBuilder#contextPropagator(ContextPropagator)}, or contribute
 * one from a decorator through {@link Decorator#contextPropagator()}. Several propagators are
 * applied in order: captured and restored in registration order, their scopes closed in reverse.
 * Attempts that run on the caller's thread need no propagation and never touch a propagator; a
 * client without propagators does no propagation work at all.
 *
 * <p>A propagator must be thread-safe and should be cheap: {@link #capture()} runs on the caller's
 * thread once per hand-off. An exception thrown by {@link #capture()}, {@link #restore(Object)} or
 * {@link Scope#close()} is logged and skipped (that context is not carried), and never changes how
 * the call or attempt ends.
 */
public interface ContextPropagator {

  /**
   * Captures the calling thread's context. Called on the caller's thread when an attempt is handed
   * to the executor or an async call is submitted.
   *
   * @return an immutable snapshot to pass to {@link #restore(Object)}; may be null (then {@code
   *     restore(null)} is called)
   */
  @Nullable Object capture();

  /**
   * Installs a captured context on the current (executor) thread, before the work runs there.
   *
   * @param captured what {@link #capture()} returned, possibly null
   * @return a scope whose {@link Scope#close()} restores the thread's previous context; closed on
   *     the same thread after the work, even if it failed
   */
  Scope restore(@Nullable Object captured);

  /** Undoes one {@link ContextPropagator#restore(Object)}. */
  interface Scope extends AutoCloseable {

    /** Restores the context the thread had before the matching restore. Must not throw. */
    @Override
    void close();
  }
}
