package dev.mainstay.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.mainstay.cache.CacheKey;
import dev.mainstay.cache.CacheStore;
import dev.mainstay.cache.CachedResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.CacheEvictedEvent;
import java.util.concurrent.Executor;

/**
 * The in-memory store: a Caffeine cache bounded by estimated bytes, expiring each entry at its
 * {@link CachedResponse#retainNanos()} (time to live plus staleness window), with time read through
 * the {@link TimeSource} seam.
 */
public final class CaffeineCacheStore implements CacheStore {

  /** Receives entries that left the store. */
  @FunctionalInterface
  public interface RemovalSink {
    /**
     * Called after an entry left the store, on the store's executor.
     *
     * @param key the key
     * @param entry the entry
     * @param cause why it left
     */
    void removed(CacheKey key, CachedResponse entry, CacheEvictedEvent.Cause cause);
  }

  private final Cache<CacheKey, CachedResponse> cache;

  /**
   * A store.
   *
   * @param maximumBytes the byte bound
   * @param timeSource the time source expiry is read on
   * @param executor where Caffeine runs maintenance and removal notifications ({@code Runnable::run}
   *     in tests)
   * @param sink removal notifications
   */
  public CaffeineCacheStore(
      long maximumBytes, TimeSource timeSource, Executor executor, RemovalSink sink) {
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maximumBytes)
        .weigher((CacheKey k, CachedResponse v) -> v.weightBytes())
        .expireAfter(new RetainExpiry())
        .ticker(timeSource::nanoTime)
        .executor(executor)
        .removalListener((@Nullable CacheKey k, @Nullable CachedResponse v, RemovalCause cause) -> {
          if (k != null && v != null) {
            sink.removed(k, v, map(cause));
          }
        })
        .build();
  }

  private static CacheEvictedEvent.Cause map(RemovalCause cause) {
    switch (cause) {
      case SIZE:
      case COLLECTED:
        return CacheEvictedEvent.Cause.SIZE;
      case EXPIRED:
        return CacheEvictedEvent.Cause.EXPIRED;
      case REPLACED:
        return CacheEvictedEvent.Cause.REPLACED;
      case EXPLICIT:
      default:
        return CacheEvictedEvent.Cause.EXPLICIT;
    }
  }

  @Override
  public @Nullable CachedResponse get(CacheKey key) {
    return cache.getIfPresent(key);
  }

  @Override
  public void put(CacheKey key, CachedResponse entry) {
    cache.put(key, entry);
  }

  @Override
  public void invalidate(CacheKey key) {
    cache.invalidate(key);
  }

  @Override
  public void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public long entryCount() {
    return cache.estimatedSize();
  }

  @Override
  public long weightBytes() {
    return cache.policy().eviction()
        .map(e -> e.weightedSize().orElse(0L))
        .orElse(0L);
  }

  /**
   * Whether the store holds the key right now (ignoring entries pending expiry clean-up).
   *
   * @param key the key
   * @return true when present
   */
  public boolean contains(CacheKey key) {
    return cache.asMap().containsKey(key);
  }

  @Override
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  @Override
  public String toString() {
    return "CaffeineCacheStore[entries=" + entryCount() + ", bytes=" + weightBytes() + "]";
  }

  /** Each entry lives until its own retention horizon, counted from when it was written. */
  private static final class RetainExpiry implements Expiry<CacheKey, CachedResponse> {
    @Override
    public long expireAfterCreate(CacheKey key, CachedResponse value, long currentTime) {
      return remaining(value, currentTime);
    }

    @Override
    public long expireAfterUpdate(
        CacheKey key, CachedResponse value, long currentTime, long currentDuration) {
      return remaining(value, currentTime);
    }

    @Override
    public long expireAfterRead(
        CacheKey key, CachedResponse value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private static long remaining(CachedResponse value, long now) {
      return Math.max(0, value.retainNanos() - value.ageNanos(now));
    }
  }
}
