package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

/**
 * A read-only view of which endpoints a policy currently considers degraded. A route consults it
 * when ordering candidates: within a tier, healthy endpoints first, degraded ones only when no
 * healthy one is left (a degraded endpoint is still better than failing the call). For example:
 *
 * <pre>{@code
 * List<Endpoint> ordered = new ArrayList<>(tier);
 * ordered.sort(Comparator.comparing(e -> health.isDegraded(e.info().id())));  // false first
 * }</pre>
 *
 * <p>Implementations are thread-safe and cheap (a map lookup); {@link EndpointDegradation} is the
 * drift-driven one.
 */
@FunctionalInterface
public interface EndpointHealth {

  /**
   * Whether the endpoint is degraded right now.
   *
   * @param endpointId the endpoint's id
   * @return true while a degradation mark is in force
   */
  boolean isDegraded(String endpointId);

  /**
   * A view in which every endpoint is healthy.
   *
   * @return the view
   */
  static EndpointHealth allHealthy() {
    return id -> {
      requireNonNull(id, "endpointId");
      return false;
    };
  }
}
