package dev.tier0.bot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

  static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("dev.tier0.bot");

  @Test
  void theCoreUsesNoVendorSdk() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "org.apache.lucene..",
            "io.lettuce..",
            "com.slack..",
            "com.microsoft..",
            "com.unboundid..",
            "jakarta.mail..",
            "com.icegreen..")
        .check(CORE);
  }

  @Test
  void yamlStaysInTheInternalReaders() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.tier0.bot.internal.flow..", "dev.tier0.bot.internal.nlu..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.yaml..")
        .check(CORE);
  }

  @Test
  void internalPackagesHaveNoCycles() {
    slices().matching("dev.tier0.bot.internal.(*)..").should().beFreeOfCycles().check(CORE);
  }
}
