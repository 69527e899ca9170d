package dev.mainstay.core.event;

import java.time.Instant;

/**
 * A hedge answered first; the attempts it raced are cancelled.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the hedge answered
 * @param endpointId the endpoint that answered
 * @param attempt the hedge's 1-based attempt number
 */
public record HedgeWonEvent(String client, String requestId, Instant at, String endpointId, int attempt)
    implements ModelEvent {}
