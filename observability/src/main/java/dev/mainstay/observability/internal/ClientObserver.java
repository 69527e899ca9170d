package dev.mainstay.observability.internal;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Nullable;
import dev.mainstay.observability.ModelCallObservationConvention;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the engine keeps per observed client: the calls in flight by request id (so attempts on
 * other threads and events find their call's span without thread-locals) and the client's
 * endpoints by id (registered when the route builds its attempt chains).
 */
final class ClientObserver {
  final String client;
  private final ModelCallObservationConvention convention;
  private final ConcurrentHashMap<String, CallState> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, EndpointInfo> endpoints = new ConcurrentHashMap<>();
  private volatile @Nullable String soleProvider;
  private volatile boolean mixedProviders;

  ClientObserver(String client, ModelCallObservationConvention convention) {
    this.client = client;
    this.convention = convention;
  }

  void endpoint(EndpointInfo info) {
    endpoints.put(info.id(), info);
    String provider = convention.providerName(info);
    synchronized (this) {
      String sole = soleProvider;
      if (sole == null && !mixedProviders) {
        soleProvider = provider;
      } else if (sole != null && !sole.equals(provider)) {
        soleProvider = null;
        mixedProviders = true;
      }
    }
  }

  @Nullable EndpointInfo endpoint(@Nullable String id) {
    return id == null || id.isEmpty() ? null : endpoints.get(id);
  }

  /** The provider every endpoint shares, or null when they differ or none is known. */
  @Nullable String soleProvider() {
    return soleProvider;
  }

  /**
   * Registers a call. A request id already in flight (a caller reusing ids) is not registered
   * again: that call's attempts then fall back to the attempt thread's current context.
   */
  boolean register(String requestId, CallState state) {
    return inFlight.putIfAbsent(requestId, state) == null;
  }

  void unregister(String requestId, CallState state) {
    inFlight.remove(requestId, state);
  }

  @Nullable CallState call(String requestId) {
    return requestId.isEmpty() ? null : inFlight.get(requestId);
  }

  int inFlight() {
    return inFlight.size();
  }
}
