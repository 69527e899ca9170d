package dev.mainstay.spring;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ModelClient;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clients the starter built from {@code mainstay.clients}, by name. Each is also a {@link
 * ModelClient} bean of the same name; this registry is for code that picks a client at run time.
 * Closing it (the context does, on shutdown) closes every client once.
 */
public final class MainstayClients implements AutoCloseable {
  private final Map<String, ModelClient> clients;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * A registry over built clients.
   *
   * @param clients clients by name; the registry owns them from now on
   */
  public MainstayClients(Map<String, ModelClient> clients) {
    this.clients = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(clients, "clients")));
  }

  /**
   * The client of a name.
   *
   * @param name a key of {@code mainstay.clients}
   * @return the client
   * @throws NoSuchElementException naming the clients there are
   */
  public ModelClient get(String name) {
    ModelClient c = clients.get(requireNonNull(name, "name"));
    if (c == null) {
      throw new NoSuchElementException(
          "no Mainstay client '" + name + "' (with endpoints); configured: " + clients.keySet());
    }
    return c;
  }

  /**
   * The client of a name, if configured.
   *
   * @param name a client name
   * @return the client, or empty
   */
  public Optional<ModelClient> find(String name) {
    return Optional.ofNullable(clients.get(requireNonNull(name, "name")));
  }

  /**
   * The names of the clients, in configuration order.
   *
   * @return an unmodifiable set
   */
  public Set<String> names() {
    return clients.keySet();
  }

  /**
   * All clients by name.
   *
   * @return an unmodifiable map in configuration order
   */
  public Map<String, ModelClient> asMap() {
    return clients;
  }

  /** Closes every client, once; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException first = null;
    for (ModelClient c : clients.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "MainstayClients" + clients.keySet();
  }
}
