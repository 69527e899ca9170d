package dev.mainstay.spring;

import dev.mainstay.spring.internal.ClientHealthIndicator;
import dev.mainstay.spring.internal.InvocationClients;
import dev.mainstay.spring.internal.MainstayEndpoint;
import dev.mainstay.spring.internal.MainstayState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Actuator support, active when {@code spring-boot-starter-actuator} is on the class path: the
 * {@code mainstay} health contributor (one indicator per client, endpoint states as details; off
 * with {@code management.health.mainstay.enabled=false}) and the {@code mainstay} endpoint (expose
 * it with {@code management.endpoints.web.exposure.include}).
 */
@AutoConfiguration(after = MainstayAutoConfiguration.class)
@ConditionalOnBean({MainstayState.class, MainstayClients.class})
public class MainstayActuatorAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public MainstayActuatorAutoConfiguration() {}

  /** The health contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("mainstay")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "mainstayHealthContributor")
    HealthContributor mainstayHealthContributor(MainstayProperties properties, MainstayState state) {
      Map<String, HealthContributor> byClient = new LinkedHashMap<>();
      for (String name : properties.getClients().keySet()) {
        byClient.put(name, new ClientHealthIndicator(name, state));
      }
      return CompositeHealthContributor.fromMap(byClient);
    }
  }

  /** The actuator endpoint. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(org.springframework.boot.actuate.endpoint.annotation.Endpoint.class)
  @ConditionalOnAvailableEndpoint(MainstayEndpoint.class)
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MainstayEndpoint mainstayEndpoint(MainstayProperties properties, MainstayClients clients,
        MainstayState state, ObjectProvider<InvocationClients> invocations) {
      return new MainstayEndpoint(properties, clients, state, invocations);
    }
  }
}
