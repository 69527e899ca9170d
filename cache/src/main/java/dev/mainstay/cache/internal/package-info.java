/**
 * Implementation of the response cache: key encoding, the Caffeine store, the caching client,
 * single-flight and the vector index. Not a published API.
 */
package dev.mainstay.cache.internal;
