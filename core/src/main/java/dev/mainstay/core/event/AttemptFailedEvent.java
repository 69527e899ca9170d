package dev.mainstay.core.event;

import dev.mainstay.core.ErrorKind;
import java.time.Duration;
import java.time.Instant;

/**
 * An attempt failed, timed out or was cancelled ({@link ErrorKind#CANCELLED}, for example a hedge
 * that lost the race).
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it ended
 * @param endpointId the endpoint
 * @param attempt the 1-based attempt number
 * @param hedge whether it raced an earlier attempt
 * @param kind why it failed
 * @param duration how long the attempt took
 */
public record AttemptFailedEvent(
    String client,
    String requestId,
    Instant at,
    String endpointId,
    int attempt,
    boolean hedge,
    ErrorKind kind,
    Duration duration)
    implements ModelEvent {}
