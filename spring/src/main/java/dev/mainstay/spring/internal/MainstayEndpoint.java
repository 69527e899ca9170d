package dev.mainstay.spring.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.spring.MainstayClients;
import dev.mainstay.spring.MainstayProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code mainstay} actuator endpoint: every client with its chain (stage order, as {@code
 * toString()} prints it), the chain of its {@code @ModelCall} variant, its endpoints' states, and
 * the most recent drift alarms. Read-only; shows ids, states and numbers, never prompt text.
 */
@Endpoint(id = "mainstay")
public final class MainstayEndpoint {
  private final MainstayProperties properties;
  private final MainstayClients clients;
  private final MainstayState state;
  private final ObjectProvider<InvocationClients> invocations;

  /**
   * Creates the endpoint.
   *
   * @param properties the settings
   * @param clients the configured clients
   * @param state the state listener
   * @param invocations the annotation's clients, if the aspect is on
   */
  public MainstayEndpoint(MainstayProperties properties, MainstayClients clients, MainstayState state,
      ObjectProvider<InvocationClients> invocations) {
    this.properties = properties;
    this.clients = clients;
    this.state = state;
    this.invocations = invocations;
  }

  /**
   * All clients and recent drift alarms.
   *
   * @return the report
   */
  @ReadOperation
  public Map<String, Object> report() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : properties.getClients().keySet()) {
      all.put(name, client(name));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("clients", all);
    List<Map<String, Object>> alarms = new ArrayList<>();
    for (DriftDetectedEvent e : state.recentAlarms()) {
      alarms.add(alarm(e));
    }
    out.put("driftAlarms", alarms);
    return out;
  }

  /**
   * One client.
   *
   * @param name the client name
   * @return its report, or null (404) when not configured
   */
  @ReadOperation
  public @Nullable Map<String, Object> client(@Selector String name) {
    if (!properties.getClients().containsKey(name)) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    clients.find(name).ifPresent(c -> m.put("chain", c.toString()));
    InvocationClients inv = invocations.getIfAvailable();
    if (inv != null) {
      String chain = inv.chains().get(name);
      if (chain != null) {
        m.put("modelCallChain", chain);
      }
    }
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (MainstayState.EndpointStatus e : state.endpoints(name)) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("id", e.id());
      d.putAll(e.details());
      endpoints.add(d);
    }
    m.put("endpoints", endpoints);
    List<Map<String, Object>> alarms = new ArrayList<>();
    for (DriftDetectedEvent e : state.recentAlarms()) {
      if (e.client().equals(name)) {
        alarms.add(alarm(e));
      }
    }
    m.put("driftAlarms", alarms);
    return m;
  }

  private static Map<String, Object> alarm(DriftDetectedEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", e.at().toString());
    m.put("client", e.client());
    m.put("endpoint", e.endpointId());
    m.put("model", e.model());
    m.put("signal", e.signal());
    m.put("detector", e.detector());
    m.put("statistic", e.statistic());
    m.put("threshold", e.threshold());
    if (!Double.isNaN(e.pValue())) {
      m.put("pValue", e.pValue());
    }
    m.put("observations", e.observations());
    return m;
  }
}
