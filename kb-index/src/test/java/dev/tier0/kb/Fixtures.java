package dev.tier0.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The fixture knowledge bases under src/test/resources. */
final class Fixtures {
  static final Path FIXTURE_KB = Path.of("src/test/resources/fixture-kb");
  static final Path BAD_KB = Path.of("src/test/resources/bad-kb");

  private Fixtures() {}

  static List<ArticleSource> sources(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .sorted()
          .map(p -> {
            try {
              return new ArticleSource(
                  p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LuceneKnowledgeBase fixture() {
    return LuceneKnowledgeBase.of(sources(FIXTURE_KB), KbSettings.defaults());
  }
}
