package io.serveplan.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/design.md's module table and STYLE.md's third-party confinement true. Imports every
 * production class of every module (the web module sees them all on its classpath).
 */
class ArchitectureTest {

  static final String ROOT = "io.serveplan";

  /** Module package → the module packages it may depend on (docs/design.md "Modules"). */
  static final Map<String, List<String>> ALLOWED =
      Map.of(
          "hardware", List.of(),
          "scheduler", List.of(),
          "simulator", List.of("hardware", "scheduler"),
          "cost", List.of("hardware", "simulator"),
          "executor", List.of("hardware", "scheduler", "simulator"),
          "reports", List.of("simulator", "cost"));

  static final List<String> MODULES =
      List.of("hardware", "scheduler", "simulator", "cost", "executor", "reports", "web", "benchmarks");

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void importsEveryModule() {
    // every module but benchmarks (nothing depends on it, so it is on no other classpath; its pom is
    // checked by ModuleTableTest)
    for (String m : MODULES.stream().filter(m -> !m.equals("benchmarks")).toList()) {
      org.assertj.core.api.Assertions.assertThat(
              classes.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + "." + m)))
          .as("classes of module %s imported", m)
          .isTrue();
    }
  }

  @Test
  void modulesDependOnlyOnWhatTheDesignTableAllows() {
    for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
      String[] forbidden =
          MODULES.stream()
              .filter(m -> !m.equals(e.getKey()) && !e.getValue().contains(m))
              .map(m -> ROOT + "." + m + "..")
              .toArray(String[]::new);
      ArchRule rule =
          noClasses()
              .that()
              .resideInAPackage(ROOT + "." + e.getKey() + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden)
              .allowEmptyShould(true)
              .because("docs/design.md: " + e.getKey() + " may depend only on " + e.getValue());
      rule.check(classes);
    }
  }

  @Test
  void nothingDependsOnWebOrBenchmarks() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + ".web..", ROOT + ".benchmarks..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".web..", ROOT + ".benchmarks..")
        .check(classes);
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void schedulerUsesNothingBeyondTheJdk() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".scheduler..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("java..", ROOT + ".scheduler..")
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void eachThirdPartyApiStaysInItsOnePackage() {
    confine("jdk.incubator.vector..", ROOT + ".executor.cpu..");
    confine("jcuda..", ROOT + ".executor.cuda..");
    confine("org.jooq..", ROOT + ".web.db..");
    confine("fish.payara..", ROOT + ".web.server..");
    confine("org.jfree..", ROOT + ".reports..");
    // serve-model's HTTP server and bench-serve's HTTP client each live in their one package
    confine("com.sun.net.httpserver..", ROOT + ".executor.serving..");
  }

  @Test
  void theDocumentReadersReachJacksonOnlyThroughTheSharedReader() {
    noClasses()
        .that()
        .haveFullyQualifiedName(ROOT + ".simulator.spec.SpecReader")
        .or().haveFullyQualifiedName(ROOT + ".cost.sheet.SheetReader")
        .or().haveFullyQualifiedName(ROOT + ".cost.sheet.SheetPricing")
        .or().haveFullyQualifiedName(ROOT + ".cost.price.PriceReader")
        .or().haveFullyQualifiedName(ROOT + ".hardware.CatalogReader")
        .or().haveFullyQualifiedName(ROOT + ".hardware.CatalogEntry")
        .or().haveFullyQualifiedName(ROOT + ".hardware.AttentionReader")
        .or().haveFullyQualifiedName(ROOT + ".hardware.FineTunes")
        .or().haveFullyQualifiedName(ROOT + ".cost.recommend.EngineSupport")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.fasterxml.jackson..")
        .because("issue 16: the spec, sheet, catalog, price and engine-support readers read through " + ROOT
            + ".hardware.document, the one reader of YAML/JSON")
        .check(classes);
  }

  @Test
  void jacksonsMappersStayInTheReaderAndTheLayersThatSpeakJson() {
    // Records may carry Jackson's annotations (they name their wire keys); the mappers, trees and
    // parsers stay in the one reader/codec and the web layer (and the JMH benchmarks). The reports
    // draw typed result documents that the web layer reads; the executor's HTTP edges (serve-model's
    // server, bench-serve's client) read and write through JsonCodec and JsonValues like the rest of
    // the executor.
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + ".hardware.document..", ROOT + ".web..", ROOT + ".benchmarks..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml.jackson.databind..", "com.fasterxml.jackson.core..",
            "com.fasterxml.jackson.dataformat..")
        .because("issue 16: Jackson only in the reader and the layers that speak JSON; the simulator, scheduler,"
            + " cost model and the whole executor (its OpenAI server and bench-serve client included) go through "
            + ROOT + ".hardware.document.JsonCodec")
        .check(classes);
  }

  @Test
  void reportsSeeOnlyResultTypes() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".reports..")
        .should()
        .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(ROOT + "..")
            .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                ROOT + ".reports..", ROOT + ".simulator.result..", ROOT + ".cost.recommend.."))))
        .allowEmptyShould(true)
        .because("issue 16: a report draws a stored result (its typed documents and the result records), never the"
            + " simulator's or the cost model's machinery")
        .check(classes);
  }

  private static void confine(String api, String home) {
    noClasses()
        .that()
        .resideOutsideOfPackage(home)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(api)
        .because("STYLE.md: only " + home + " imports " + api)
        .check(classes);
  }
}
