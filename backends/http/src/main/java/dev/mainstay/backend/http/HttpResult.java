package dev.mainstay.backend.http;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A completed HTTP exchange: status, headers and the (size-bounded) body. {@link #toString()} shows
 * status and size only, never the body.
 */
public final class HttpResult {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * A result.
   *
   * @param status the HTTP status code
   * @param headers response headers; names are matched case-insensitively
   * @param body the body bytes (copied)
   */
  public HttpResult(int status, Map<String, List<String>> headers, byte[] body) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be a 3-digit HTTP status, was " + status);
    }
    this.status = status;
    Map<String, List<String>> h = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : requireNonNull(headers, "headers").entrySet()) {
      if (e.getKey() != null) {
        h.merge(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(e.getValue()), (a, b) -> {
          List<String> all = new java.util.ArrayList<>(a);
          all.addAll(b);
          return List.copyOf(all);
        });
      }
    }
    this.headers = Collections.unmodifiableMap(h);
    this.body = requireNonNull(body, "body").clone();
  }

  /**
   * The HTTP status code.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * Whether the status is 2xx.
   *
   * @return true on success
   */
  public boolean successful() {
    return status >= 200 && status < 300;
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, any case
   * @return the value, or null when absent
   */
  public @Nullable String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * All headers, by lower-case name.
   *
   * @return an unmodifiable map
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * A copy of the body.
   *
   * @return the body bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body length in bytes.
   *
   * @return the size
   */
  public int bodySize() {
    return body.length;
  }

  /**
   * The body decoded as UTF-8.
   *
   * @return the text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "HttpResult[status=" + status + ", bytes=" + body.length + "]";
  }
}
