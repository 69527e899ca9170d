package dev.mainstay.core.event;

import dev.mainstay.core.Operation;
import java.time.Instant;

/**
 * A cacheable call found no usable cache entry and goes on to the model (or joins an identical call
 * already in flight, which then publishes a {@link CacheHitEvent} with {@code coalesced} set).
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the miss was decided
 * @param operation the operation
 * @param model the requested model alias
 * @param readSkipped whether the request asked to skip the read ({@code no-cache}), so the miss was
 *     forced
 */
public record CacheMissEvent(
    String client,
    String requestId,
    Instant at,
    Operation operation,
    String model,
    boolean readSkipped)
    implements ModelEvent {}
