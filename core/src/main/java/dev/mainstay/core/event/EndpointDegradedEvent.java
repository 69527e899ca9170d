package dev.mainstay.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A policy marked an endpoint degraded (for example after a drift alarm), so routes that consult
 * endpoint health prefer others until {@code until}.
 *
 * @param client the client name
 * @param requestId the call that triggered it, or {@code ""}
 * @param at when it was marked
 * @param endpointId the endpoint
 * @param reason a short machine-readable reason, such as {@code drift:score}
 * @param until when the mark expires
 */
public record EndpointDegradedEvent(
    String client, String requestId, Instant at, String endpointId, String reason, Instant until)
    implements ModelEvent {

  /** Validates the components. */
  public EndpointDegradedEvent {
    requireNonNull(client, "client");
    requireNonNull(requestId, "requestId");
    requireNonNull(at, "at");
    requireNonNull(endpointId, "endpointId");
    requireNonNull(reason, "reason");
    requireNonNull(until, "until");
  }
}
