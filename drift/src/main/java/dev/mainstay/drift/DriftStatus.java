package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

/**
 * What one detector of a {@link DriftMonitor} has seen so far, for dashboards and actuators.
 *
 * @param client the client name
 * @param endpointId the endpoint, or {@code ""} for the client-wide population
 * @param model the model version, or {@code ""}
 * @param signal the signal name
 * @param detector the detector name
 * @param observations observations fed since the detector last reset
 * @param alarms alarms raised since the monitor started
 * @param statistic the detector's current or last statistic (NaN when none)
 */
public record DriftStatus(
    String client,
    String endpointId,
    String model,
    String signal,
    String detector,
    long observations,
    long alarms,
    double statistic) {

  /** Validates the components. */
  public DriftStatus {
    requireNonNull(client, "client");
    requireNonNull(endpointId, "endpointId");
    requireNonNull(model, "model");
    requireNonNull(signal, "signal");
    requireNonNull(detector, "detector");
  }
}
