package dev.mainstay.observability;

import static java.util.Objects.requireNonNull;

/**
 * Where an endpoint's server listens, for the {@code server.address} and {@code server.port} span
 * attributes.
 *
 * @param host the host name or IP address, not blank
 * @param port the port in [1, 65535]
 */
public record ServerAddress(String host, int port) {

  /** Validates the components. */
  public ServerAddress {
    requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in [1, 65535], was " + port);
    }
  }
}
