package dev.mainstay.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * An endpoint asked callers to back off (a 429 with or without Retry-After); routes skip it until
 * the cooldown ends.
 *
 * @param client the client name
 * @param requestId the call whose attempt was rate limited
 * @param at when the cooldown started
 * @param endpointId the endpoint
 * @param cooldown how long it is skipped
 */
public record EndpointCooledDownEvent(
    String client, String requestId, Instant at, String endpointId, Duration cooldown)
    implements ModelEvent {}
