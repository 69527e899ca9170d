package dev.mainstay.spring.internal;

import dev.mainstay.core.ModelClient;
import dev.mainstay.spring.MainstayClients;
import dev.mainstay.spring.MainstayProperties;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link ModelClient} bean per configured client that has endpoints, named after the
 * client (so {@code @Qualifier("chat")} and a parameter named {@code chat} both find it). The
 * beans come from the {@link MainstayClients} registry; a bean the application already defines
 * under that name wins.
 */
public final class ClientBeansRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {
  private Environment environment = new org.springframework.core.env.StandardEnvironment();

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
    Binder binder = Binder.get(environment);
    Map<String, MainstayProperties.Client> clients = binder
        .bind("mainstay.clients", Bindable.mapOf(String.class, MainstayProperties.Client.class))
        .orElse(Map.of());
    BeanFactory beanFactory = (BeanFactory) registry;
    for (Map.Entry<String, MainstayProperties.Client> e : clients.entrySet()) {
      String name = e.getKey();
      if (e.getValue() == null || e.getValue().getEndpoints().isEmpty() || registry.containsBeanDefinition(name)) {
        continue;
      }
      RootBeanDefinition def = new RootBeanDefinition(ModelClient.class,
          () -> beanFactory.getBean(MainstayClients.class).get(name));
      def.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
      registry.registerBeanDefinition(name, def);
    }
  }
}
