package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.event.DriftDetectedEvent;
import java.util.function.Consumer;

/**
 * What a {@link DriftMonitor} does with an alarm, after publishing it to the client's listeners.
 * Actions run synchronously on the attempt's thread, so they must be quick and must not block; an
 * action's exception is logged and never fails the call.
 */
@FunctionalInterface
public interface DriftAction {

  /**
   * Handles one alarm.
   *
   * @param alarm the alarm
   * @param client the client whose traffic drifted (its name, time source and event publishing)
   */
  void onDrift(DriftDetectedEvent alarm, ClientContext client);

  /**
   * An action that only hands alarms to a consumer.
   *
   * @param listener the consumer
   * @return the action
   */
  static DriftAction listener(Consumer<? super DriftDetectedEvent> listener) {
    requireNonNull(listener, "listener");
    return (alarm, client) -> listener.accept(alarm);
  }
}
