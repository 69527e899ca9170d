package dev.mainstay.core.event;

import java.time.Instant;

/**
 * A cached answer left the cache. Not tied to a call: {@link #requestId()} is {@code ""}.
 *
 * @param client the client name
 * @param requestId always {@code ""}
 * @param at when the entry was removed
 * @param cause why it was removed
 * @param weightBytes the estimated size of the removed answer, in bytes
 * @param entries the number of entries left in the cache (an estimate)
 * @param bytes the estimated size of the answers left in the cache, in bytes
 */
public record CacheEvictedEvent(
    String client,
    String requestId,
    Instant at,
    Cause cause,
    long weightBytes,
    long entries,
    long bytes)
    implements ModelEvent {

  /** Why an entry left the cache. */
  public enum Cause {
    /** The byte bound was exceeded and the entry was chosen for eviction. */
    SIZE,
    /** The entry passed its time to live (and its staleness window, when stale-if-error is on). */
    EXPIRED,
    /** The entry was invalidated by the application. */
    EXPLICIT,
    /** The entry was replaced by a newer answer for the same key. */
    REPLACED
  }
}
