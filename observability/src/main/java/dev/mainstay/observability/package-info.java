/**
 * The {@code OBSERVE} stage: OpenTelemetry traces that follow the GenAI semantic conventions and
 * Micrometer metrics for every call, attempt and decision of a Mainstay client.
 *
 * <p>Add {@link dev.mainstay.observability.Observability} to a client with {@code
 * ClientBuilder.with(...)}: it is a call decorator (one span and one set of metrics per logical
 * call), an attempt decorator (one child span per endpoint attempt, parented explicitly on the
 * call's span even when the attempt runs on another thread) and an event listener (span events,
 * counters, gauges and decision logs for failovers, hedges, cache results, guard findings, breaker
 * transitions and drift alarms). Prompt and answer text is never recorded unless content capture
 * is switched on.
 */
package dev.mainstay.observability;
