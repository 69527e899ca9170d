package dev.mainstay.core;

/**
 * Something added to a client with {@link ClientBuilder#with(Decorator)}: a {@link CallDecorator}
 * (once per call), an {@link AttemptDecorator} (once per endpoint attempt), or both. A decorator
 * that also implements {@link dev.mainstay.core.event.EventListener} is registered as a listener
 * too, and a decorator that returns a {@link #contextPropagator()} contributes it to the client.
 */
public interface Decorator {

  /**
   * A short name for the chain's {@code toString()}.
   *
   * @return the name; the simple class name by default
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * A propagator this decorator contributes to every client it is added to, applied after the
   * ones registered with {@link ClientBuilder#contextPropagator(ContextPropagator)}, in the order
   * decorators were added (one instance is registered once per client). Called once, when the
   * client is built.
   *
   * @return the propagator, or null for none (the default)
   */
  default @Nullable ContextPropagator contextPropagator() {
    return null;
  }
}
