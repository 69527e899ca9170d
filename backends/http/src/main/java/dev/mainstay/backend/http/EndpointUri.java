package dev.mainstay.backend.http;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An HTTP endpoint URI of the form {@code scheme:http(s)://host[:port]/path?key=value&...}, split
 * into the base URL and validated parameters. Secrets are refused in URIs (they end up in logs):
 * keys such as {@code apiKey} are rejected with a pointer to {@code apiKeyEnv}.
 */
public final class EndpointUri {
  private static final Set<String> SECRET_KEYS =
      Set.of("apikey", "api_key", "api-key", "key", "token", "secret", "password", "authorization");

  private final URI base;
  private final Map<String, String> params;

  private EndpointUri(URI base, Map<String, String> params) {
    this.base = base;
    this.params = params;
  }

  /**
   * Parses and validates an endpoint URI.
   *
   * @param uri the URI, for example {@code openai:https://api.openai.com/v1?model=gpt-4o-mini}
   * @param scheme the provider scheme it must have
   * @param keys the parameter names allowed
   * @param prefixes parameter-name prefixes allowed (for example {@code map.}), possibly empty
   * @return the parsed URI
   * @throws IllegalArgumentException naming what is wrong (never echoing a secret)
   */
  public static EndpointUri parse(URI uri, String scheme, Set<String> keys, Set<String> prefixes) {
    requireNonNull(uri, "uri");
    if (uri.getScheme() == null || !uri.getScheme().equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("endpoint URI must have scheme '" + scheme + ":'");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(scheme + " endpoint URI must not have a fragment");
    }
    String rest = uri.getRawSchemeSpecificPart();
    URI inner;
    try {
      inner = new URI(rest);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(scheme + " endpoint URI has a malformed base URL: " + e.getReason(), e);
    }
    String innerScheme = inner.getScheme();
    if (innerScheme == null
        || !(innerScheme.equalsIgnoreCase("http") || innerScheme.equalsIgnoreCase("https"))
        || inner.getHost() == null) {
      throw new IllegalArgumentException(
          scheme + " endpoint URI must wrap an http:// or https:// base URL with a host, as in "
              + scheme + ":https://host/v1?model=...");
    }
    if (inner.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          scheme + " endpoint URI must not carry credentials; use apiKeyEnv=VARIABLE");
    }
    Map<String, String> params = new TreeMap<>();
    String query = inner.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (SECRET_KEYS.contains(k.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              "secrets do not belong in endpoint URIs (parameter '" + k
                  + "'); name an environment variable with apiKeyEnv=VARIABLE or configure the key in code");
        }
        if (!keys.contains(k) && prefixes.stream().noneMatch(p -> k.startsWith(p) && k.length() > p.length())) {
          throw new IllegalArgumentException(
              "unknown " + scheme + " endpoint URI parameter '" + k + "'; known: " + new TreeSet<>(keys)
                  + (prefixes.isEmpty() ? "" : " and prefixes " + new TreeSet<>(prefixes)));
        }
        if (params.put(k, v) != null) {
          throw new IllegalArgumentException(scheme + " endpoint URI parameter '" + k + "' is given twice");
        }
      }
    }
    String path = inner.getRawPath() == null ? "" : inner.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    URI base;
    try {
      base = new URI(innerScheme.toLowerCase(Locale.ROOT) + "://" + inner.getRawAuthority() + path);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(scheme + " endpoint URI has a malformed base URL: " + e.getReason(), e);
    }
    return new EndpointUri(base, Collections.unmodifiableMap(params));
  }

  /**
   * The base URL without query and without a trailing slash, for example {@code
   * https://api.openai.com/v1}.
   *
   * @return the base URL
   */
  public URI base() {
    return base;
  }

  /**
   * All parameters, sorted by name.
   *
   * @return the parameters
   */
  public Map<String, String> params() {
    return params;
  }

  /**
   * One parameter.
   *
   * @param key the name
   * @return the value, or null when absent
   */
  public @Nullable String get(String key) {
    return params.get(key);
  }

  /**
   * An integer parameter.
   *
   * @param key the name
   * @return the value, or null when absent
   * @throws IllegalArgumentException if it is not an integer
   */
  public @Nullable Integer integer(String key) {
    String v = params.get(key);
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint URI parameter '" + key + "' must be an integer, was '" + v + "'", e);
    }
  }

  /**
   * A decimal parameter.
   *
   * @param key the name
   * @return the value, or null when absent
   * @throws IllegalArgumentException if it is not a number
   */
  public @Nullable Double decimal(String key) {
    String v = params.get(key);
    if (v == null) {
      return null;
    }
    try {
      return Double.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint URI parameter '" + key + "' must be a number, was '" + v + "'", e);
    }
  }

  /**
   * A duration parameter ({@code 500ms}, {@code 5s}, {@code PT5S}).
   *
   * @param key the name
   * @return the value, or null when absent
   * @throws IllegalArgumentException if it is not a positive duration
   */
  public @Nullable Duration duration(String key) {
    String v = params.get(key);
    return v == null ? null : RetryHeaders.parseConfigDuration(v.trim(), key);
  }

  /**
   * The parameters whose names start with a prefix, with the prefix removed.
   *
   * @param prefix for example {@code map.}
   * @return the matching parameters, sorted
   */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    params.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EndpointUri[" + base + ", params=" + params.keySet() + "]";
  }
}
