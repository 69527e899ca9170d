package dev.mainstay.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.architecture.fixture.alpha.AlphaApi;
import dev.mainstay.core.architecture.fixture.alpha.internal.AlphaSecret;
import dev.mainstay.core.architecture.fixture.beta.BetaUser;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

final class ArchitectureTest {
  /** Core's main classes, imported from core's own output directory (fast: no classpath scan). */
  private static final JavaClasses CORE_MAIN = new ClassFileImporter()
      .withImportOption(new MainstayArchitecture.ProductionCode())
      .importPath(mainClassesDir());

  private static final String FIXTURE = "dev.mainstay.core.architecture.fixture";

  private static Path mainClassesDir() {
    try {
      return Paths.get(ModelClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void core_dependsOnlyOnTheJdk() {
    // Given core's main classes / When checked / Then only java.. and core itself are used
    assertThat(CORE_MAIN.size()).isGreaterThan(30);
    MainstayArchitecture.coreDependsOnlyOnJdk().check(CORE_MAIN);
  }

  @Test
  void core_usesNoOtherModulesInternals() {
    MainstayArchitecture.noCrossModuleInternalAccess().check(CORE_MAIN);
  }

  @Test
  void crossModuleRule_foreignInternal_isReported() {
    // Given fixture modules 'alpha' (with an internal package) and 'beta' (which uses it)
    JavaClasses fixture = new ClassFileImporter()
        .importClasses(AlphaSecret.class, AlphaApi.class, BetaUser.class);
    // When the rule runs with the fixture package as the root
    EvaluationResult result = MainstayArchitecture.noCrossModuleInternalAccess(FIXTURE).evaluate(fixture);
    // Then beta's use is a violation and alpha's own use is not
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("module 'beta' uses module 'alpha' internals"))
        .noneSatisfy(line -> assertThat(line).contains("AlphaApi"));
  }

  @Test
  void jdkOnlyRule_thirdPartyDependency_isReported() {
    // Given a class outside core's allowed packages, checked as if it were core
    JavaClasses self = new ClassFileImporter().importClasses(MainstayArchitecture.class);
    // When the JDK-only rule runs over the rules class (in core's package, using ArchUnit)
    EvaluationResult result = MainstayArchitecture.coreDependsOnlyOnJdk().evaluate(self);
    // Then the ArchUnit dependency is reported
    assertThat(result.hasViolation()).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails())).contains("com.tngtech.archunit");
  }

  @Test
  void productionCode_excludesTestClassesAndTestJars() {
    ImportOption main = new MainstayArchitecture.ProductionCode();
    assertThat(main.includes(Location.of(URI.create("file:///w/core/target/classes/dev/mainstay/core/A.class")))).isTrue();
    assertThat(main.includes(Location.of(URI.create("jar:file:///m2/mainstay-core-0.1.0.jar!/dev/mainstay/core/A.class")))).isTrue();
    assertThat(main.includes(Location.of(URI.create("file:///w/core/target/test-classes/dev/mainstay/core/ATest.class")))).isFalse();
    assertThat(main.includes(Location.of(URI.create("jar:file:///m2/mainstay-core-0.1.0-tests.jar!/dev/mainstay/core/ATest.class")))).isFalse();
  }

  @Test
  void core_importedClasses_areMainOnly() {
    assertThat(CORE_MAIN.contain(ModelClient.class)).isTrue();
    assertThat(CORE_MAIN.stream().map(c -> c.getName())).noneMatch(n -> n.endsWith("Test"));
  }

  @Test
  void moduleOf_firstSegmentBelowRoot() {
    assertThat(MainstayArchitecture.moduleOf("dev.mainstay", "dev.mainstay.failover.internal")).isEqualTo("failover");
    assertThat(MainstayArchitecture.moduleOf("dev.mainstay", "dev.mainstay.core")).isEqualTo("core");
    assertThat(MainstayArchitecture.moduleOf("dev.mainstay", "dev.mainstay")).isEmpty();
    assertThat(MainstayArchitecture.moduleOf("dev.mainstay", "dev.mainstayx.y")).isEmpty();
  }
}
