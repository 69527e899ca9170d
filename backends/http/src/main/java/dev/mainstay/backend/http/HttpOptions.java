package dev.mainstay.backend.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Transport limits of an HTTP endpoint.
 *
 * @param connectTimeout the longest a TCP/TLS connect may take
 * @param requestTimeout the longest one request may wait for its whole response; the call's
 *     deadline bounds it further
 * @param maxResponseBytes the largest response body read; a larger one fails the call with {@link
 *     dev.mainstay.core.ErrorKind#INVALID_OUTPUT} without being held in memory
 */
public record HttpOptions(Duration connectTimeout, Duration requestTimeout, long maxResponseBytes) {

  /** Default connect timeout: 10 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default request timeout: 120 s (long generations); the call deadline usually ends it sooner. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  /** Default body limit: 16 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;

  /** The defaults. */
  public static final HttpOptions DEFAULTS =
      new HttpOptions(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES);

  /** Validates the components. */
  public HttpOptions {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    if (maxResponseBytes < 1024 || maxResponseBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException(
          "maxResponseBytes must be in [1024, 2^31-65], was " + maxResponseBytes);
    }
  }

  /**
   * A copy with another connect timeout.
   *
   * @param value positive
   * @return new options
   */
  public HttpOptions connectTimeout(Duration value) {
    return new HttpOptions(value, requestTimeout, maxResponseBytes);
  }

  /**
   * A copy with another request timeout.
   *
   * @param value positive
   * @return new options
   */
  public HttpOptions requestTimeout(Duration value) {
    return new HttpOptions(connectTimeout, value, maxResponseBytes);
  }

  /**
   * A copy with another body limit.
   *
   * @param value bytes, at least 1024
   * @return new options
   */
  public HttpOptions maxResponseBytes(long value) {
    return new HttpOptions(connectTimeout, requestTimeout, value);
  }

  private static void requirePositive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
