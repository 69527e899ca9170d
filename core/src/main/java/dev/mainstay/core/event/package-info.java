/**
 * Typed events: one record per decision a client makes (attempts, failovers, hedges, breaker
 * transitions, cache results, guard findings, drift alarms). Listeners register on the client
 * builder. Events carry ids, kinds and numbers, never prompt or answer text.
 */
package dev.mainstay.core.event;
