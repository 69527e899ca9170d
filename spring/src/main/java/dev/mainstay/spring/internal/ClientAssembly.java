package dev.mainstay.spring.internal;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Nullable;
import dev.mainstay.spring.MainstayClients;
import dev.mainstay.spring.MainstayConfigurationException;
import dev.mainstay.spring.MainstayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds every configured client with endpoints, in configuration order. */
public final class ClientAssembly {
  private final MainstayProperties properties;
  private final ClientFactory factory;
  private final MainstayState state;
  private final Map<String, ModelClient> built = new LinkedHashMap<>();
  private final Set<String> building = new LinkedHashSet<>();

  private ClientAssembly(MainstayProperties properties, ClientFactory factory, MainstayState state) {
    this.properties = properties;
    this.factory = factory;
    this.state = state;
  }

  /**
   * Builds the registry.
   *
   * @param properties the settings
   * @param factory the factory
   * @param state the state every client reports to
   * @return the registry, owning the clients
   */
  public static MainstayClients buildAll(MainstayProperties properties, ClientFactory factory, MainstayState state) {
    ClientFactory.checkNames(properties);
    for (Map.Entry<String, MainstayProperties.Client> e : properties.getClients().entrySet()) {
      if (e.getValue() != null) {
        SettingsCheck.check(e.getKey(), e.getValue());
      }
    }
    ClientAssembly a = new ClientAssembly(properties, factory, state);
    try {
      for (Map.Entry<String, MainstayProperties.Client> e : properties.getClients().entrySet()) {
        if (e.getValue() != null && !e.getValue().getEndpoints().isEmpty()) {
          a.client(e.getKey());
        }
      }
    } catch (RuntimeException ex) {
      ClientFactory.closeQuietly(new ArrayList<>(a.built.values()));
      throw ex;
    }
    // configuration order, not build order
    Map<String, ModelClient> ordered = new LinkedHashMap<>();
    for (String name : properties.getClients().keySet()) {
      ModelClient c = a.built.get(name);
      if (c != null) {
        ordered.put(name, c);
      }
    }
    return new MainstayClients(ordered);
  }

  private ModelClient client(String name) {
    ModelClient done = built.get(name);
    if (done != null) {
      return done;
    }
    MainstayProperties.Client spec = properties.getClients().get(name);
    if (spec == null || spec.getEndpoints().isEmpty()) {
      throw new IllegalArgumentException("no client '" + name + "' with endpoints is configured");
    }
    if (!building.add(name)) {
      throw new IllegalArgumentException("clients refer to each other in a cycle: " + building);
    }
    List<Endpoint> endpoints = factory.openEndpoints(name, spec);
    List<EndpointInfo> infos = new ArrayList<>();
    for (Endpoint e : endpoints) {
      infos.add(e.info());
    }
    ModelClient client = new ManagedClient(factory.build(name, spec, endpoints, this::client));
    state.register(name, infos, breakerOpen(spec));
    building.remove(name);
    built.put(name, client);
    return client;
  }

  static @Nullable Duration breakerOpen(MainstayProperties.Client spec) {
    MainstayProperties.BreakerSpec b = spec.getRoute().getBreaker();
    return b.isEnabled() ? b.getWaitInOpenState() : null;
  }

  /**
   * Fails when a client name is not configured.
   *
   * @param properties the settings
   * @param name a name an annotation or setting refers to
   * @param key the key or place that refers to it
   */
  public static void requireClient(MainstayProperties properties, String name, String key) {
    if (!properties.getClients().containsKey(name)) {
      throw new MainstayConfigurationException(key, "no client '" + name + "' under mainstay.clients; configured: "
          + properties.getClients().keySet(), null);
    }
  }
}
