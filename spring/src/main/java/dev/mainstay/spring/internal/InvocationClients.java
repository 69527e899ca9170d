package dev.mainstay.spring.internal;

import dev.mainstay.core.ModelClient;
import dev.mainstay.spring.MainstayClients;
import dev.mainstay.spring.MainstayProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients {@code @ModelCall} methods run through: per configured client name, one client built
 * from the same settings with the {@link InvocationEndpoint} as its only endpoint. Built on first
 * use (or at startup, for the names annotations refer to) and closed with the context.
 */
public final class InvocationClients implements AutoCloseable {
  /** A client and its invocation endpoint. */
  record Entry(ModelClient client, InvocationEndpoint endpoint) {}

  private final MainstayProperties properties;
  private final ClientFactory factory;
  private final MainstayState state;
  private final MainstayClients clients;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * Creates the holder.
   *
   * @param properties the settings
   * @param factory the client factory
   * @param state the state listener
   * @param clients the configured clients (for a semantic cache's embedding client)
   */
  public InvocationClients(MainstayProperties properties, ClientFactory factory, MainstayState state,
      MainstayClients clients) {
    this.properties = properties;
    this.factory = factory;
    this.state = state;
    this.clients = clients;
  }

  MainstayProperties properties() {
    return properties;
  }

  Entry get(String name) {
    return entries.computeIfAbsent(name, this::build); // atomic per name; build touches no entry
  }

  private Entry build(String name) {
    ClientAssembly.requireClient(properties, name, "@ModelCall(\"" + name + "\")");
    MainstayProperties.Client spec = properties.getClients().get(name);
    if (spec == null) {
      spec = new MainstayProperties.Client();
    }
    InvocationEndpoint endpoint = new InvocationEndpoint();
    ModelClient client = factory.build(name, spec, List.of(endpoint), clients::get);
    state.register(name, List.of(endpoint.info()), ClientAssembly.breakerOpen(spec));
    return new Entry(client, endpoint);
  }

  /**
   * How many {@code @ModelCall} calls are in flight over all clients (registered, not yet ended);
   * zero whenever no annotated method is running. For diagnostics and tests.
   *
   * @return the count
   */
  public int pendingInvocations() {
    int n = 0;
    for (Entry e : entries.values()) {
      n += e.endpoint().pendingCount();
    }
    return n;
  }

  /**
   * The chain of a name's invocation client, for the actuator endpoint.
   *
   * @return chains by client name
   */
  public Map<String, String> chains() {
    Map<String, String> out = new java.util.TreeMap<>();
    entries.forEach((k, v) -> out.put(k, v.client().toString()));
    return out;
  }

  @Override
  public void close() {
    List<ModelClient> all = new ArrayList<>();
    for (Entry e : entries.values()) {
      all.add(e.client());
    }
    entries.clear();
    ClientFactory.closeQuietly(all);
  }
}
