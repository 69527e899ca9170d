package dev.mainstay.core.event;

import java.time.Instant;

/**
 * An endpoint's circuit breaker changed state. Not tied to one call: {@link #requestId()} is
 * {@code ""}.
 *
 * @param client the client name
 * @param requestId always {@code ""}
 * @param at when the state changed
 * @param endpointId the endpoint the breaker protects
 * @param fromState the previous state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, …)
 * @param toState the new state
 */
public record BreakerStateChangedEvent(
    String client, String requestId, Instant at, String endpointId, String fromState, String toState)
    implements ModelEvent {}
