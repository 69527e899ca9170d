package dev.mainstay.drift;

/** Where a {@link Signal} is read. */
public enum SignalLevel {
  /**
   * Around every endpoint attempt ({@link dev.mainstay.core.AttemptStage#TAP}): real model output
   * per endpoint, never cache hits.
   */
  ATTEMPT,
  /**
   * Once per logical call, before the cache and guards (at {@link dev.mainstay.core.Stage#ACCESS}):
   * the input population as callers send it.
   */
  CALL
}
