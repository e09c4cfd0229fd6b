package dev.tier0.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of STYLE.md, checked on the compiled classes of every module: the core reaches
 * nothing outward, each vendor SDK stays in its module, connectors are independent, no cycles.
 */
class ArchitectureTests {

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tier0");
  }

  @Test
  void everyModuleIsOnTheClasspath() {
    for (String pkg :
        new String[] {
          "dev.tier0.bot",
          "dev.tier0.kb",
          "dev.tier0.handoff",
          "dev.tier0.identity",
          "dev.tier0.connector.webchat",
          "dev.tier0.connector.slack",
          "dev.tier0.connector.teams",
          "dev.tier0.app"
        }) {
      org.assertj.core.api.Assertions.assertThat(
              classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
          .as("classes in %s", pkg)
          .isTrue();
    }
  }

  @Test
  void botCoreDependsOnNoOtherModule() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.tier0.bot..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.tier0.kb..",
                "dev.tier0.handoff..",
                "dev.tier0.connector..",
                "dev.tier0.app..");
    rule.check(classes);
  }

  @Test
  void botCoreUsesNoFrameworkOrVendorSdk() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.tier0.bot..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.springframework..",
                "org.apache.lucene..",
                "io.lettuce..",
                "com.slack..",
                "com.microsoft..",
                "com.nimbusds..",
                "jakarta.servlet..");
    rule.check(classes);
  }

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
  void luceneStaysInKbIndex() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.kb..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.lucene..")
        .check(classes);
  }

  @Test
  void lettuceStaysInHandoff() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.handoff..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.lettuce..")
        .check(classes);
  }

  @Test
  void slackSdkStaysInTheSlackConnector() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.connector.slack..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.slack..")
        .check(classes);
  }

  @Test
  void microsoftTypesStayInTheTeamsConnector() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.connector.teams..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.microsoft..")
        .check(classes);
  }

  /** Teams validates the Bot Framework's tokens; the web chat validates the intranet's. */
  @Test
  void joseTypesStayInTheTeamsAndWebChatConnectors() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.tier0.connector.teams..", "dev.tier0.connector.webchat..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.nimbusds..")
        .check(classes);
  }

  @Test
  void directoryAndMailLibrariesStayInTheIdentityModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.tier0.identity..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.unboundid..", "jakarta.mail..", "com.icegreen..")
        .check(classes);
  }

  @Test
  void connectorsDoNotDependOnEachOther() {
    slices().matching("dev.tier0.connector.(*)..").should().notDependOnEachOther().check(classes);
  }

  @Test
  void adaptersDoNotReachIntoConnectorsOrTheApp() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.tier0.kb..", "dev.tier0.handoff..", "dev.tier0.identity..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tier0.connector..", "dev.tier0.app..")
        .check(classes);
  }

  @Test
  void modulesHaveNoCycles() {
    slices().matching("dev.tier0.(*)..").should().beFreeOfCycles().check(classes);
  }
}
