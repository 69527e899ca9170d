package dev.mainstay.core.event;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;

/**
 * Receives a client's events, synchronously on the thread that made the decision. Listeners must
 * be fast and must not block; an exception a listener throws is logged and never affects the call.
 */
@FunctionalInterface
public interface EventListener {

  /**
   * Called for every event of the client.
   *
   * @param event the event
   */
  void onEvent(ModelEvent event);

  /**
   * A listener for one type of event.
   *
   * @param type the event type
   * @param consumer what to do with each event of that type
   * @param <T> the event type
   * @return the listener
   */
  static <T extends ModelEvent> EventListener of(Class<T> type, Consumer<? super T> consumer) {
    requireNonNull(type, "type");
    requireNonNull(consumer, "consumer");
    return event -> {
      if (type.isInstance(event)) {
        consumer.accept(type.cast(event));
      }
    };
  }
}
