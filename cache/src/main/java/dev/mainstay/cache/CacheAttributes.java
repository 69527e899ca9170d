package dev.mainstay.cache;

/**
 * The attribute names through which a request steers the cache and a response tells the cache
 * what it may not keep. Requests set them with {@link dev.mainstay.core.ModelRequest#attribute(String,
 * String)}; output guards set {@link #GUARD_FLAGGED} with {@link
 * dev.mainstay.core.ModelResponse#attribute(String, String)}.
 *
 * <pre>{@code
 * ModelRequest creative = ModelRequest.chat("Write a haiku about failover")
 *     .parameters(Parameters.builder().temperature(0.9).build())
 *     .attribute(CacheAttributes.CACHE, CacheAttributes.STORE)        // opt in despite temperature
 *     .attribute(CacheAttributes.MAX_AGE, "PT5M");                    // accept answers up to 5 min old
 * }</pre>
 */
public final class CacheAttributes {
  private CacheAttributes() {}

  /**
   * Request attribute with cache directives: a comma-separated list of {@link #STORE}, {@link
   * #NO_STORE} and {@link #NO_CACHE} (case-insensitive, blanks ignored). Unknown directives are
   * rejected with {@link dev.mainstay.core.ErrorKind#INVALID_REQUEST}.
   */
  public static final String CACHE = "mainstay.cache";

  /**
   * Directive: the request may be cached even though it is not deterministic (temperature not 0).
   * The caller asserts that any answer to it is acceptable for every identical request in the same
   * isolation scope.
   */
  public static final String STORE = "store";

  /** Directive: do not write this request's answer to the cache (the read still happens). */
  public static final String NO_STORE = "no-store";

  /**
   * Directive: do not answer from the cache (neither fresh nor stale); the model is called and the
   * answer may still be stored, refreshing the entry.
   */
  public static final String NO_CACHE = "no-cache";

  /**
   * Request attribute: an ISO-8601 duration ({@code PT5M}). On read, a stored answer older than
   * this is not used; on write, the answer is kept fresh for at most this long (the smaller of it
   * and the cache's time to live). Zero behaves like {@link #NO_CACHE}. A malformed or negative value
   * is rejected with {@link dev.mainstay.core.ErrorKind#INVALID_REQUEST}.
   */
  public static final String MAX_AGE = "mainstay.cache.max-age";

  /**
   * The guards' flag ({@link dev.mainstay.core.Attributes#GUARD_FLAGGED}): the cache never stores
   * an answer to a request an input guard flagged, nor an answer an output guard flagged, so a
   * flagged answer is never replayed to other callers. Any value other than {@code "false"} means
   * flagged.
   */
  public static final String GUARD_FLAGGED = dev.mainstay.core.Attributes.GUARD_FLAGGED;

  /**
   * Response attribute the cache sets on a semantic hit: the cosine similarity of the matched
   * question, formatted with four decimals (for example {@code "0.9412"}).
   */
  public static final String SIMILARITY = "mainstay.cache.similarity";
}
