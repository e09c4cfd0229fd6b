package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tier0.bot.spi.KnowledgeBase.Hit;
import dev.tier0.bot.spi.KnowledgeBase.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotReloadTests {

  private static final KbSettings FAST =
      KbSettings.defaults().withPollInterval(Duration.ofMillis(50));

  private static String article(String id, String title, String resolution) {
    return "---\nid: " + id + "\ntitle: " + title + "\n---\n## Resolution\n" + resolution + "\n";
  }

  private static void write(Path file, String text, long tick) throws IOException {
    // Written aside and moved in, as editors and deploy tools do, so a scan never reads half a
    // file.
    Path aside = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(aside, text);
    // File systems with coarse timestamps could hide a quick second write; make it visible.
    Files.setLastModifiedTime(aside, FileTime.fromMillis(1_700_000_000_000L + tick * 1000));
    Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static IngestReport awaitReload(BlockingQueue<IngestReport> reloads)
      throws InterruptedException {
    IngestReport report = reloads.poll(10, TimeUnit.SECONDS);
    assertThat(report).as("a reload within 10 s").isNotNull();
    return report;
  }

  private static List<String> ids(LuceneKnowledgeBase kb, String query) {
    return kb.search(new Query(query, 5, null)).hits().stream().map(Hit::articleId).toList();
  }

  @Test
  void picksUpAddedChangedAndDeletedArticlesWithoutRestart(@TempDir Path dir) throws Exception {
    write(dir.resolve("vpn.md"), article("KB-1", "VPN does not connect", "Restart the client."), 1);
    BlockingQueue<IngestReport> reloads = new LinkedBlockingQueue<>();
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.open(dir, FAST)) {
      kb.addReloadListener(reloads::add);
      assertThat(ids(kb, "vpn")).containsExactly("KB-1");

      Files.createDirectories(dir.resolve("printing"));
      write(
          dir.resolve("printing/printer.md"),
          article("KB-2", "Printer is offline", "Turn it off and on."),
          2);
      assertThat(awaitReload(reloads).indexed()).isEqualTo(2);
      assertThat(ids(kb, "printer offline")).first().isEqualTo("KB-2");

      write(dir.resolve("vpn.md"), article("KB-1", "GlobalProtect drops", "Reinstall it."), 3);
      awaitReload(reloads);
      assertThat(kb.find("KB-1"))
          .hasValueSatisfying(a -> assertThat(a.title()).isEqualTo("GlobalProtect drops"));
      assertThat(kb.search(new Query("reinstall", 5, null)).hits())
          .extracting(Hit::articleId)
          .contains("KB-1");

      Files.delete(dir.resolve("printing/printer.md"));
      assertThat(awaitReload(reloads).indexed()).isEqualTo(1);
      assertThat(ids(kb, "printer offline")).doesNotContain("KB-2");
      assertThat(kb.find("KB-2")).isEmpty();
    }
  }

  @Test
  void aDuplicateTakesOverWhenTheOriginalGoesAway(@TempDir Path dir) throws Exception {
    write(dir.resolve("a.md"), article("KB-1", "First", "One."), 1);
    write(dir.resolve("b.md"), article("KB-1", "Second", "Two."), 1);
    BlockingQueue<IngestReport> reloads = new LinkedBlockingQueue<>();
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.open(dir, FAST)) {
      kb.addReloadListener(reloads::add);
      assertThat(kb.report().skipped())
          .singleElement()
          .satisfies(s -> assertThat(s.reason()).contains("duplicate id KB-1"));

      Files.delete(dir.resolve("a.md"));
      IngestReport after = awaitReload(reloads);

      assertThat(after.indexed()).isEqualTo(1);
      assertThat(after.skipped()).isEmpty();
      assertThat(kb.find("KB-1"))
          .hasValueSatisfying(a -> assertThat(a.title()).isEqualTo("Second"));
    }
  }

  @Test
  void searchesNeverSeeAnEmptyIndexWhileArticlesReload(@TempDir Path dir) throws Exception {
    write(dir.resolve("stable.md"), article("KB-S", "Printer is offline", "Restart it."), 1);
    for (int i = 0; i < 20; i++) {
      write(dir.resolve("n" + i + ".md"), article("KB-" + i, "Note " + i, "Step " + i), 1);
    }
    BlockingQueue<IngestReport> reloads = new LinkedBlockingQueue<>();
    try (LuceneKnowledgeBase kb = LuceneKnowledgeBase.open(dir, FAST)) {
      kb.addReloadListener(reloads::add);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger misses = new AtomicInteger();
      AtomicInteger searches = new AtomicInteger();
      Thread searcher =
          Thread.ofPlatform()
              .start(() -> {
                while (!stop.get()) {
                  searches.incrementAndGet();
                  if (!ids(kb, "printer offline").contains("KB-S") || kb.size() == 0) {
                    misses.incrementAndGet();
                  }
                }
              });
      for (int round = 2; round < 8; round++) {
        for (int i = 0; i < 20; i++) {
          write(
              dir.resolve("n" + i + ".md"),
              article("KB-" + i, "Note " + round, "Step " + i),
              round);
        }
        write(
            dir.resolve("stable.md"),
            article("KB-S", "Printer is offline", "Restart it " + round),
            round);
        awaitReload(reloads);
        reloads.clear();
      }
      stop.set(true);
      searcher.join(10_000);

      assertThat(searches.get()).isPositive();
      assertThat(misses.get()).isZero();
    }
  }
}
