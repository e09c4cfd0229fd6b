package dev.tier0.app.config;

import dev.tier0.kb.ArticleSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The knowledge base the jar carries as classpath resources {@code kb/**.md}. */
public final class ShippedKnowledge {

  private ShippedKnowledge() {}

  /** Every shipped article, named by its path under {@code kb/}, in name order. */
  public static List<ArticleSource> articles() throws IOException {
    Resource[] resources =
        new PathMatchingResourcePatternResolver(ShippedKnowledge.class.getClassLoader())
            .getResources("classpath*:kb/**/*.md");
    List<ArticleSource> sources = new ArrayList<>();
    for (Resource r : resources) {
      String url = r.getURL().toString();
      int at = url.lastIndexOf("/kb/");
      String name = at < 0 ? "kb/" + r.getFilename() : url.substring(at + 1);
      try (InputStream in = r.getInputStream()) {
        sources.add(new ArticleSource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      }
    }
    sources.sort(Comparator.comparing(ArticleSource::name));
    return sources;
  }
}
