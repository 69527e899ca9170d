package dev.mainstay.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A drift detector fired: the stream of one signal (latency, a score, output tokens, …) on one
 * endpoint and model, or on the whole client, changed. Carries numbers and names only, never
 * prompt or answer text.
 *
 * @param client the client name
 * @param requestId the id of the call whose observation made the detector fire, or {@code ""}
 * @param at when it fired, on the client's time source
 * @param endpointId the endpoint whose traffic drifted, or {@code ""} for the client-wide
 *     population (all endpoints, or the call-level input population)
 * @param model the model (version) the drifting traffic asked for, or {@code ""} when not tied to
 *     one
 * @param signal the signal's name, such as {@code latency_ms} or {@code score}
 * @param detector the detector's name, such as {@code adwin} or {@code ks}
 * @param statistic the test statistic at detection
 * @param threshold what the statistic was compared with (alpha for p-value tests)
 * @param pValue the p-value, or NaN when the detector computes none
 * @param observations observations the detector had seen since its last reset
 */
public record DriftDetectedEvent(
    String client,
    String requestId,
    Instant at,
    String endpointId,
    String model,
    String signal,
    String detector,
    double statistic,
    double threshold,
    double pValue,
    long observations)
    implements ModelEvent {

  /** Validates the components. */
  public DriftDetectedEvent {
    requireNonNull(client, "client");
    requireNonNull(requestId, "requestId");
    requireNonNull(at, "at");
    requireNonNull(endpointId, "endpointId");
    requireNonNull(model, "model");
    requireNonNull(signal, "signal");
    requireNonNull(detector, "detector");
  }
}
