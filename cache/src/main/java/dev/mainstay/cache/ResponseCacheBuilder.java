package dev.mainstay.cache;

import static java.util.Objects.requireNonNull;

import dev.mainstay.cache.internal.CacheSettings;
import dev.mainstay.cache.internal.DefaultResponseCache;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Builds a {@link ResponseCache}. Each setter may be called once (a second call throws {@link
 * IllegalStateException}); values are validated at once. Not thread-safe; {@link #build()}
 * snapshots, so one builder can build several caches.
 */
public final class ResponseCacheBuilder {
  /** The default byte bound: 64 MiB. */
  public static final long DEFAULT_MAXIMUM_BYTES = 64L << 20;
  /** The default time to live: one hour. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(1);
  /**
   * The default semantic similarity threshold, 0.90: conservative. On the public paraphrase data
   * in docs/cache.md it gave no wrong hits with either the hashing embedder or all-MiniLM-L6-v2;
   * 0.85 did the same there with more hits.
   */
  public static final double DEFAULT_SIMILARITY_THRESHOLD = 0.90;
  /** The default bound on vectors in the semantic index. */
  public static final int DEFAULT_SEMANTIC_MAX_ENTRIES = 100_000;

  private final @Nullable CacheStore store;
  private long maximumBytes = -1;
  private @Nullable Duration timeToLive;
  private @Nullable Duration refreshAfterWrite;
  private @Nullable Duration staleWindow;
  private @Nullable Boolean cacheTruncated;
  private @Nullable CacheScope scope;
  private final List<String> keyAttributes = new ArrayList<>();
  private boolean keyAttributesSet;
  private @Nullable Embedder embedder;
  private double threshold = Double.NaN;
  private int semanticMaxEntries = -1;
  private @Nullable Executor executor;
  private @Nullable TimeSource timeSource;

  ResponseCacheBuilder(@Nullable CacheStore store) {
    this.store = store;
  }

  private static void once(boolean set, String what) {
    if (set) {
      throw new IllegalStateException(what + " was already set");
    }
  }

  /**
   * Bounds the in-memory cache by the estimated size of its answers: text chars * 2 + embedding
   * floats * 4 + a fixed overhead per entry (+ 4 bytes per dimension for semantic vectors).
   *
   * @param bytes positive; default {@link #DEFAULT_MAXIMUM_BYTES}
   * @return this builder
   */
  public ResponseCacheBuilder maximumBytes(long bytes) {
    once(maximumBytes != -1, "maximumBytes");
    if (store != null) {
      throw new IllegalStateException("maximumBytes applies to the in-memory store only");
    }
    if (bytes <= 0) {
      throw new IllegalArgumentException("maximumBytes must be positive, was " + bytes);
    }
    maximumBytes = bytes;
    return this;
  }

  /**
   * How long an answer stays fresh after it was stored.
   *
   * @param value positive; default {@link #DEFAULT_TIME_TO_LIVE}
   * @return this builder
   */
  public ResponseCacheBuilder timeToLive(Duration value) {
    once(timeToLive != null, "timeToLive");
    timeToLive = positive(value, "timeToLive");
    return this;
  }

  /**
   * The age after which a hit still serves the cached answer but also reloads it in the background
   * (one reload per key at a time, on the inner chain's executor), so popular answers never expire.
   *
   * @param value positive and shorter than the time to live; default never
   * @return this builder
   */
  public ResponseCacheBuilder refreshAfterWrite(Duration value) {
    once(refreshAfterWrite != null, "refreshAfterWrite");
    refreshAfterWrite = positive(value, "refreshAfterWrite");
    return this;
  }

  /**
   * Turns on stale-if-error: expired answers are kept this long past their time to live, and served
   * (marked {@code stale}) when the model chain fails with a kind whose {@link
   * dev.mainstay.core.ErrorKind#failover()} is true.
   *
   * @param window positive; default off
   * @return this builder
   */
  public ResponseCacheBuilder staleIfError(Duration window) {
    once(staleWindow != null, "staleIfError");
    staleWindow = positive(window, "staleIfError window");
    return this;
  }

  /**
   * Whether answers cut off by the token limit (finish reason {@code length}) may be cached.
   *
   * @param value default false
   * @return this builder
   */
  public ResponseCacheBuilder cacheTruncated(boolean value) {
    once(cacheTruncated != null, "cacheTruncated");
    cacheTruncated = value;
    return this;
  }

  /**
   * Who may share answers.
   *
   * @param value default {@link CacheScope#TENANT}
   * @return this builder
   */
  public ResponseCacheBuilder scope(CacheScope value) {
    once(scope != null, "scope");
    scope = requireNonNull(value, "scope");
    return this;
  }

  /**
   * Request attributes that change the answer (for example a prompt-template version) and so
   * belong in the key. Other attributes never change the key.
   *
   * @param names attribute names
   * @return this builder
   */
  public ResponseCacheBuilder keyAttributes(String... names) {
    once(keyAttributesSet, "keyAttributes");
    for (String n : requireNonNull(names, "names")) {
      if (requireNonNull(n, "attribute name").isBlank()) {
        throw new IllegalArgumentException("attribute names must not be blank");
      }
      keyAttributes.add(n);
    }
    keyAttributesSet = true;
    return this;
  }

  /**
   * Adds a semantic cache with the {@link #DEFAULT_SIMILARITY_THRESHOLD}; see {@link
   * #semantic(Embedder, double)}.
   *
   * @param value the embedder, for example {@link Embedder#hashing()}
   * @return this builder
   */
  public ResponseCacheBuilder semantic(Embedder value) {
    return semantic(value, DEFAULT_SIMILARITY_THRESHOLD);
  }

  /**
   * Adds a semantic cache: on an exact miss, a chat or completion request whose last message is
   * similar enough to a cached one (same scope, model, parameters and earlier messages) gets the
   * cached answer. Only questions with the same numbers (digit runs, as a set) and the same
   * negation ("not", "never", "n't", ...) are compared, whatever the embedder says: "how do I not
   * X" never gets the answer to "how do I X", and "order 4711" never the answer to "order 4712".
   *
   * @param value the embedder, for example {@link Embedder#hashing()}
   * @param similarityThreshold the smallest cosine similarity that counts as a hit, in (0, 1]
   * @return this builder
   */
  public ResponseCacheBuilder semantic(Embedder value, double similarityThreshold) {
    once(embedder != null, "semantic");
    if (!(similarityThreshold > 0 && similarityThreshold <= 1)) {
      throw new IllegalArgumentException(
          "similarityThreshold must be in (0, 1], was " + similarityThreshold);
    }
    embedder = requireNonNull(value, "embedder");
    threshold = similarityThreshold;
    return this;
  }

  /**
   * Bounds the semantic index; beyond it new answers are cached exactly but not indexed. Brute-force
   * search costs grow linearly per partition (see docs/cache.md for measurements).
   *
   * @param value positive; default {@link #DEFAULT_SEMANTIC_MAX_ENTRIES}
   * @return this builder
   */
  public ResponseCacheBuilder semanticMaxEntries(int value) {
    once(semanticMaxEntries != -1, "semanticMaxEntries");
    if (value <= 0) {
      throw new IllegalArgumentException("semanticMaxEntries must be positive, was " + value);
    }
    semanticMaxEntries = value;
    return this;
  }

  /**
   * Where the in-memory store runs maintenance and eviction notifications; {@code Runnable::run}
   * makes them synchronous (tests).
   *
   * @param value the executor; default {@link java.util.concurrent.ForkJoinPool#commonPool()}
   * @return this builder
   */
  public ResponseCacheBuilder executor(Executor value) {
    once(executor != null, "executor");
    if (store != null) {
      throw new IllegalStateException("executor applies to the in-memory store only");
    }
    executor = requireNonNull(value, "executor");
    return this;
  }

  /**
   * The time source expiry is read on.
   *
   * @param value the time source; default the client's
   * @return this builder
   */
  public ResponseCacheBuilder timeSource(TimeSource value) {
    once(timeSource != null, "timeSource");
    timeSource = requireNonNull(value, "timeSource");
    return this;
  }

  /**
   * Builds the cache.
   *
   * @return a new cache, to be added to one client
   * @throws IllegalArgumentException if refreshAfterWrite is not shorter than the time to live
   */
  public ResponseCache build() {
    Duration ttl = timeToLive == null ? DEFAULT_TIME_TO_LIVE : timeToLive;
    Duration refresh = refreshAfterWrite == null ? Duration.ZERO : refreshAfterWrite;
    if (refreshAfterWrite != null && refresh.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException("refreshAfterWrite (" + refresh
          + ") must be shorter than timeToLive (" + ttl + ")");
    }
    return new DefaultResponseCache(new CacheSettings(
        store,
        maximumBytes == -1 ? DEFAULT_MAXIMUM_BYTES : maximumBytes,
        ttl,
        refresh,
        staleWindow == null ? Duration.ZERO : staleWindow,
        cacheTruncated != null && cacheTruncated,
        scope == null ? CacheScope.TENANT : scope,
        keyAttributes,
        embedder,
        Double.isNaN(threshold) ? DEFAULT_SIMILARITY_THRESHOLD : threshold,
        semanticMaxEntries == -1 ? DEFAULT_SEMANTIC_MAX_ENTRIES : semanticMaxEntries,
        executor,
        timeSource));
  }

  private static Duration positive(Duration d, String what) {
    requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }
}
