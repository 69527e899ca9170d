package dev.mainstay.spring;

import dev.mainstay.core.ClientBuilder;

/**
 * Customizes the builder of every client the starter builds, after the properties were applied
 * and before {@code build()}: add decorators, listeners or an executor that properties cannot
 * express. Declare one or more as beans; they run in {@link org.springframework.core.Ordered}
 * order.
 *
 * <pre>{@code
 * @Bean
 * MainstayClientCustomizer auditTrail(AuditLog log) {
 *   return (name, builder) -> builder.listener(log::record);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MainstayClientCustomizer {

  /**
   * Customizes one client's builder.
   *
   * @param clientName the client's name ({@code mainstay.clients.<name>})
   * @param builder the builder, with the configured route and decorators already set
   */
  void customize(String clientName, ClientBuilder builder);
}
