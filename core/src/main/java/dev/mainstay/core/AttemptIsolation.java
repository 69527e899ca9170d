package dev.mainstay.core;

/**
 * Where a client runs endpoint attempts that nobody races (hedged attempts always run on the
 * executor, since two must run at once).
 */
public enum AttemptIsolation {
  /**
   * On the client's executor while the caller waits (the default). The caller returns at its
   * deadline even when an endpoint ignores interruption (a JNI call, a blocking socket read in a
   * third-party client); the stuck attempt keeps its executor thread until it returns. Costs one
   * thread hand-off per attempt.
   */
  EXECUTOR,
  /**
   * On the caller's thread; at the deadline the caller's thread is interrupted. The cheapest
   * option, but it only honours deadlines for endpoints that respond to interruption (all of
   * Mainstay's own backends and simulators do).
   */
  CALLER
}
