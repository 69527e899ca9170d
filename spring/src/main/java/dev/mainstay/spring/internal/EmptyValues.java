package dev.mainstay.spring.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.spring.MainstayConfigurationException;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Rejects empty values under {@code mainstay.*} that Spring would otherwise bind as "unset": an
 * empty number, duration, size, flag or enum ({@code timeout:} with nothing after it, {@code
 * retries=""}) is reported with its key instead of silently keeping the default. Empty strings
 * where a text is expected (an endpoint id, a region) are checked by the settings check.
 */
public final class EmptyValues implements ConfigurationPropertiesBindHandlerAdvisor {
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("mainstay");

  /** Creates the advisor. */
  public EmptyValues() {}

  @Override
  public BindHandler apply(BindHandler bindHandler) {
    return new AbstractBindHandler(bindHandler) {
      @Override
      public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
          @Nullable Object result) throws Exception {
        if (result == null && ROOT.isAncestorOf(name)) {
          ConfigurationProperty property = context.getConfigurationProperty();
          if (property != null && property.getName().equals(name)
              && property.getValue() instanceof CharSequence value && value.toString().isBlank()) {
            throw new MainstayConfigurationException(name.toString(),
                "is empty; give a value, or remove the key to keep the default", null);
          }
        }
        super.onFinish(name, target, context, result);
      }
    };
  }
}
