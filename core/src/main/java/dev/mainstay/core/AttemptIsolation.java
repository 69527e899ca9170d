package dev.mainstay.core;

/**
 * Where a client runs endpoint attempts that nobody races (hedged attempts always run on the
 * executor, since two must run at once).
 */
public enum AttemptIsolation {
  /**
   * The default: on the caller's thread for endpoints that declare {@link
   * Endpoint#honoursInterrupts()} (all of Mainstay's own backends and simulators), on the executor
   * for every other endpoint. Known endpoints get the cheap path; unknown ones keep the hard
   * deadline guarantee.
   */
  AUTO,
  /**
   * Always on the client's executor while the caller waits. The caller returns at its deadline
   * even when an endpoint ignores interruption (a JNI call, a blocking socket read in a third-party
   * client); the stuck attempt keeps its executor thread until it returns. Costs one thread
   * hand-off per attempt (tens of microseconds on a loaded Java 17 pool, a few on virtual threads).
   */
  EXECUTOR,
  /**
   * Always on the caller's thread; at the deadline the caller's thread is interrupted. The
   * cheapest option, but it only honours deadlines for endpoints that respond to interruption.
   */
  CALLER
}
