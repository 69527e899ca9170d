package dev.mainstay.core.event;

import dev.mainstay.core.CallFacts;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Usage;
import java.time.Duration;
import java.time.Instant;

/**
 * A logical call ended with a response.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it ended
 * @param operation the operation
 * @param model the requested model alias
 * @param endpointId the endpoint that answered ({@code ""} for a cache hit with none recorded)
 * @param duration how long the call took
 * @param facts attempts, cache and hedge facts
 * @param usage tokens used
 */
public record CallSucceededEvent(
    String client,
    String requestId,
    Instant at,
    Operation operation,
    String model,
    String endpointId,
    Duration duration,
    CallFacts facts,
    Usage usage)
    implements ModelEvent {}
