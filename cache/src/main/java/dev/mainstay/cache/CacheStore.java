package dev.mainstay.cache;

import dev.mainstay.core.Nullable;

/**
 * Where a {@link ResponseCache} keeps its answers. The built-in store is an in-memory Caffeine cache
 * bounded in bytes ({@link ResponseCache#inMemory()}); the interface exists so a distributed second
 * tier (for example Redis) can be added behind the same stage. Single-flight, cacheability,
 * freshness and stale-if-error decisions live in the stage, not in the store.
 *
 * <p>A store must keep an entry no longer than {@link CachedResponse#retainNanos()} after it was
 * stored, and may drop it earlier (for size). Implementations are thread-safe and must not block
 * for long: they are called on the caller's thread.
 */
public interface CacheStore extends AutoCloseable {

  /**
   * The entry for a key, fresh or stale, or null when absent or past its retention.
   *
   * @param key the key
   * @return the entry, or null
   */
  @Nullable CachedResponse get(CacheKey key);

  /**
   * Stores or replaces an entry.
   *
   * @param key the key
   * @param entry the entry
   */
  void put(CacheKey key, CachedResponse entry);

  /**
   * Removes one entry if present.
   *
   * @param key the key
   */
  void invalidate(CacheKey key);

  /** Removes every entry. */
  void invalidateAll();

  /**
   * The number of entries (an estimate for concurrent stores).
   *
   * @return the entry count
   */
  long entryCount();

  /**
   * The estimated size of the stored answers in bytes.
   *
   * @return the total weight
   */
  long weightBytes();

  /** Runs pending maintenance (expiry, eviction) now; a no-op where there is none. */
  default void cleanUp() {}

  /** Releases the store's resources. The default does nothing. */
  @Override
  default void close() {}
}
