package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.spring.internal.MainstayFailureAnalyzer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/** The files IDEs and Spring Boot read from the jar. */
final class MetadataTest {

  @Test
  void configurationMetadata_isGenerated_withHints() throws Exception {
    String json = read("META-INF/spring-configuration-metadata.json");
    assertThat(json).contains("\"mainstay.clients\"").contains("\"mainstay.annotation.order\"")
        .contains("\"mainstay.clients.keys\"").contains("MainstayProperties$Client");
    // every key of a client is listed under mainstay.defaults
    assertThat(json).contains("\"mainstay.defaults.route.retries\"")
        .contains("\"mainstay.defaults.route.hedging.percentile\"")
        .contains("\"mainstay.defaults.guards.input.mode\"")
        .contains("\"mainstay.defaults.cache.ttl\"")
        .doesNotContain("\"mainstay.defaults.endpoints\"");
  }

  @Test
  void autoConfigurations_andFailureAnalyzer_areRegistered() throws Exception {
    assertThat(read("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
        .contains(MainstayAutoConfiguration.class.getName())
        .contains(MainstayActuatorAutoConfiguration.class.getName());
    java.util.Properties factories = new java.util.Properties();
    for (java.net.URL url : java.util.Collections.list(
        MetadataTest.class.getClassLoader().getResources("META-INF/spring.factories"))) {
      try (InputStream in = url.openStream()) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String mine = p.getProperty(FailureAnalyzer.class.getName(), "");
        if (mine.contains(MainstayFailureAnalyzer.class.getName())) {
          factories.putAll(p);
        }
      }
    }
    assertThat(factories.getProperty(FailureAnalyzer.class.getName())).contains(MainstayFailureAnalyzer.class.getName());
  }

  private static String read(String resource) throws Exception {
    try (InputStream in = MetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
