package dev.mainstay.core.event;

import java.time.Duration;
import java.time.Instant;

/**
 * An attempt returned a valid response.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it ended
 * @param endpointId the endpoint
 * @param attempt the 1-based attempt number
 * @param hedge whether it raced an earlier attempt
 * @param duration how long the attempt took
 */
public record AttemptSucceededEvent(
    String client,
    String requestId,
    Instant at,
    String endpointId,
    int attempt,
    boolean hedge,
    Duration duration)
    implements ModelEvent {}
