package dev.mainstay.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Objects;

/**
 * Mainstay's architecture rules, as reusable ArchUnit rules. Core's own test checks them over
 * core; a module that sees every module's classes (samples) runs them over all of {@code
 * dev.mainstay}:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.mainstay", importOptions = MainstayArchitecture.ProductionCode.class)
 * final class ArchitectureTest {
 *   @ArchTest static final ArchRule coreIsJdkOnly = MainstayArchitecture.coreDependsOnlyOnJdk();
 *   @ArchTest static final ArchRule noForeignInternals = MainstayArchitecture.noCrossModuleInternalAccess();
 * }
 * }</pre>
 */
public final class MainstayArchitecture {
  /** The root package of every Mainstay module. */
  public static final String ROOT = "dev.mainstay";

  private MainstayArchitecture() {}

  /**
   * Imports main classes only: no {@code test-classes} directory and no {@code -tests.jar} (a
   * module that depends on another's test-jar, as samples does on core's for these rules, must not
   * check test code, which uses JUnit, AssertJ and ArchUnit).
   */
  public static final class ProductionCode implements ImportOption {
    /** Needed by {@code @AnalyzeClasses}. */
    public ProductionCode() {}

    @Override
    public boolean includes(Location location) {
      return ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
          && !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*"));
    }
  }

  /**
   * {@code dev.mainstay.core..} classes depend on nothing but {@code java..} and core itself.
   *
   * @return the rule
   */
  public static ArchRule coreDependsOnlyOnJdk() {
    return classes().that().resideInAPackage(ROOT + ".core..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ROOT + ".core..")
        .because("core has no dependency outside the JDK (DESIGN.md: modules)");
  }

  /**
   * No class in {@code dev.mainstay.<m>..} uses a class in {@code dev.mainstay.<n>..internal..}
   * unless {@code m == n}, for every module present.
   *
   * @return the rule
   */
  public static ArchRule noCrossModuleInternalAccess() {
    return noCrossModuleInternalAccess(ROOT);
  }

  /**
   * The cross-module rule for any root package: a module is the first package segment below
   * {@code root}; a class may use an {@code internal} package (a segment named exactly {@code
   * internal}, at any depth) of its own module only.
   *
   * @param root the root package, for example {@code dev.mainstay}
   * @return the rule
   */
  public static ArchRule noCrossModuleInternalAccess(String root) {
    Objects.requireNonNull(root, "root");
    return classes().that().resideInAPackage(root + "..")
        .should(new ArchCondition<JavaClass>("use only their own module's internal packages") {
          @Override
          public void check(JavaClass item, ConditionEvents events) {
            String own = moduleOf(root, item.getPackageName());
            for (Dependency d : item.getDirectDependenciesFromSelf()) {
              String target = d.getTargetClass().getBaseComponentType().getPackageName();
              if (isInternal(root, target) && !moduleOf(root, target).equals(own)) {
                events.add(SimpleConditionEvent.violated(d,
                    "module '" + own + "' uses module '" + moduleOf(root, target)
                        + "' internals: " + d.getDescription()));
              }
            }
          }
        })
        .allowEmptyShould(true)
        .because("internal packages are implementation, not API (DESIGN.md: modules)");
  }

  /**
   * The module of a package: its first segment below the root, or {@code ""} for the root itself.
   *
   * @param root the root package
   * @param pkg a package name
   * @return the module name
   */
  static String moduleOf(String root, String pkg) {
    if (pkg.length() <= root.length() + 1 || !pkg.startsWith(root + ".")) {
      return "";
    }
    String rest = pkg.substring(root.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static boolean isInternal(String root, String pkg) {
    return (pkg.equals(root) || pkg.startsWith(root + "."))
        && ("." + pkg + ".").contains(".internal.");
  }
}
