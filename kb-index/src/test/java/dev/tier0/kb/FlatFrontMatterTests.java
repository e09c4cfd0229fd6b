package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class FlatFrontMatterTests {

  private static Object yaml(String text) {
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      return e.getClass();
    }
  }

  private static String frontMatter(String article) {
    String text = article.replace("\r\n", "\n");
    int start = text.indexOf("---\n");
    int end = start < 0 ? -1 : text.indexOf("\n---", start + 4);
    return end < 0 ? "" : text.substring(start + 4, end + 1);
  }

  @Test
  void readsEveryShippedAndFixtureArticleExactlyAsTheYamlLoaderDoes() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(Path.of("../kb"), Fixtures.FIXTURE_KB, Fixtures.BAD_KB)) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
        }
      }
    }
    int flat = 0;
    for (Path file : files) {
      String yaml = frontMatter(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, Object> fast = FlatFrontMatter.parse(yaml);
      if (fast != null) {
        flat++;
        assertThat(fast).as(file.toString()).isEqualTo(yaml(yaml));
      }
    }
    assertThat(flat).isGreaterThan(files.size() / 2);
  }

  @Test
  void leavesAnythingYamlCouldReadDifferentlyToTheYamlLoader() {
    List<String> tricky =
        List.of(
            "id: 001\ntitle: x\n",
            "id: KB-1\ntitle: yes\n",
            "id: KB-1\ntitle: Off\n",
            "id: KB-1\ntitle: ~\n",
            "id: KB-1\ntitle: 2026-01-01\n",
            "id: KB-1\ntitle: .inf\n",
            "id: KB-1\ntitle: a: b\n",
            "id: KB-1\ntitle: text # comment\n",
            "id: KB-1\ntitle: 'single'\n",
            "id: KB-1\ntitle: \"esc\\\"aped\"\n",
            "id: KB-1\ntitle: &anchor x\n",
            "id: KB-1\ntitle: *alias\n",
            "id: KB-1\ntitle: !!int 5\n",
            "id: KB-1\ntags: [a, [b]]\n",
            "id: KB-1\ntags: [a, {b: c}]\n",
            "id: KB-1\ntags: [\"unclosed, b]\n",
            "id: KB-1\ntags:\n  - a\n  - b\n",
            "id: KB-1\nid: KB-2\n",
            "id: KB-1\n  title: indented\n",
            "id:KB-1\n",
            "id: KB-1\ntitle: |\n  block\n",
            "id: KB-1\ntitle: tab\there\n",
            "id: KB-1\ntitle: bell\u0007\n",
            "# comment\nid: KB-1\n",
            "id: KB-1\ntags: [a, , b]\n",
            "id: KB-1\ntags: [a:b]\n",
            "");
    for (String yaml : tricky) {
      Map<String, Object> fast = FlatFrontMatter.parse(yaml);
      if (fast != null) {
        assertThat(fast).as(yaml).isEqualTo(yaml(yaml));
      }
    }
  }

  @Test
  void readsTheCommonFlatShape() {
    String yaml =
        "id: KB-001\n"
            + "title: Outlook can't connect, error 0x800CCC0E\n"
            + "category: email.outlook\n"
            + "tags: [outlook, \"send/receive\", C#]\n"
            + "aliases: [\"can't send mail\", outlook offline]\n"
            + "url: https://intranet.example/kb/1\n";
    assertThat(FlatFrontMatter.parse(yaml)).isNotNull().isEqualTo(yaml(yaml));
  }
}
