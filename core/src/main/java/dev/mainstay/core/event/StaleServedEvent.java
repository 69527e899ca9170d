package dev.mainstay.core.event;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Operation;
import java.time.Duration;
import java.time.Instant;

/**
 * The model chain failed with a failover-able error and the cache answered with an expired entry
 * that was still inside its staleness window (stale-if-error).
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the stale answer was served
 * @param operation the operation
 * @param model the requested model alias
 * @param failure the kind of the failure the stale answer stands in for
 * @param age how long ago the answer was stored
 * @param staleFor how long the answer has been past its time to live
 */
public record StaleServedEvent(
    String client,
    String requestId,
    Instant at,
    Operation operation,
    String model,
    ErrorKind failure,
    Duration age,
    Duration staleFor)
    implements ModelEvent {}
