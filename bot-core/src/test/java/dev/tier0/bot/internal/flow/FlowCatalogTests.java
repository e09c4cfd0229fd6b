package dev.tier0.bot.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowCatalogTests {

  static final Path SHIPPED = Path.of("..", "flows");

  static final String GOOD =
      """
      id: good
      title: Good flow
      intents: [printer_offline]
      steps:
        - id: hello
          say: "Hello"
          next: done
        - id: done
          resolve: "Bye"
      """;

  @Test
  void loadsEveryShippedFlowWithoutProblems() {
    FlowCatalog catalog = FlowCatalog.load(SHIPPED);

    assertThat(catalog.problems()).isEmpty();
    assertThat(catalog.flows())
        .extracting(Flow::id)
        .containsExactlyInAnyOrder(
            "account-unlock",
            "mailbox-full",
            "mfa",
            "password-reset",
            "printer",
            "software-request",
            "vpn",
            "wifi");
    assertThat(catalog.catalogue().items()).hasSizeGreaterThan(5);
    assertThat(catalog.forIntent("password_expired")).map(Flow::id).contains("password-reset");
  }

  @Test
  void theClasspathIndexListsEveryShippedFile() throws IOException {
    List<String> index =
        Arrays.stream(Files.readString(SHIPPED.resolve("index.txt")).split("\\R"))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
    try (Stream<Path> files = Files.list(SHIPPED)) {
      assertThat(index)
          .containsExactlyInAnyOrderElementsOf(
              files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).toList());
    }
  }

  @Test
  void loadsFromTheClasspathThroughTheIndex(@TempDir Path root) throws Exception {
    Path flows = Files.createDirectories(root.resolve("flows"));
    Files.writeString(flows.resolve("good.yml"), GOOD);
    Files.writeString(flows.resolve("index.txt"), "# flows\ngood.yml\nmissing.yml\n");
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(new java.net.URL[] {root.toUri().toURL()}, null)) {
      FlowCatalog catalog = FlowCatalog.loadClasspath(loader);

      assertThat(catalog.flows()).extracting(Flow::id).containsExactly("good");
      assertThat(catalog.problems()).extracting(FlowProblem::file).containsExactly("missing.yml");
    }
  }

  @Test
  void reportsAYamlSyntaxErrorByFileAndKeepsTheOtherFlows() {
    FlowCatalog catalog =
        FlowCatalog.load(Map.of("good.yml", GOOD, "broken.yml", "id: [unclosed\nsteps: :\n"));

    assertThat(catalog.flows()).extracting(Flow::id).containsExactly("good");
    assertThat(catalog.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.file()).isEqualTo("broken.yml");
          assertThat(p.message()).startsWith("not valid YAML");
        });
  }

  @Test
  void reportsAnUnknownActionWithItsStep() {
    String flow =
        """
        id: bad
        title: Bad
        steps:
          - id: go
            action: format_hard_disk
            next: end
          - id: end
            resolve: ok
        """;
    FlowCatalog catalog = FlowCatalog.load(Map.of("bad.yml", flow, "good.yml", GOOD));

    assertThat(catalog.flows()).extracting(Flow::id).containsExactly("good");
    assertThat(catalog.problems())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.file()).isEqualTo("bad.yml");
          assertThat(p.step()).isEqualTo("go");
          assertThat(p.message()).contains("unknown action format_hard_disk");
        });
  }

  @Test
  void reportsUnknownStepReferencesMissingFieldsAndUnknownOutcomes() {
    String flow =
        """
        id: bad
        steps:
          - id: ask
            ask: "Which?"
            choices:
              - {label: "A", next: nowhere}
          - id: check
            action: verify_otp
            on: {ok: ask, sunny: ask}
          - id: talk
            say: "no next here"
          - id: both
            say: "x"
            resolve: "y"
        """;
    FlowCatalog catalog = FlowCatalog.load(Map.of("bad.yml", flow));

    assertThat(catalog.flows()).isEmpty();
    assertThat(catalog.problems())
        .extracting(FlowProblem::toString)
        .contains(
            "bad.yml: missing title",
            "bad.yml (step ask): refers to unknown step nowhere",
            "bad.yml (step talk): say needs next",
            "bad.yml (step both): has more than one kind: say, resolve")
        .anySatisfy(p -> assertThat(p).contains("step check").contains("no outcome sunny"));
  }

  @Test
  void rejectsASecretAskThatIsNotCheckedByVerifyOtp() {
    String flow =
        """
        id: leak
        title: Leak
        steps:
          - id: ask
            ask: "Your code?"
            secret: true
            next: echo
          - id: echo
            say: "thanks"
            next: done
          - id: done
            resolve: ok
        """;
    assertThat(FlowCatalog.load(Map.of("leak.yml", flow)).problems())
        .extracting(FlowProblem::message)
        .containsExactly("a secret ask must be followed by the verify_otp action");
  }

  @Test
  void reportsTwoFlowsClaimingOneIntentAndKeepsTheFirst() {
    FlowCatalog catalog =
        FlowCatalog.load(Map.of("a.yml", GOOD, "b.yml", GOOD.replace("id: good", "id: other")));

    assertThat(catalog.flows()).extracting(Flow::id).containsExactly("good");
    assertThat(catalog.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.file()).isEqualTo("b.yml"));
  }

  @Test
  void survivesGarbageFilesAndAMissingFolder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("empty.yml"), "");
    Files.write(dir.resolve("binary.yml"), new byte[] {0, 1, 2, (byte) 0xff, '\n', '\t'});
    Files.writeString(dir.resolve("list.yml"), "- a\n- b\n");
    Files.writeString(
        dir.resolve("emoji.yml"), "id: \uD83D\uDE00\ntitle: \u05E9\u05DC\u05D5\u05DD\nsteps: 3\n");

    FlowCatalog catalog = FlowCatalog.load(dir);
    assertThat(catalog.flows()).isEmpty();
    assertThat(catalog.problems())
        .extracting(FlowProblem::file)
        .contains("empty.yml", "binary.yml", "list.yml", "emoji.yml");

    assertThat(FlowCatalog.load(dir.resolve("missing")).problems()).hasSize(1);
  }
}
