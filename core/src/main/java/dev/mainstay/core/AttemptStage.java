package dev.mainstay.core;

/**
 * Where an {@link AttemptDecorator} sits around each endpoint attempt. Inside a route every attempt
 * runs, outermost first: {@link #OBSERVE} → the router's protection (circuit breaker, bulkhead)
 * and the attempt timeout → {@link #TAP} → {@link #VALIDATE} → the endpoint.
 */
public enum AttemptStage {
  /** Outside the router's protection: attempt spans and timings. */
  OBSERVE,
  /** Sees each real, validated model answer or failure per endpoint (drift taps). */
  TAP,
  /** Right around the endpoint: response validators, whose rejection fails the attempt. */
  VALIDATE
}
