package dev.mainstay.core;

/**
 * How a response came to be.
 *
 * @param attempts endpoint attempts made for this call (0 for a cache hit)
 * @param cached whether the response was served from a cache
 * @param stale whether the cached response had expired and was served because the endpoints
 *     failed
 * @param hedged whether the answering attempt was a hedge
 */
public record CallFacts(int attempts, boolean cached, boolean stale, boolean hedged) {

  /** One plain attempt. */
  public static final CallFacts FIRST_ATTEMPT = new CallFacts(1, false, false, false);

  /** Validates the components. */
  public CallFacts {
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
    }
    if (stale && !cached) {
      throw new IllegalArgumentException("a stale response must be a cached one");
    }
  }
}
