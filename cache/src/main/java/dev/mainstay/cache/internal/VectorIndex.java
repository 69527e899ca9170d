package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheKey;
import dev.mainstay.core.Nullable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Brute-force cosine nearest neighbour over unit vectors kept in one contiguous {@code float[]}
 * (row-major), with the key of each row. Search is one dot product per row under a read lock;
 * removal swaps the last row into the hole. Thread-safe.
 */
public final class VectorIndex {
  private final int dimensions;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private float[] data;
  private CacheKey[] keys;
  private final Map<CacheKey, Integer> rowOf = new HashMap<>();
  private int size;

  /**
   * An empty index.
   *
   * @param dimensions the vector length
   */
  public VectorIndex(int dimensions) {
    if (dimensions <= 0) {
      throw new IllegalArgumentException("dimensions must be positive, was " + dimensions);
    }
    this.dimensions = dimensions;
    this.data = new float[dimensions];
    this.keys = new CacheKey[1];
  }

  /** A nearest-neighbour result. */
  public static final class Match {
    private final CacheKey key;
    private final double similarity;

    Match(CacheKey key, double similarity) {
      this.key = key;
      this.similarity = similarity;
    }

    /**
     * The matched entry's key.
     *
     * @return the key
     */
    public CacheKey key() {
      return key;
    }

    /**
     * The cosine similarity.
     *
     * @return in [-1, 1]
     */
    public double similarity() {
      return similarity;
    }
  }

  /**
   * The vector length.
   *
   * @return dimensions
   */
  public int dimensions() {
    return dimensions;
  }

  /**
   * Normalises a vector in place to unit length.
   *
   * @param v the vector
   * @return false if it is all zeros (it can match nothing)
   */
  public static boolean normalise(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (!(norm > 0) || !Double.isFinite(norm)) {
      return false;
    }
    if (Math.abs(norm - 1.0) > 1e-6) {
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return true;
  }

  /**
   * Adds or replaces the vector of a key.
   *
   * @param key the key
   * @param unit a unit vector of {@link #dimensions()} components; copied
   */
  public void put(CacheKey key, float[] unit) {
    if (unit.length != dimensions) {
      throw new IllegalArgumentException("expected " + dimensions + " dimensions, was " + unit.length);
    }
    lock.writeLock().lock();
    try {
      Integer row = rowOf.get(key);
      int r;
      if (row != null) {
        r = row;
      } else {
        if (size == keys.length) {
          keys = Arrays.copyOf(keys, size * 2);
          data = Arrays.copyOf(data, size * 2 * dimensions);
        }
        r = size++;
        keys[r] = key;
        rowOf.put(key, r);
      }
      System.arraycopy(unit, 0, data, r * dimensions, dimensions);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes a key's vector if present.
   *
   * @param key the key
   * @return true if it was present
   */
  public boolean remove(CacheKey key) {
    lock.writeLock().lock();
    try {
      Integer row = rowOf.remove(key);
      if (row == null) {
        return false;
      }
      int r = row;
      int last = --size;
      if (r != last) {
        CacheKey moved = keys[last];
        keys[r] = moved;
        System.arraycopy(data, last * dimensions, data, r * dimensions, dimensions);
        rowOf.put(moved, r);
      }
      keys[last] = null;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The most similar stored vector at or above a threshold.
   *
   * @param unit the query, a unit vector
   * @param threshold the smallest similarity that counts
   * @return the best match, or null when none reaches the threshold
   */
  public @Nullable Match nearest(float[] unit, double threshold) {
    if (unit.length != dimensions) {
      return null;
    }
    lock.readLock().lock();
    try {
      int best = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      float[] d = data;
      int dims = dimensions;
      for (int r = 0, base = 0; r < size; r++, base += dims) {
        float s = dot(d, base, unit, dims);
        if (s > bestScore) {
          bestScore = s;
          best = r;
        }
      }
      if (best < 0 || bestScore < threshold) {
        return null;
      }
      CacheKey k = keys[best];
      return k == null ? null : new Match(k, Math.min(1.0, bestScore));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * A dot product with eight independent accumulators: a single accumulator is bound by the latency
   * of floating-point addition (the JIT may not reorder float sums), eight keep the FPU busy.
   */
  private static float dot(float[] d, int base, float[] q, int dims) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    int k = 0;
    for (int end = dims - 7; k < end; k += 8) {
      int i = base + k;
      s0 += d[i] * q[k];
      s1 += d[i + 1] * q[k + 1];
      s2 += d[i + 2] * q[k + 2];
      s3 += d[i + 3] * q[k + 3];
      s4 += d[i + 4] * q[k + 4];
      s5 += d[i + 5] * q[k + 5];
      s6 += d[i + 6] * q[k + 6];
      s7 += d[i + 7] * q[k + 7];
    }
    for (; k < dims; k++) {
      s0 += d[base + k] * q[k];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /**
   * The number of vectors.
   *
   * @return size
   */
  public int size() {
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }
}
