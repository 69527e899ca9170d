package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ModelClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.yaml.snakeyaml.Yaml;

/**
 * Every {@code yaml} block of the README and of docs/spring.md that configures {@code mainstay:}
 * is loaded the way Spring Boot loads application.yml and must start a context with the clients it
 * names, and bind every key it writes (a misspelt key would otherwise be ignored silently).
 */
final class DocumentationYamlTest {
  /** The documents, relative to the module directory (Surefire's working directory). */
  private static final List<Path> DOCUMENTS = List.of(Path.of("../README.md"), Path.of("../docs/spring.md"));

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MainstayAutoConfiguration.class));

  /** One fenced block. */
  record Block(Path file, int line, String yaml) {
    @Override
    public String toString() {
      return file.getFileName() + ":" + line;
    }
  }

  @Test
  void documents_haveMainstayYamlBlocks() throws IOException {
    // the extraction itself must find something, or the factory below would pass vacuously
    List<Block> blocks = blocks();
    assertThat(blocks).extracting(b -> b.file().getFileName().toString())
        .contains("README.md", "spring.md", "application.yml");
  }

  @TestFactory
  Stream<DynamicTest> everyYamlBlock_binds_andStartsItsClients() throws IOException {
    return blocks().stream().map(b -> DynamicTest.dynamicTest(b.toString(), () -> check(b)));
  }

  private void check(Block block) throws IOException {
    List<PropertySource<?>> sources = new YamlPropertySourceLoader()
        .load(block.toString(), new ByteArrayResource(block.yaml().getBytes(StandardCharsets.UTF_8)));
    assertThat(sources).as(block + " is one YAML document").hasSize(1);
    PropertySource<?> source = sources.get(0);

    // Every key binds to a property (Boot ignores unknown keys under a bean by default).
    Binder strict = new Binder(ConfigurationPropertySources.from(source), null,
        ApplicationConversionService.getSharedInstance());
    strict.bind("mainstay", Bindable.of(MainstayProperties.class),
        new NoUnboundElementsBindHandler(BindHandler.DEFAULT));

    Set<String> names = new LinkedHashSet<>();
    Set<String> withEndpoints = new LinkedHashSet<>();
    clientNames(block, names, withEndpoints);
    assertThat(names).as(block + " names clients").isNotEmpty();

    runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(source))
        .run(context -> {
          assertThat(context).as(block.toString()).hasNotFailed();
          assertThat(context.getBean(MainstayProperties.class).getClients().keySet())
              .as(block.toString()).containsExactlyElementsOf(names);
          assertThat(context.getBean(MainstayClients.class).names())
              .as(block.toString()).containsExactlyElementsOf(withEndpoints);
          for (String name : withEndpoints) {
            assertThat(context.getBean(name, ModelClient.class)).as(block + " bean " + name).isNotNull();
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static void clientNames(Block block, Set<String> names, Set<String> withEndpoints) {
    Map<String, Object> root = new Yaml().load(block.yaml());
    Map<String, Object> mainstay = (Map<String, Object>) root.get("mainstay");
    Map<String, Object> clients = mainstay == null ? null : (Map<String, Object>) mainstay.get("clients");
    if (clients == null) {
      return;
    }
    clients.forEach((name, value) -> {
      names.add(name);
      Object endpoints = value instanceof Map ? ((Map<String, Object>) value).get("endpoints") : null;
      if (endpoints instanceof List && !((List<?>) endpoints).isEmpty()) {
        withEndpoints.add(name);
      }
    });
  }

  static List<Block> blocks() throws IOException {
    List<Block> out = new ArrayList<>();
    for (Path doc : DOCUMENTS) {
      List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (!lines.get(i).strip().equals("```yaml")) {
          continue;
        }
        int start = i + 1;
        StringBuilder yaml = new StringBuilder();
        int j = start;
        while (j < lines.size() && !lines.get(j).strip().equals("```")) {
          yaml.append(lines.get(j)).append('\n');
          j++;
        }
        if (yaml.toString().lines().anyMatch(l -> l.startsWith("mainstay:"))) {
          out.add(new Block(doc, start + 1, yaml.toString()));
        }
        i = j;
      }
    }
    // the sample application's configuration, which users copy as well
    Path sample = Path.of("../samples/spring-boot/src/main/resources/application.yml");
    if (Files.exists(sample)) {
      out.add(new Block(sample, 1, Files.readString(sample, StandardCharsets.UTF_8)));
    }
    return out;
  }
}
