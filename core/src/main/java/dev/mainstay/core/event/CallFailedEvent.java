package dev.mainstay.core.event;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Operation;
import java.time.Duration;
import java.time.Instant;

/**
 * A logical call ended with a {@link dev.mainstay.core.ModelException}.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it ended
 * @param operation the operation
 * @param model the requested model alias
 * @param kind the error kind
 * @param duration how long the call took
 */
public record CallFailedEvent(
    String client,
    String requestId,
    Instant at,
    Operation operation,
    String model,
    ErrorKind kind,
    Duration duration)
    implements ModelEvent {}
