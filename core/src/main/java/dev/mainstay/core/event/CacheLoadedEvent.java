package dev.mainstay.core.event;

import dev.mainstay.core.Operation;
import java.time.Duration;
import java.time.Instant;

/**
 * A cache miss was loaded from the model chain: how long the load took, whether the answer was
 * stored, and the cache's size afterwards.
 *
 * @param client the client name
 * @param requestId the id of the call that performed the load
 * @param at when the load ended
 * @param operation the operation
 * @param model the requested model alias
 * @param loadTime how long the inner chain took
 * @param stored whether the answer was written to the cache (false when the request said {@code
 *     no-store} or the answer was not cacheable: flagged, truncated, or the like)
 * @param refresh whether this was a background refresh of an entry past its refresh-after-write
 *     age
 * @param entries the number of entries in the cache afterwards (an estimate)
 * @param bytes the estimated size of the cached answers afterwards, in bytes
 */
public record CacheLoadedEvent(
    String client,
    String requestId,
    Instant at,
    Operation operation,
    String model,
    Duration loadTime,
    boolean stored,
    boolean refresh,
    long entries,
    long bytes)
    implements ModelEvent {}
