package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.spring.internal.MainstayFailureAnalyzer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

final class MainstayAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MainstayAutoConfiguration.class));

  @Test
  void clients_fromProperties_oneBeanPerClientByName() {
    runner.withPropertyValues(
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=primary",
            "mainstay.clients.chat.endpoints[1].uri=simulated:chat?id=backup",
            "mainstay.clients.chat.endpoints[1].tier=1",
            "mainstay.clients.chat.endpoints[1].region=eu-west-1",
            "mainstay.clients.chat.timeout=5s",
            "mainstay.clients.chat.route.strategy=peak-ewma",
            "mainstay.clients.chat.route.retries=3",
            "mainstay.clients.chat.guards.input.mode=enforce",
            "mainstay.clients.chat.cache.mode=exact",
            "mainstay.clients.chat.cache.max-bytes=16MB",
            "mainstay.clients.scoring.endpoints[0].uri=simulated:predict?id=fraud")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).hasBean("chat").hasBean("scoring");
          assertThat(context.getBeansOfType(ModelClient.class)).containsOnlyKeys("chat", "scoring");
          ModelClient chat = context.getBean("chat", ModelClient.class);
          MainstayClients clients = context.getBean(MainstayClients.class);
          assertThat(clients.names()).containsExactly("chat", "scoring");
          assertThat(clients.get("chat")).isSameAs(chat);
          assertThat(chat.toString()).contains("InputGuard").contains("Cache").contains("primary").contains("backup");
          ModelResponse r = chat.call(ModelRequest.chat("hello"));
          assertThat(r.endpointId()).isEqualTo("primary");
        });
  }

  @Test
  void clients_qualifierInjection_findsClientByName() {
    runner.withUserConfiguration(Consumer.class)
        .withPropertyValues(
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.embed.endpoints[0].uri=simulated:embedding?id=e")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Consumer.class).client).isSameAs(context.getBean("embed"));
        });
  }

  @Test
  void clients_closedOnceOnShutdown() {
    runner.withUserConfiguration(Closing.class)
        .withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a")
        .run(context -> {
          Closing closing = context.getBean(Closing.class);
          assertThat(context.getBean("chat").toString()).contains("Closable");
          assertThat(closing.closes.get()).isZero();
          context.close();
          // the registry and the bean factory both close the client bean; it closes once
          assertThat(closing.closes.get()).isEqualTo(1);
        });
  }

  @Test
  void disabled_noClients() {
    runner.withPropertyValues("mainstay.enabled=false",
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat")
        .run(context -> assertThat(context).doesNotHaveBean(MainstayClients.class).doesNotHaveBean("chat"));
  }

  @Test
  void userBean_withClientName_wins() {
    runner.withUserConfiguration(OwnChat.class)
        .withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean("chat")).isSameAs(OwnChat.OWN);
        });
  }

  @Test
  void meterRegistryAndListeners_fromContext_areUsed() {
    runner.withUserConfiguration(Observed.class)
        .withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a")
        .run(context -> {
          ModelClient chat = context.getBean("chat", ModelClient.class);
          assertThat(chat.toString()).contains("Observability");
          chat.call(ModelRequest.chat("hi"));
          assertThat(context.getBean(Observed.class).events).isNotEmpty();
          assertThat(context.getBean(MeterRegistry.class).getMeters()).isNotEmpty();
        });
  }

  @Test
  void observabilityOff_noObserveStage() {
    runner.withUserConfiguration(Observed.class)
        .withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.observability.enabled=false")
        .run(context -> assertThat(context.getBean("chat").toString()).doesNotContain("Observability"));
  }

  @Test
  void badUri_failsStartup_namingTheKey() {
    runner.withPropertyValues(
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.endpoints[1].uri=nosuchscheme:foo")
        .run(context -> {
          assertThat(context).hasFailed();
          MainstayConfigurationException e = rootCause(context.getStartupFailure());
          assertThat(e.key()).isEqualTo("mainstay.clients.chat.endpoints[1].uri");
          assertThat(e.getMessage()).startsWith("mainstay.clients.chat.endpoints[1].uri: no endpoint provider for scheme 'nosuchscheme'");
          FailureAnalysis analysis = new MainstayFailureAnalyzer().analyze(context.getStartupFailure());
          assertThat(analysis.getDescription()).contains("Property: mainstay.clients.chat.endpoints[1].uri");
        });
  }

  @Test
  void missingUri_failsStartup_namingTheKey() {
    runner.withPropertyValues("mainstay.clients.chat.endpoints[0].region=eu")
        .run(context -> assertThat(rootCause(context.getStartupFailure()).key())
            .isEqualTo("mainstay.clients.chat.endpoints[0].uri"));
  }

  @Test
  void invalidValues_failStartup_namingTheKey() {
    assertKey("mainstay.clients.chat.route.retries=-1", "mainstay.clients.chat.route.retries");
    assertKey("mainstay.clients.chat.timeout=0s", "mainstay.clients.chat.timeout");
    assertKey("mainstay.clients.chat.route.hedging.mode=fixed", "mainstay.clients.chat.route.hedging.delay");
    assertKey("mainstay.clients.chat.route.breaker.failure-rate-threshold=150",
        "mainstay.clients.chat.route.breaker.failure-rate-threshold");
    assertKey("mainstay.clients.chat.endpoints[0].weight=0", "mainstay.clients.chat.endpoints[0].weight");
    assertKey("mainstay.clients.chat.guards.input.mode=enforce,mainstay.clients.chat.guards.input.scanners.nope=block",
        "mainstay.clients.chat.guards.input.scanners.nope");
    assertKey("mainstay.clients.chat.drift.enabled=true,mainstay.clients.chat.drift.signals[0]=vibes",
        "mainstay.clients.chat.drift.signals[0]");
    assertKey("mainstay.clients.chat.limit.mode=fail-fast,mainstay.clients.chat.limit.rate=5,mainstay.clients.chat.limit.max-wait=1s",
        "mainstay.clients.chat.limit.max-wait");
  }

  @Test
  void defaults_applyToEveryClient_keyByKey() {
    runner.withPropertyValues(
            "mainstay.defaults.timeout=7s",
            "mainstay.defaults.route.retries=4",
            "mainstay.defaults.route.strategy=peak-ewma",
            "mainstay.defaults.route.breaker.sliding-window-size=40",
            "mainstay.defaults.guards.input.mode=enforce",
            "mainstay.defaults.guards.input.scanners.pii=flag",
            "mainstay.defaults.drift.signals[0]=latency",
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.route.retries=1",
            "mainstay.clients.chat.guards.input.scanners.secrets=block",
            "mainstay.clients.chat.drift.signals[0]=error",
            "mainstay.clients[bulk.v2].endpoints[0].uri=simulated:chat?id=b",
            "mainstay.clients[bulk.v2].timeout=60s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          Map<String, MainstayProperties.Client> clients = context.getBean(MainstayProperties.class).getClients();
          MainstayProperties.Client chat = clients.get("chat");
          assertThat(chat.getTimeout()).isEqualTo(Duration.ofSeconds(7));
          assertThat(chat.getRoute().getRetries()).as("the client's own key wins").isEqualTo(1);
          assertThat(chat.getRoute().getStrategy()).isEqualTo(MainstayProperties.Strategy.PEAK_EWMA);
          assertThat(chat.getRoute().getBreaker().getSlidingWindowSize()).isEqualTo(40);
          assertThat(chat.getRoute().getBreaker().getMinimumNumberOfCalls()).as("library default").isEqualTo(10);
          assertThat(chat.getGuards().getInput().getScanners()).as("maps merge")
              .containsEntry("pii", MainstayProperties.ScannerAction.FLAG)
              .containsEntry("secrets", MainstayProperties.ScannerAction.BLOCK);
          assertThat(chat.getDrift().getSignals()).as("lists are replaced").containsExactly("error");
          assertThat(chat.getEndpoints()).hasSize(1);
          MainstayProperties.Client bulk = clients.get("bulk.v2");
          assertThat(bulk.getTimeout()).isEqualTo(Duration.ofSeconds(60));
          assertThat(bulk.getRoute().getRetries()).isEqualTo(4);
          assertThat(bulk.getGuards().getInput().getScanners()).containsOnlyKeys("pii");
          assertThat(bulk.getDrift().getSignals()).containsExactly("latency");
          assertThat(context.getBean("chat").toString()).contains("InputGuard");
          assertThat(context.getBean("bulk.v2").toString()).contains("InputGuard");
        });
  }

  @Test
  void invalidDefault_failsStartup_namingTheDefaultsKey() {
    runner.withPropertyValues("mainstay.defaults.route.retries=-1",
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a")
        .run(context -> assertThat(rootCause(context.getStartupFailure()).key())
            .isEqualTo("mainstay.defaults.route.retries"));
  }

  @Test
  void unknownKey_failsStartup_namingIt() {
    runner.withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.route.retires=2")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(allMessages(context.getStartupFailure())).contains("mainstay.clients.chat.route.retires");
        });
  }

  @Test
  void emptyValue_failsStartup_insteadOfKeepingTheDefault() {
    runner.withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.route.retries=")
        .run(context -> {
          assertThat(context).hasFailed();
          MainstayConfigurationException e = rootCause(context.getStartupFailure());
          assertThat(e.key()).isEqualTo("mainstay.clients.chat.route.retries");
          assertThat(e.reason()).startsWith("is empty");
        });
  }

  @Test
  void typeMismatch_failsWithBootsBindingError_namingTheKey() {
    runner.withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat",
            "mainstay.clients.chat.route.strategy=fastest")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(allMessages(context.getStartupFailure())).contains("mainstay.clients.chat.route.strategy");
        });
  }

  @Test
  void everyStage_configured_buildsTheFullChain() {
    runner.withPropertyValues(
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.endpoints[0].price.input=0.15",
            "mainstay.clients.chat.endpoints[0].price.output=0.6",
            "mainstay.clients.chat.endpoints[0].timeout=2s",
            "mainstay.clients.chat.endpoints[1].uri=simulated:chat?id=b",
            "mainstay.clients.chat.route.hedging.mode=adaptive",
            "mainstay.clients.chat.route.hedging.percentile=0.9",
            "mainstay.clients.chat.route.hedging.budget.ratio=0.1",
            "mainstay.clients.chat.route.bulkhead.max-concurrent-calls=8",
            "mainstay.clients.chat.route.rate-limiter.limit-for-period=100",
            "mainstay.clients.chat.route.backoff.initial=50ms",
            "mainstay.clients.chat.limit.rate=50",
            "mainstay.clients.chat.limit.max-concurrent=10",
            "mainstay.clients.chat.limit.mode=wait",
            "mainstay.clients.chat.cache.mode=semantic",
            "mainstay.clients.chat.cache.stale-if-error=6h",
            "mainstay.clients.chat.guards.input.mode=monitor",
            "mainstay.clients.chat.guards.input.ban-list[0]=forbidden topic",
            "mainstay.clients.chat.guards.output.mode=enforce",
            "mainstay.clients.chat.guards.output.scanners.refusal=off",
            "mainstay.clients.chat.access.enabled=true",
            "mainstay.clients.chat.access.roles.user[0].models[0]=*",
            "mainstay.clients.chat.access.everyone[0]=user",
            "mainstay.clients.chat.drift.enabled=true",
            "mainstay.clients.chat.drift.degrade.enabled=true",
            "mainstay.clients.chat.reject-empty-answers=true")
        .run(context -> {
          assertThat(context).hasNotFailed();
          ModelClient chat = context.getBean("chat", ModelClient.class);
          String chain = chat.toString();
          assertThat(chain).contains("AccessPolicy").contains("InputGuard").contains("OutputGuard").contains("DriftMonitor");
          assertThat(chat.call(ModelRequest.chat("hello there")).text()).isNotEmpty();
        });
  }

  @Test
  void access_quotas_refuseACallerOverItsQuota_beforeTheModel() {
    runner.withPropertyValues(
            "mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.access.enabled=true",
            "mainstay.clients.chat.access.roles.user[0].models[0]=*",
            "mainstay.clients.chat.access.everyone[0]=user",
            "mainstay.clients.chat.access.quotas[0].scope=tenant",
            "mainstay.clients.chat.access.quotas[0].window=1h",
            "mainstay.clients.chat.access.quotas[0].max-requests=2",
            "mainstay.clients.chat.access.quotas[0].only[0]=acme",
            "mainstay.clients.chat.access.max-tracked-callers=100")
        .run(context -> {
          assertThat(context).hasNotFailed();
          ModelClient chat = context.getBean("chat", ModelClient.class);
          chat.call(ModelRequest.chat("one").tenant("acme"));
          chat.call(ModelRequest.chat("two").tenant("acme"));
          assertThatThrownBy(() -> chat.call(ModelRequest.chat("three").tenant("acme")))
              .isInstanceOfSatisfying(ModelException.class,
                  e -> assertThat(e.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED));
          // another tenant is not under the quota
          assertThat(chat.call(ModelRequest.chat("three").tenant("globex")).text()).isNotEmpty();
        });
  }

  @Test
  void access_badQuota_failsNamingTheKey() {
    assertKey("mainstay.clients.chat.access.enabled=true,"
        + "mainstay.clients.chat.access.quotas[0].max-requests=5",
        "mainstay.clients.chat.access.quotas[0].window");
    assertKey("mainstay.clients.chat.access.enabled=true,"
        + "mainstay.clients.chat.access.quotas[0].window=1m,"
        + "mainstay.clients.chat.access.quotas[0].max-requests=0",
        "mainstay.clients.chat.access.quotas[0].max-requests");
    assertKey("mainstay.clients.chat.access.enabled=true,"
        + "mainstay.clients.chat.access.quotas[0].window=-1m,"
        + "mainstay.clients.chat.access.quotas[0].max-tokens=10",
        "mainstay.clients.chat.access.quotas[0].window");
  }

  @Test
  void outlierEjection_maxEjectionBelowEjection_failsNamingTheKey() {
    assertKey("mainstay.clients.chat.route.outlier-ejection.ejection=30s,"
        + "mainstay.clients.chat.route.outlier-ejection.max-ejection=10s",
        "mainstay.clients.chat.route.outlier-ejection.max-ejection");
    runner.withPropertyValues("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a",
            "mainstay.clients.chat.route.outlier-ejection.max-ejection=10m")
        .run(context -> assertThat(context).hasNotFailed());
  }

  private void assertKey(String props, String key) {
    List<String> values = new java.util.ArrayList<>(List.of(props.split(",")));
    if (values.stream().noneMatch(v -> v.contains("endpoints[0].uri"))) {
      values.add("mainstay.clients.chat.endpoints[0].uri=simulated:chat?id=a");
    }
    runner.withPropertyValues(values.toArray(new String[0])).run(context -> {
      assertThat(context).as(props).hasFailed();
      assertThat(rootCause(context.getStartupFailure()).key()).as(props).isEqualTo(key);
    });
  }

  static MainstayConfigurationException rootCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MainstayConfigurationException) {
        return (MainstayConfigurationException) c;
      }
    }
    throw new AssertionError("no MainstayConfigurationException in " + t, t);
  }

  static String allMessages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  @Configuration(proxyBeanMethods = false)
  static class Consumer {
    final ModelClient client;

    Consumer(@Qualifier("embed") ModelClient client) {
      this.client = client;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Closing {
    final java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();

    @Bean
    MainstayClientCustomizer closable() {
      return (name, builder) -> builder.with(new Closable(closes));
    }
  }

  static final class Closable implements dev.mainstay.core.CallDecorator, AutoCloseable {
    private final java.util.concurrent.atomic.AtomicInteger closes;

    Closable(java.util.concurrent.atomic.AtomicInteger closes) {
      this.closes = closes;
    }

    @Override
    public dev.mainstay.core.Stage stage() {
      return dev.mainstay.core.Stage.LIMIT;
    }

    @Override
    public ModelClient decorate(ModelClient next, dev.mainstay.core.ClientContext context) {
      return next;
    }

    @Override
    public String name() {
      return "Closable";
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnChat {
    static final ModelClient OWN = request -> ModelResponse.ofText("own");

    @Bean
    ModelClient chat() {
      return OWN;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Observed {
    final List<ModelEvent> events = new CopyOnWriteArrayList<>();

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }

    @Bean
    EventListener recorder() {
      return events::add;
    }
  }
}
