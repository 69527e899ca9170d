package dev.mainstay.samples;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A Prometheus scrape endpoint on loopback for the demo ({@code --prometheus}). */
final class PrometheusEndpoint implements AutoCloseable {
  private final HttpServer server;

  private PrometheusEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Adds a Prometheus registry to the composite and serves it at {@code /metrics}.
   *
   * @param registry the demo's registry
   * @param port the loopback port
   * @return the running endpoint
   * @throws IOException if the port cannot be bound
   */
  static PrometheusEndpoint start(CompositeMeterRegistry registry, int port) throws IOException {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.add(prometheus);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    System.out.println("Prometheus scrape endpoint: http://127.0.0.1:" + port + "/metrics");
    return new PrometheusEndpoint(server);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
