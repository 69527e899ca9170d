package dev.mainstay.spring.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of one client: UP while at least one endpoint can answer (breaker not open, not ejected),
 * DOWN only when none can. Each endpoint's state is a detail, not a child indicator, so one failed
 * endpoint with healthy backups never takes the application's health (or a readiness group that
 * includes {@code mainstay}) down.
 */
public final class ClientHealthIndicator implements HealthIndicator {
  private final String client;
  private final MainstayState state;

  /**
   * Creates the indicator.
   *
   * @param client the client name
   * @param state the state listener
   */
  public ClientHealthIndicator(String client, MainstayState state) {
    this.client = client;
    this.state = state;
  }

  @Override
  public Health health() {
    List<MainstayState.EndpointStatus> endpoints = state.endpoints(client);
    if (endpoints.isEmpty()) {
      return Health.unknown().withDetail("reason", "no endpoint yet (a @ModelCall client before its first call)").build();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    int available = 0;
    for (MainstayState.EndpointStatus e : endpoints) {
      details.put(e.id(), e.details());
      if (e.available()) {
        available++;
      }
    }
    Health.Builder b = available > 0 ? Health.up() : Health.down();
    b.withDetail("available", available + "/" + endpoints.size());
    if (available > 0 && available < endpoints.size()) {
      b.withDetail("degraded", true);
    }
    return b.withDetail("endpoints", details).build();
  }
}
