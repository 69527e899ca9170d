package dev.mainstay.core.event;

import java.time.Instant;

/**
 * A route started an attempt on an endpoint.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it started
 * @param endpointId the endpoint
 * @param attempt the 1-based attempt number
 * @param hedge whether it races an earlier attempt
 */
public record AttemptStartedEvent(
    String client, String requestId, Instant at, String endpointId, int attempt, boolean hedge)
    implements ModelEvent {}
