package dev.mainstay.core.event;

import dev.mainstay.core.ErrorKind;
import java.time.Instant;

/**
 * A route moved a call from one endpoint to another after a failed attempt.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the route decided
 * @param fromEndpointId the endpoint whose attempt failed
 * @param toEndpointId the endpoint the next attempt goes to
 * @param reason the kind of the failure that caused the failover
 * @param attempt the 1-based number of the next attempt
 */
public record FailedOverEvent(
    String client,
    String requestId,
    Instant at,
    String fromEndpointId,
    String toEndpointId,
    ErrorKind reason,
    int attempt)
    implements ModelEvent {}
