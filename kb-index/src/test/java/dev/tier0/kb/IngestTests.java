package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestTests {

  @Test
  void indexesGoodFilesAndReportsEachBadFileWithPathAndReason() throws Exception {
    try (LuceneKnowledgeBase kb =
        LuceneKnowledgeBase.open(Fixtures.BAD_KB, KbSettings.defaults())) {
      IngestReport report = kb.report();

      assertThat(report.indexed()).isEqualTo(1);
      assertThat(kb.size()).isEqualTo(1);
      assertThat(kb.find("KB-100"))
          .hasValueSatisfying(a -> assertThat(a.title()).isEqualTo("A good article"));
      assertThat(report.skipped())
          .extracting(s -> Path.of(s.path()).getFileName().toString(), IngestReport.Skipped::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("broken.md", report.skipped().get(0).reason()),
              org.assertj.core.groups.Tuple.tuple("no-id.md", "no id in front matter"),
              org.assertj.core.groups.Tuple.tuple("no-title.md", "no title in front matter"),
              org.assertj.core.groups.Tuple.tuple(
                  "plain.md", "no front matter (a YAML block between --- lines with id and title)"),
              org.assertj.core.groups.Tuple.tuple(
                  "unclosed.md", "broken front matter: no closing --- line"),
              org.assertj.core.groups.Tuple.tuple(
                  "zz-dup.md", "duplicate id KB-100 (also in good.md)"));
      assertThat(report.skipped().get(0).reason()).startsWith("broken front matter");
      assertThat(report.skipped()).allSatisfy(s -> assertThat(s.path()).contains("bad-kb"));
    }
  }

  @Test
  void loadsArticlesFromSourcesAsWellAsFromAFolder() {
    try (LuceneKnowledgeBase kb = Fixtures.fixture()) {
      assertThat(kb.size()).isEqualTo(12);
      assertThat(kb.report().skipped()).isEmpty();
      assertThat(kb.find("KB-001"))
          .hasValueSatisfying(a -> {
            assertThat(a.category()).isEqualTo("account.password");
            assertThat(a.tags()).containsExactly("password", "sspr", "portal");
            assertThat(a.aliases()).containsExactly("forgot password", "password expired");
            assertThat(a.body()).contains("## Resolution");
          });
      assertThat(kb.find("KB-999")).isEmpty();
    }
  }

  @Test
  void acceptsTagsAsACommaSeparatedStringAndIgnoresUnknownKeys() {
    String text =
        """
        ---
        id: 42
        title: Numeric ids are text
        tags: vpn, remote
        owner: somebody
        ---
        Body.
        """;
    try (LuceneKnowledgeBase kb =
        LuceneKnowledgeBase.of(List.of(new ArticleSource("x.md", text)), KbSettings.defaults())) {
      assertThat(kb.find("42"))
          .hasValueSatisfying(a -> assertThat(a.tags()).containsExactly("vpn", "remote"));
    }
  }

  @Test
  void survivesGarbageFilesWithoutFailingTheOthers() {
    List<ArticleSource> sources =
        List.of(
            new ArticleSource("empty.md", ""),
            new ArticleSource("binary.md", "\0\1\2---"),
            new ArticleSource("list.md", "---\n- a\n- b\n---\n"),
            new ArticleSource(
                "alias-bomb.md", "---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n"),
            new ArticleSource("ok.md", "---\nid: KB-1\ntitle: Fine\n---\n"));
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.of(sources, KbSettings.defaults())) {
      assertThat(kb.size()).isEqualTo(1);
      assertThat(kb.report().skipped()).hasSize(4);
    }
  }

  @Test
  void refusesAMissingFolder(@TempDir Path dir) {
    assertThatThrownBy(
            () -> LuceneKnowledgeBase.open(dir.resolve("missing"), KbSettings.defaults()))
        .isInstanceOf(NoSuchFileException.class);
  }
}
