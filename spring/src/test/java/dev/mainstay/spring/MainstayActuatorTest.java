package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.spring.internal.MainstayEndpoint;
import dev.mainstay.spring.internal.MainstayState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

final class MainstayActuatorTest {
  private static final String BREAKER = "mainstay.clients.%s.route.breaker.";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MainstayAutoConfiguration.class, MainstayActuatorAutoConfiguration.class))
      .withPropertyValues(
          "management.endpoints.web.exposure.include=mainstay",
          "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=primary&errorRate=TRANSIENT:1.0",
          "mainstay.clients.chat.endpoints[1].uri=simulated:chat?id=backup",
          "mainstay.clients.chat.endpoints[1].tier=1",
          "mainstay.clients.dead.endpoints[0].uri=simulated:chat?id=d1&errorRate=TRANSIENT:1.0",
          "mainstay.clients.dead.endpoints[1].uri=simulated:chat?id=d2&errorRate=TRANSIENT:1.0",
          "mainstay.clients.dead.route.retries=1")
      .withPropertyValues(breaker("chat"))
      .withPropertyValues(breaker("dead"));

  private static String[] breaker(String client) {
    String p = String.format(BREAKER, client);
    return new String[] {p + "sliding-window-size=4", p + "minimum-number-of-calls=4", p + "wait-in-open-state=1h",
        "mainstay.clients." + client + ".route.outlier-ejection.enabled=false",
        "mainstay.clients." + client + ".route.backoff.initial=1ms",
        "mainstay.clients." + client + ".route.backoff.max=1ms"};
  }

  @Test
  void health_oneEndpointDown_backupHealthy_clientStaysUp() {
    runner.run(context -> {
      ModelClient chat = context.getBean("chat", ModelClient.class);
      for (int i = 0; i < 6; i++) {
        assertThat(chat.call(ModelRequest.chat("q" + i)).endpointId()).isEqualTo("backup");
      }
      Health h = clientHealth(context.getBean("mainstayHealthContributor", CompositeHealthContributor.class), "chat");
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("available", "1/2").containsEntry("degraded", true);
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> endpoints = (Map<String, Map<String, Object>>) h.getDetails().get("endpoints");
      assertThat(endpoints.get("primary")).containsEntry("status", "DOWN").containsEntry("breaker", "OPEN")
          .containsEntry("errorRate", 1.0);
      assertThat(endpoints.get("backup")).containsEntry("status", "UP").containsEntry("errorRate", 0.0);
    });
  }

  @Test
  void health_everyEndpointDown_clientDown() {
    runner.run(context -> {
      ModelClient dead = context.getBean("dead", ModelClient.class);
      CompositeHealthContributor mainstay = context.getBean("mainstayHealthContributor", CompositeHealthContributor.class);
      assertThat(clientHealth(mainstay, "dead").getStatus()).as("before traffic").isEqualTo(Status.UP);
      for (int i = 0; i < 6; i++) {
        assertThat(catchThrowable(() -> dead.call(ModelRequest.chat("q")))).isNotNull();
      }
      Health h = clientHealth(mainstay, "dead");
      assertThat(h.getStatus()).isEqualTo(Status.DOWN);
      assertThat(h.getDetails()).containsEntry("available", "0/2");
      assertThat(clientHealth(mainstay, "chat").getStatus()).isEqualTo(Status.UP);
    });
  }

  @Test
  void health_canBeDisabled() {
    runner.withPropertyValues("management.health.mainstay.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("mainstayHealthContributor"));
  }

  @Test
  void endpoint_listsClientsChainsEndpointsAndDriftAlarms() {
    runner.run(context -> {
      context.getBean("chat", ModelClient.class).call(ModelRequest.chat("hi"));
      context.getBean(MainstayState.class).onEvent(new DriftDetectedEvent("chat", "", Instant.EPOCH, "backup",
          "sim-1", "latency_ms", "adwin", 1.5, 1.0, Double.NaN, 100));
      Map<String, Object> report = context.getBean(MainstayEndpoint.class).report();
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Object>> clients = (Map<String, Map<String, Object>>) report.get("clients");
      assertThat(clients).containsOnlyKeys("chat", "dead");
      assertThat((String) clients.get("chat").get("chain")).contains("primary").contains("backup");
      assertThat((List<?>) clients.get("chat").get("endpoints")).hasSize(2);
      assertThat((List<?>) report.get("driftAlarms")).hasSize(1);
      assertThat((List<?>) clients.get("chat").get("driftAlarms")).hasSize(1);
      assertThat((List<?>) clients.get("dead").get("driftAlarms")).isEmpty();
      assertThat(context.getBean(MainstayEndpoint.class).client("nope")).isNull();
    });
  }

  @Test
  void endpoint_notExposed_noBean() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MainstayAutoConfiguration.class, MainstayActuatorAutoConfiguration.class))
        .withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat")
        .run(context -> assertThat(context).doesNotHaveBean(MainstayEndpoint.class).hasBean("mainstayHealthContributor"));
  }

  private static Health clientHealth(CompositeHealthContributor c, String name) {
    return ((HealthIndicator) c.getContributor(name)).health();
  }
}
