package dev.mainstay.spring;

import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.spring.internal.ClientAssembly;
import dev.mainstay.spring.internal.ClientBeansRegistrar;
import dev.mainstay.spring.internal.ClientDefaults;
import dev.mainstay.spring.internal.ClientFactory;
import dev.mainstay.spring.internal.EmptyValues;
import dev.mainstay.spring.internal.MainstayState;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import dev.mainstay.spring.internal.InvocationClients;
import dev.mainstay.spring.internal.ModelCallAdvisor;
import dev.mainstay.spring.internal.ModelCallInterceptor;

/**
 * Builds the clients of {@code mainstay.clients}: a {@link MainstayClients} registry and one
 * {@link dev.mainstay.core.ModelClient} bean per client with endpoints, named after the client.
 *
 * <p>Used from the context when present (each looked up as a unique or primary bean): a {@link
 * MeterRegistry} and an {@link OpenTelemetry} (for the OBSERVE stage; with only one of them the
 * other is a no-op), a {@link TimeSource} (tests pass a manual one), every {@link EventListener}
 * bean (registered on every client), every {@link ContextPropagator} bean
 * (registered on every client, so thread-bound context such as the MDC reaches attempts run on the
 * client's executor) and every {@link MainstayClientCustomizer}. Turn everything
 * off with {@code mainstay.enabled=false}; define a {@link MainstayClients} bean to replace the
 * registry.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"})
@ConditionalOnProperty(prefix = "mainstay", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MainstayProperties.class)
public class MainstayAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public MainstayAutoConfiguration() {}

  /**
   * Registers the per-client beans.
   *
   * @return the registrar
   */
  @Bean
  static ClientBeansRegistrar mainstayClientBeansRegistrar() {
    return new ClientBeansRegistrar();
  }

  /**
   * Reports empty values under {@code mainstay.*} (which Spring binds as "unset") with their key.
   *
   * @return the bind handler advisor
   */
  @Bean
  static EmptyValues mainstayEmptyValues() {
    return new EmptyValues();
  }

  /**
   * What health and the actuator endpoint read: endpoint states and recent drift alarms.
   *
   * @param properties the settings
   * @param timeSource a time source bean, if any
   * @return the state
   */
  @Bean
  @ConditionalOnMissingBean
  MainstayState mainstayState(MainstayProperties properties, ObjectProvider<TimeSource> timeSource) {
    TimeSource t = timeSource.getIfUnique();
    return new MainstayState(t == null ? TimeSource.system() : t, properties.getRecentAlarms());
  }

  /**
   * The factory every client (and every {@code @ModelCall} client) is built with.
   *
   * @param state the state listener
   * @param timeSource a time source bean, if any
   * @param openTelemetry an OpenTelemetry bean, if any
   * @param meterRegistry a meter registry bean, if any
   * @param listeners event listener beans
   * @param customizers customizer beans, in order
   * @param propagators context propagator beans (for example one for the SLF4J MDC), in order
   * @return the factory
   */
  @Bean
  @ConditionalOnMissingBean
  ClientFactory mainstayClientFactory(
      MainstayState state,
      ObjectProvider<TimeSource> timeSource,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<MeterRegistry> meterRegistry,
      ObjectProvider<EventListener> listeners,
      ObjectProvider<MainstayClientCustomizer> customizers,
      ObjectProvider<ContextPropagator> propagators) {
    List<EventListener> all = new ArrayList<>();
    all.add(state);
    listeners.orderedStream().filter(l -> l != state).forEach(all::add);
    return new ClientFactory(new ClientFactory.Environment(
        timeSource.getIfUnique(),
        openTelemetry.getIfUnique(),
        meterRegistry.getIfUnique(),
        all,
        customizers.orderedStream().toList(),
        propagators.orderedStream().toList()));
  }

  /**
   * The registry of the configured clients; closed, with every client, on context shutdown.
   *
   * @param properties the settings
   * @param factory the factory
   * @param state the state listener
   * @param environment where {@code mainstay.defaults} is read from
   * @return the registry
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  MainstayClients mainstayClients(MainstayProperties properties, ClientFactory factory, MainstayState state,
      Environment environment) {
    ClientDefaults.apply(properties, environment);
    return ClientAssembly.buildAll(properties, factory, state);
  }

  /** The {@link ModelCall} aspect; off with {@code mainstay.annotation.enabled=false}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "mainstay.annotation", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class ModelCallConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    InvocationClients mainstayInvocationClients(MainstayProperties properties, ClientFactory factory,
        MainstayState state, MainstayClients clients) {
      return new InvocationClients(properties, factory, state, clients);
    }

    @Bean
    @ConditionalOnMissingBean
    ModelCallInterceptor mainstayModelCallInterceptor(InvocationClients invocations, MainstayClients clients) {
      return new ModelCallInterceptor(invocations, clients);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ModelCallAdvisor mainstayModelCallAdvisor(ObjectProvider<ModelCallInterceptor> interceptor,
        Environment environment) {
      int order = environment.getProperty("mainstay.annotation.order", Integer.class, ModelCall.DEFAULT_ORDER);
      return new ModelCallAdvisor(interceptor, order);
    }
  }
}
