/**
 * The {@code CACHE} stage: an exact response cache on Caffeine keyed by a SHA-256 over a canonical
 * form of everything that affects the answer, an optional semantic (similarity) cache, single-flight
 * for concurrent identical misses, stale-if-error, tenant isolation and a byte bound.
 *
 * <p>Entry point: {@link dev.mainstay.cache.ResponseCache#inMemory()}. Per-request directives are
 * the attribute names in {@link dev.mainstay.cache.CacheAttributes}.
 */
package dev.mainstay.cache;
