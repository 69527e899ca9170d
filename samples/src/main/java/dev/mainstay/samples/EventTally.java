package dev.mainstay.samples;

import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A listener that counts events by type (and by a key the caller chooses), for per-phase reports.
 * Thread-safe.
 */
public final class EventTally implements EventListener {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<Class<?>, Function<ModelEvent, String>> keys = new ConcurrentHashMap<>();

  /**
   * Also counts events of a type by a key, for example failovers by reason.
   *
   * @param type the event type
   * @param key what to count by
   * @param <T> the event type
   * @return this tally
   */
  public <T extends ModelEvent> EventTally by(Class<T> type, Function<T, String> key) {
    keys.put(type, e -> key.apply(type.cast(e)));
    return this;
  }

  @Override
  public void onEvent(ModelEvent event) {
    String name = event.getClass().getSimpleName().replace("Event", "");
    counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    Function<ModelEvent, String> key = keys.get(event.getClass());
    if (key != null) {
      counts.computeIfAbsent(name + "[" + key.apply(event) + "]", k -> new LongAdder()).increment();
    }
  }

  /**
   * The count for an event name (simple class name without {@code Event}), or a keyed count such
   * as {@code FailedOver[TIMEOUT]}.
   *
   * @param name the name
   * @return the count
   */
  public long count(String name) {
    LongAdder a = counts.get(name);
    return a == null ? 0 : a.sum();
  }

  /**
   * Every count, sorted by name, and resets them.
   *
   * @return the counts
   */
  public Map<String, Long> drain() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sumThenReset()));
    out.values().removeIf(v -> v == 0);
    return out;
  }
}
