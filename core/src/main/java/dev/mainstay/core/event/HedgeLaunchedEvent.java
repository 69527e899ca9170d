package dev.mainstay.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A route launched a hedge: an extra attempt racing one still running.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the hedge was launched
 * @param endpointId the endpoint the hedge goes to
 * @param attempt the hedge's 1-based attempt number
 * @param delay how long after the previous attempt the hedge was launched
 */
public record HedgeLaunchedEvent(
    String client, String requestId, Instant at, String endpointId, int attempt, Duration delay)
    implements ModelEvent {}
