/**
 * Online drift detection on live model traffic.
 *
 * <p>{@link dev.mainstay.drift.DriftDetector}s (Page-Hinkley, ADWIN, HDDM_A and windowed two-sample
 * tests) watch one stream of numbers each; {@link dev.mainstay.drift.Signal}s say which number a
 * call yields (latency, output tokens, a prediction score, a finish reason, …); a {@link
 * dev.mainstay.drift.DriftMonitor} taps a client's attempts (and optionally its calls), keeps one
 * detector per signal, endpoint and model, and publishes a {@link
 * dev.mainstay.core.event.DriftDetectedEvent} when one fires. {@link
 * dev.mainstay.drift.DriftAction}s turn alarms into decisions: {@link
 * dev.mainstay.drift.EndpointDegradation} marks endpoints degraded, {@link
 * dev.mainstay.drift.ModelRollback} switches a {@link dev.mainstay.drift.ModelAliases} alias back
 * to its previous version.
 *
 * <p>Types in {@code dev.mainstay.drift.internal} are implementation details and not API.
 */
package dev.mainstay.drift;
