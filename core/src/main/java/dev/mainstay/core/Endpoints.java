package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Opens endpoints from URIs through the {@link EndpointProvider}s on the class path, for example
 * {@code Endpoints.open("simulated:chat?latency=fixed:20ms")} or {@code
 * Endpoints.open("openai:https://api.openai.com/v1?model=gpt-4o-mini")}.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * Opens an endpoint from a URI string.
   *
   * @param uri an endpoint URI whose scheme names a provider
   * @return a new endpoint, owned by the caller
   * @throws IllegalArgumentException if the URI is malformed or no provider has its scheme (the
   *     message lists the schemes available)
   */
  public static Endpoint open(String uri) {
    requireNonNull(uri, "uri");
    try {
      return open(new URI(uri));
    } catch (URISyntaxException e) {
      // No cause and no input: the URI may carry a key, and URISyntaxException's message quotes it.
      throw new IllegalArgumentException(
          "malformed endpoint URI: " + e.getReason() + " at index " + e.getIndex());
    }
  }

  /**
   * Opens an endpoint from a URI.
   *
   * @param uri an endpoint URI whose scheme names a provider
   * @return a new endpoint, owned by the caller
   * @throws IllegalArgumentException if no provider has its scheme (the message lists the schemes
   *     available)
   */
  public static Endpoint open(URI uri) {
    requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new IllegalArgumentException(
          "endpoint URI has no scheme; available schemes: " + providers().keySet());
    }
    Map<String, EndpointProvider> providers = providers();
    EndpointProvider provider = providers.get(scheme.toLowerCase(Locale.ROOT));
    if (provider == null) {
      throw new IllegalArgumentException(
          "no endpoint provider for scheme '" + scheme + "'; available schemes: "
              + providers.keySet() + " (add the backend's jar to the class path)");
    }
    return provider.open(uri);
  }

  /**
   * The providers on the class path, by scheme.
   *
   * @return an unmodifiable, sorted map
   */
  public static Map<String, EndpointProvider> providers() {
    Map<String, EndpointProvider> out = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Endpoints.class.getClassLoader();
    }
    for (EndpointProvider p : ServiceLoader.load(EndpointProvider.class, loader)) {
      out.putIfAbsent(p.scheme().toLowerCase(Locale.ROOT), p);
    }
    if (loader != Endpoints.class.getClassLoader()) {
      for (EndpointProvider p : ServiceLoader.load(EndpointProvider.class, Endpoints.class.getClassLoader())) {
        out.putIfAbsent(p.scheme().toLowerCase(Locale.ROOT), p);
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
