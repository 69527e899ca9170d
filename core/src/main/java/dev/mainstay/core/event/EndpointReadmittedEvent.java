package dev.mainstay.core.event;

import java.time.Instant;

/**
 * An ejected endpoint answered a health probe and is back in rotation. Not tied to one call:
 * {@link #requestId()} is {@code ""}.
 *
 * @param client the client name
 * @param requestId always {@code ""}
 * @param at when it was re-admitted
 * @param endpointId the endpoint
 */
public record EndpointReadmittedEvent(String client, String requestId, Instant at, String endpointId)
    implements ModelEvent {}
