package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Router;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.testkit.FakeEndpoint;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class MetricsSnapshotTest {

  @Test
  void minus_perPhase_countsOnlyThatPhase() {
    // Given an observed client and a snapshot after phase 1
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Observability o = Observability.of(OpenTelemetry.noop(), registry);
    ModelClient client = Mainstay.client("demo").route(Router.direct(FakeEndpoint.answering("e", "ok")))
        .with(o).build();
    client.call(ModelRequest.chat("1"));
    MetricsSnapshot afterPhase1 = MetricsSnapshot.take(registry, "demo");

    // When phase 2 makes two calls and opens a breaker
    client.call(ModelRequest.chat("2"));
    client.call(ModelRequest.chat("3"));
    o.onEvent(new BreakerStateChangedEvent("demo", "", Instant.EPOCH, "e", "CLOSED", "OPEN"));
    MetricsSnapshot phase2 = MetricsSnapshot.take(registry, "demo").minus(afterPhase1);

    // Then the difference holds phase 2 only, keyed without the client tag
    assertThat(phase2.get("mainstay.calls{gen_ai.operation.name=chat,outcome=success,source=model}")).isEqualTo(2);
    assertThat(phase2.sum("mainstay.attempts{")).isEqualTo(2);
    assertThat(phase2.get("mainstay.breaker.state{mainstay.endpoint=e,state=open}")).isEqualTo(1);
    assertThat(phase2.values()).containsKey(
        "gen_ai.client.operation.duration{error.type=,gen_ai.operation.name=chat,gen_ai.provider.name=fake,"
            + "gen_ai.request.model=default,gen_ai.response.model=fake-1}.count");
    assertThat(phase2.toString()).contains("mainstay.calls{").doesNotContain("mainstay.client");
    assertThat(MetricsSnapshot.take(registry, "other").values()).isEmpty();
    assertThat(MetricsSnapshot.take(registry).sum("mainstay.calls{")).isEqualTo(3);
  }

  @Test
  void scrapeEndpoint_onLoopback_servesPrometheusText() throws Exception {
    // Given the demo's set-up: a composite of a simple registry (for the report) and a Prometheus
    // registry served by a JDK HttpServer on 127.0.0.1 (port 0 here: any free port)
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CompositeMeterRegistry registry = new CompositeMeterRegistry();
    registry.add(new SimpleMeterRegistry());
    registry.add(prometheus);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    try {
      ModelClient client = Mainstay.client("demo").route(Router.direct(FakeEndpoint.answering("e", "ok")))
          .with(Observability.of(OpenTelemetry.noop(), registry)).build();
      client.call(ModelRequest.chat("q"));

      // When Prometheus scrapes it
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());

      // Then it gets the meters in Prometheus text format
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("mainstay_calls_total{").contains("gen_ai_client_operation_duration_seconds_bucket{");
      assertThat(MetricsSnapshot.take(registry).sum("mainstay.calls{")).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }
}
