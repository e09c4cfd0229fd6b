package dev.tier0.bot.internal.nlu;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class NluArchitectureTests {

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.tier0.bot");

  @Test
  void openNlpStaysInsideTheNluPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.bot.internal.nlu..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("opennlp..")
        .check(classes);
  }

  @Test
  void theSentenceEncodersLibrariesStayInsideTheNluPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.bot.internal.nlu..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.langchain4j..", "ai.djl..", "ai.onnxruntime..")
        .check(classes);
  }
}
