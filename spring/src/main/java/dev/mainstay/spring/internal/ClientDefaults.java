package dev.mainstay.spring.internal;

import dev.mainstay.spring.MainstayConfigurationException;
import dev.mainstay.spring.MainstayProperties;
import java.util.ArrayList;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * Applies {@code mainstay.defaults} to every client, key by key: each client is bound again, first
 * from {@code mainstay.defaults}, then from {@code mainstay.clients.<name>} onto the same object,
 * so a key the client sets replaces the default and every other key keeps it. Lists (a ban list,
 * signals) are replaced as a whole; maps (scanner actions, roles) are merged entry by entry.
 */
public final class ClientDefaults {
  private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of("mainstay.defaults");

  private ClientDefaults() {}

  /**
   * Replaces each client's settings with the defaults overlaid by the client's own keys. Does
   * nothing when no {@code mainstay.defaults} key is set.
   *
   * @param properties the bound settings; its clients map is updated
   * @param environment where the keys come from
   */
  public static void apply(MainstayProperties properties, Environment environment) {
    ClientFactory.checkNames(properties);
    SettingsCheck.defaults(properties.getDefaults());
    Binder binder = Binder.get(environment);
    if (!binder.bind(DEFAULTS, Bindable.of(MainstayProperties.ClientSettings.class)).isBound()) {
      return;
    }
    for (String name : new ArrayList<>(properties.getClients().keySet())) {
      MainstayProperties.Client merged = new MainstayProperties.Client();
      binder.bind(DEFAULTS, Bindable.ofInstance(merged));
      ConfigurationPropertyName own = ConfigurationPropertyName.of("mainstay.clients[" + name + "]");
      if (!binder.bind(own, Bindable.ofInstance(merged)).isBound()) {
        throw new MainstayConfigurationException("mainstay.clients." + name,
            "could not apply mainstay.defaults: the client's keys were not found under this name", null);
      }
      properties.getClients().put(name, merged);
    }
  }
}
