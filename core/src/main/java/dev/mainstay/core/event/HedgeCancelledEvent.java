package dev.mainstay.core.event;

import java.time.Instant;

/**
 * An attempt that lost a hedged race was cancelled. The cancellation never counts against its
 * endpoint.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it was cancelled
 * @param endpointId the endpoint of the cancelled attempt
 * @param attempt the cancelled attempt's 1-based number
 * @param hedge whether the cancelled attempt was itself a hedge
 */
public record HedgeCancelledEvent(
    String client, String requestId, Instant at, String endpointId, int attempt, boolean hedge)
    implements ModelEvent {}
