package dev.mainstay.samples;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.mainstay.core.architecture.MainstayArchitecture;

/**
 * The architecture rules over every module: the samples module depends on all of them, so its
 * class path holds every module's production classes.
 */
@AnalyzeClasses(packages = "dev.mainstay", importOptions = MainstayArchitecture.ProductionCode.class)
final class ArchitectureTest {

  @ArchTest
  static final ArchRule coreIsJdkOnly = MainstayArchitecture.coreDependsOnlyOnJdk();

  @ArchTest
  static final ArchRule noForeignInternals = MainstayArchitecture.noCrossModuleInternalAccess();
}
