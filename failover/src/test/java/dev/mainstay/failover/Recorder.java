package dev.mainstay.failover;

import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;

/** Records a client's events. */
final class Recorder implements EventListener {
  final List<ModelEvent> events = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void onEvent(ModelEvent event) {
    events.add(event);
  }

  List<ModelEvent> snapshot() {
    synchronized (events) {
      return new ArrayList<>(events);
    }
  }

  <T extends ModelEvent> List<T> of(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (ModelEvent e : snapshot()) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }
}
