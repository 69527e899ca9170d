package dev.mainstay.core.event;

import java.time.Instant;

/**
 * Something a client decided or observed. Every event names the client and the call it belongs
 * to, and when it happened. Implementations are immutable records that never contain prompt or
 * answer text.
 */
public interface ModelEvent {

  /**
   * The name of the client that published the event.
   *
   * @return the client name
   */
  String client();

  /**
   * The id of the call the event belongs to, or {@code ""} for events not tied to one call
   * (breaker transitions, drift alarms).
   *
   * @return the request id
   */
  String requestId();

  /**
   * When it happened, on the client's time source.
   *
   * @return the instant
   */
  Instant at();
}
