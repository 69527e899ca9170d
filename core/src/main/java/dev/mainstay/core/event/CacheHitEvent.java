package dev.mainstay.core.event;

import dev.mainstay.core.Operation;
import java.time.Duration;
import java.time.Instant;

/**
 * A call was answered from the response cache without calling a model.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when the hit was served
 * @param operation the operation
 * @param model the requested model alias
 * @param semantic whether the hit came from the semantic (similarity) cache rather than the exact
 *     key
 * @param similarity the cosine similarity of the semantic match; 1.0 for an exact hit
 * @param coalesced whether the answer came from an identical concurrent call's load (single-flight)
 *     rather than from a stored entry
 * @param age how long ago the answer was stored; zero for a coalesced answer
 */
public record CacheHitEvent(
    String client,
    String requestId,
    Instant at,
    Operation operation,
    String model,
    boolean semantic,
    double similarity,
    boolean coalesced,
    Duration age)
    implements ModelEvent {}
