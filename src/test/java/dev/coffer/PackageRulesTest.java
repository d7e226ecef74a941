package dev.coffer;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Controller;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;

/**
 * The package rules of the server (architecture.md), checked on its compiled classes so that a
 * change that breaks one fails the build rather than waiting for a review.
 *
 * <ul>
 *   <li>Package by feature: {@code account}, {@code files} (with {@code files.storage}, {@code
 *       files.tus}, ...), {@code crypto}, {@code disk}, and whatever feature comes next. {@code
 *       web} (problem details, HTTP limits, OpenAPI) and {@code security} (the filter chain) are
 *       the infrastructure every feature plugs into, so they name no feature: a feature reaches
 *       them by implementing one of their interfaces (security's {@code BearerTokenAuthenticator}
 *       is implemented in account) or subclassing their types (web's {@code ApiException}).
 *   <li>Layers: controllers (the {@code @RestController}s) → services ({@code @Service}) → storage
 *       and repositories ({@code @Repository}, and the {@code files.storage} backends). Nothing
 *       calls up into a controller; a controller reaches a repository only through its service;
 *       repositories and storage know nothing of HTTP.
 *   <li>No cycles between features, nor between the parts of {@code files}.
 * </ul>
 *
 * The root package ({@code CofferApplication}, {@code CofferProperties}, {@code ClockConfig}) holds
 * the application's wiring and shared settings; any package may use it.
 */
@AnalyzeClasses(packages = "dev.coffer", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

  private static final String[] HTTP = {
    "dev.coffer.web..",
    "dev.coffer.security..",
    "org.springframework.web..",
    "org.springframework.http..",
    "jakarta.servlet.."
  };

  @ArchTest
  static final ArchRule webAndSecurityNameNoFeature =
      classes()
          .that()
          .resideInAnyPackage("dev.coffer.web..", "dev.coffer.security..")
          .should()
          .onlyDependOnClassesThat(
              resideOutsideOfPackage("dev.coffer..")
                  .or(
                      resideInAnyPackage(
                          "dev.coffer", "dev.coffer.web..", "dev.coffer.security..")))
          .as("web and security depend on no feature package");

  @ArchTest
  static final ArchRule nothingCallsIntoAController =
      noClasses()
          .that()
          .areNotMetaAnnotatedWith(Controller.class)
          .should()
          .dependOnClassesThat()
          .areMetaAnnotatedWith(Controller.class)
          .as("no class but a controller uses a controller");

  @ArchTest
  static final ArchRule controllersReachRepositoriesThroughServices =
      noClasses()
          .that()
          .areMetaAnnotatedWith(Controller.class)
          .should()
          .dependOnClassesThat()
          .areAnnotatedWith(Repository.class)
          .as("controllers use services, never a repository directly");

  @ArchTest
  static final ArchRule repositoriesAreTheBottomLayer =
      noClasses()
          .that()
          .areAnnotatedWith(Repository.class)
          .should()
          .dependOnClassesThat()
          .areAnnotatedWith(Service.class)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP)
          .as("repositories use no service and nothing of HTTP");

  @ArchTest
  static final ArchRule storageKnowsNothingAbove =
      noClasses()
          .that()
          .resideInAPackage("dev.coffer.files.storage..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.coffer.files")
                  .or(resideInAPackage("dev.coffer.files.tus.."))
                  .or(resideInAnyPackage(HTTP)))
          .as("storage uses neither the files services nor tus nor anything of HTTP");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      slices().matching("dev.coffer.(*)..").should().beFreeOfCycles();

  @ArchTest
  // Each package of files is a part of its own: the storage seam (files.storage), a backend
  // (files.storage.fs), quota, tus. A backend may use quota, and quota implements the seam's
  // SpaceReservation; the seam itself names neither.
  static final ArchRule noCyclesInsideFiles =
      slices().matching("dev.coffer.files.(**)").should().beFreeOfCycles();
}
