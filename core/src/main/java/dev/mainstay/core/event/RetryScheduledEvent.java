package dev.mainstay.core.event;

import dev.mainstay.core.ErrorKind;
import java.time.Duration;
import java.time.Instant;

/**
 * A route is about to try an endpoint again, within the same call, after a backoff.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the route decided
 * @param endpointId the endpoint retried
 * @param reason the kind of the failure that caused the retry
 * @param attempt the 1-based number of the retry attempt
 * @param backoff how long the route waits before the retry
 */
public record RetryScheduledEvent(
    String client,
    String requestId,
    Instant at,
    String endpointId,
    ErrorKind reason,
    int attempt,
    Duration backoff)
    implements ModelEvent {}
