package dev.mainstay.samples;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.mainstay.core.architecture.MainstayArchitecture;

/**
 * The architecture rules over every published module: the samples module depends on all of them,
 * so its class path holds every module's production classes. The unpublished {@code bench} module
 * is left out on purpose: like Caffeine's JMH source set, it may measure a module's internals.
 */
@AnalyzeClasses(
    packages = "dev.mainstay",
    importOptions = {MainstayArchitecture.ProductionCode.class, ArchitectureTest.NotBench.class})
final class ArchitectureTest {

  @ArchTest
  static final ArchRule coreIsJdkOnly = MainstayArchitecture.coreDependsOnlyOnJdk();

  @ArchTest
  static final ArchRule noForeignInternals = MainstayArchitecture.noCrossModuleInternalAccess();

  /** Leaves out the benchmark module's classes. */
  static final class NotBench implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/bench/target/") && !location.contains("mainstay-bench");
    }
  }
}
