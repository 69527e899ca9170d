package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheKey;
import dev.mainstay.core.Nullable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The semantic cache's vectors, one {@link VectorIndex} per partition (scope, operation, model,
 * parameters, key attributes and all but the last message), so a similarity hit can only come from
 * the same tenant, model and parameters. Bounded: beyond {@code maxEntries} vectors, new answers are
 * cached exactly but not indexed.
 */
public final class SemanticIndex {
  private final ConcurrentHashMap<CacheKey, VectorIndex> partitions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<CacheKey, CacheKey> partitionOf = new ConcurrentHashMap<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int maxEntries;

  /**
   * An empty index.
   *
   * @param maxEntries the most vectors kept over all partitions
   */
  public SemanticIndex(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * Indexes an entry's question.
   *
   * @param partition the partition key
   * @param key the exact key of the entry
   * @param unit the unit vector of its last message
   */
  public void put(CacheKey partition, CacheKey key, float[] unit) {
    if (partitionOf.containsKey(key)) {
      return; // already indexed under this exact key: same question, same vector
    }
    if (size.incrementAndGet() > maxEntries) {
      size.decrementAndGet();
      return;
    }
    if (partitionOf.putIfAbsent(key, partition) != null) {
      size.decrementAndGet();
      return;
    }
    boolean[] added = {false};
    partitions.compute(partition, (p, index) -> {
      VectorIndex idx = index == null ? new VectorIndex(unit.length) : index;
      if (idx.dimensions() == unit.length) {
        idx.put(key, unit);
        added[0] = true;
      }
      return idx.size() == 0 ? null : idx;
    });
    if (!added[0]) {
      partitionOf.remove(key, partition);
      size.decrementAndGet();
    }
  }

  /**
   * Removes an entry's vector.
   *
   * @param key the exact key
   */
  public void remove(CacheKey key) {
    CacheKey partition = partitionOf.remove(key);
    if (partition == null) {
      return;
    }
    removeFrom(partition, key);
  }

  /**
   * Removes an entry's vector from a partition (also when the entry was never fully registered).
   *
   * @param partition the partition key
   * @param key the exact key
   */
  public void removeFrom(CacheKey partition, CacheKey key) {
    partitionOf.remove(key, partition);
    boolean[] removed = {false};
    partitions.computeIfPresent(partition, (p, index) -> {
      removed[0] = index.remove(key);
      return index.size() == 0 ? null : index;
    });
    if (removed[0]) {
      size.decrementAndGet();
    }
  }

  /**
   * The most similar question in a partition.
   *
   * @param partition the partition key
   * @param unit the query unit vector
   * @param threshold the smallest similarity that counts
   * @return the match, or null
   */
  public VectorIndex.@Nullable Match nearest(CacheKey partition, float[] unit, double threshold) {
    VectorIndex index = partitions.get(partition);
    return index == null ? null : index.nearest(unit, threshold);
  }

  /** Drops every vector. */
  public void clear() {
    partitions.clear();
    partitionOf.clear();
    size.set(0);
  }

  /**
   * The number of indexed vectors.
   *
   * @return size
   */
  public int size() {
    return size.get();
  }
}
