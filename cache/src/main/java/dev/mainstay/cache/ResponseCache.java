package dev.mainstay.cache;

import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Stage;

/**
 * The {@link Stage#CACHE} stage: answers repeated requests from a cache, coalesces concurrent
 * identical misses into one model call, and answers with an expired entry when the model chain
 * fails (stale-if-error). Add it to a client with {@code ClientBuilder.with(...)}.
 *
 * <pre>{@code
 * ResponseCache cache = ResponseCache.inMemory()
 *     .maximumBytes(64L << 20)
 *     .timeToLive(Duration.ofMinutes(10))
 *     .staleIfError(Duration.ofHours(6))
 *     .build();
 * ModelClient chat = Mainstay.client("chat").endpoint(endpoint).with(cache).build();
 * chat.call(ModelRequest.chat("What is our refund policy?").tenant("acme")
 *     .parameters(Parameters.builder().temperature(0).build()));   // deterministic: cacheable
 * }</pre>
 *
 * <p><b>What is cached.</b> Deterministic requests (temperature 0), embeddings and predictions, and
 * any request that opts in with {@link CacheAttributes#STORE}. Never errors, never answers an output
 * guard flagged ({@link CacheAttributes#GUARD_FLAGGED}), never answers stopped by a content filter,
 * and never truncated answers (finish reason {@code length}) unless {@link
 * ResponseCacheBuilder#cacheTruncated(boolean)}. Hits come back with {@code
 * CallFacts(attempts=0, cached=true)}; stale answers with {@code stale=true} too.
 *
 * <p><b>Isolation.</b> The key includes the {@link CacheScope} (the tenant by default), so an answer
 * is never served to another tenant. One cache instance serves one client.
 */
public interface ResponseCache extends CallDecorator, AutoCloseable {

  /**
   * A builder for a cache in this JVM's memory (Caffeine), bounded in bytes.
   *
   * @return a new builder
   */
  static ResponseCacheBuilder inMemory() {
    return new ResponseCacheBuilder(null);
  }

  /**
   * A builder for a cache over a custom {@link CacheStore} (for example a distributed tier). The
   * store's own bounds apply; {@link ResponseCacheBuilder#maximumBytes(long)} and {@link
   * ResponseCacheBuilder#executor(java.util.concurrent.Executor)} are not available.
   *
   * @param store the store
   * @return a new builder
   */
  static ResponseCacheBuilder using(CacheStore store) {
    return new ResponseCacheBuilder(java.util.Objects.requireNonNull(store, "store"));
  }

  @Override
  default Stage stage() {
    return Stage.CACHE;
  }

  /**
   * The exact-cache key a request maps to (for diagnostics and external invalidation).
   *
   * @param request the request
   * @return its key
   */
  CacheKey keyOf(ModelRequest request);

  /**
   * Removes the entry of a request, if cached.
   *
   * @param request the request
   */
  void invalidate(ModelRequest request);

  /** Removes every entry. */
  void invalidateAll();

  /**
   * The number of cached answers (an estimate); 0 before the cache joined a client.
   *
   * @return entries
   */
  long entryCount();

  /**
   * The estimated size of the cached answers in bytes.
   *
   * @return bytes
   */
  long weightBytes();

  /**
   * The number of questions in the semantic index; 0 without a semantic cache.
   *
   * @return indexed entries
   */
  int semanticEntries();

  /** Runs pending expiry and eviction now (useful with a manual time source in tests). */
  void cleanUp();

  /** Drops every entry and releases the store. */
  @Override
  void close();
}
