package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheScope;
import dev.mainstay.cache.CacheStore;
import dev.mainstay.cache.Embedder;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The validated settings of a response cache, snapshotted by the public builder.
 *
 * @param store a caller-supplied store, or null for the in-memory Caffeine store
 * @param maximumBytes the in-memory store's byte bound
 * @param timeToLive how long an answer is fresh
 * @param refreshAfterWrite the age after which a hit triggers a background reload; zero for never
 * @param staleWindow how long past its time to live an answer may be served if the model fails;
 *     zero for no stale-if-error
 * @param cacheTruncated whether answers cut off by the token limit may be stored
 * @param scope the isolation scope
 * @param keyAttributes request attributes that belong in the key
 * @param embedder the semantic cache's embedder, or null for exact caching only
 * @param similarityThreshold the smallest cosine similarity of a semantic hit
 * @param semanticMaxEntries the most vectors in the semantic index
 * @param executor the executor for the store's maintenance, or null for Caffeine's default
 * @param timeSource the time source, or null for the client's
 */
public record CacheSettings(
    @Nullable CacheStore store,
    long maximumBytes,
    Duration timeToLive,
    Duration refreshAfterWrite,
    Duration staleWindow,
    boolean cacheTruncated,
    CacheScope scope,
    List<String> keyAttributes,
    @Nullable Embedder embedder,
    double similarityThreshold,
    int semanticMaxEntries,
    @Nullable Executor executor,
    @Nullable TimeSource timeSource) {

  /** Copies the list. */
  public CacheSettings {
    keyAttributes = List.copyOf(keyAttributes);
  }
}
