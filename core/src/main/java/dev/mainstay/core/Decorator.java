package dev.mainstay.core;

/**
 * Something added to a client with {@link ClientBuilder#with(Decorator)}: a {@link CallDecorator}
 * (once per call), an {@link AttemptDecorator} (once per endpoint attempt), or both. A decorator
 * that also implements {@link dev.mainstay.core.event.EventListener} is registered as a listener
 * too.
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
}
