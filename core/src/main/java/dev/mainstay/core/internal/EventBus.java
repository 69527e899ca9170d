package dev.mainstay.core.internal;

import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.util.List;

/** Delivers events to a fixed list of listeners; a listener's failure is logged and contained. */
final class EventBus {
  private static final System.Logger LOG = System.getLogger("dev.mainstay.events");

  private final EventListener[] listeners;

  EventBus(List<EventListener> listeners) {
    this.listeners = listeners.toArray(new EventListener[0]);
  }

  boolean active() {
    return listeners.length > 0;
  }

  void publish(ModelEvent event) {
    for (EventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING,
            () -> "event listener " + l.getClass().getName() + " failed on "
                + event.getClass().getSimpleName(), e);
      }
    }
  }
}
