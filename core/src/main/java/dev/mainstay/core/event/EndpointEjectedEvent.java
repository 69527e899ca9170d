package dev.mainstay.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * Outlier detection took an endpoint out of rotation, after consecutive failures or a failed
 * health probe.
 *
 * @param client the client name
 * @param requestId the call whose attempt triggered the ejection, or {@code ""} for a probe
 * @param at when it was ejected
 * @param endpointId the endpoint
 * @param consecutiveFailures the failures in a row that led to the ejection
 * @param ejection how long it stays out before it is re-admitted
 */
public record EndpointEjectedEvent(
    String client,
    String requestId,
    Instant at,
    String endpointId,
    int consecutiveFailures,
    Duration ejection)
    implements ModelEvent {}
