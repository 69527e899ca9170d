package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import java.time.Duration;

/**
 * One thing a {@link DriftMonitor} saw: an endpoint attempt (with its response or error and
 * latency) or, at call level, an incoming request. Signals read numbers, categories or vectors from
 * it; it is never stored or published, so prompt text stays in the call.
 *
 * @param client the client name
 * @param endpointId the endpoint attempted, or {@code ""} at call level
 * @param request the request (at attempt level: as the endpoint received it)
 * @param response the response, or null for a failed attempt and at call level
 * @param error the failure's kind, or null when the attempt succeeded or at call level
 * @param latency how long the attempt took ({@link Duration#ZERO} at call level)
 */
public record Observation(
    String client,
    String endpointId,
    ModelRequest request,
    @Nullable ModelResponse response,
    @Nullable ErrorKind error,
    Duration latency) {

  /** Validates the components. */
  public Observation {
    requireNonNull(client, "client");
    requireNonNull(endpointId, "endpointId");
    requireNonNull(request, "request");
    requireNonNull(latency, "latency");
  }
}
