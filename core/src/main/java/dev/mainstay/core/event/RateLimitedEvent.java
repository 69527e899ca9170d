package dev.mainstay.core.event;

import dev.mainstay.core.ErrorKind;
import java.time.Duration;
import java.time.Instant;

/**
 * A client-wide limit (the {@code LIMIT} stage) delayed or rejected a call.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the limit decided
 * @param limit which limit: {@code "rate"} or {@code "concurrency"}
 * @param rejected true when the call was rejected, false when it waited and went on
 * @param kind the kind a rejection carries ({@link ErrorKind#RATE_LIMITED} or {@link
 *     ErrorKind#OVERLOADED})
 * @param waited how long the call waited for the limit (zero when rejected at once)
 */
public record RateLimitedEvent(
    String client,
    String requestId,
    Instant at,
    String limit,
    boolean rejected,
    ErrorKind kind,
    Duration waited)
    implements ModelEvent {}
