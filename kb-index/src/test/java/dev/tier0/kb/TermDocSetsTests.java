package dev.tier0.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.Test;

class TermDocSetsTests {

  /** Documents of a made-up index: a term holds the documents whose number its length divides. */
  private static FixedBitSet load(String field, String term) {
    if (term.startsWith("none")) {
      return null;
    }
    FixedBitSet docs = new FixedBitSet(100);
    for (int d = 0; d < 100; d += term.length() + field.length()) {
      docs.set(d);
    }
    return docs;
  }

  @Test
  void loadsEachTermOnceAndAnswersAsTheIndex() throws Exception {
    TermDocSets sets = new TermDocSets(1_000_000);
    AtomicInteger loads = new AtomicInteger();
    TermDocSets.Loader counting =
        (f, t) -> {
          loads.incrementAndGet();
          return load(f, t);
        };
    for (int round = 0; round < 3; round++) {
      assertThat(sets.docs("title", "vpn", counting)).isEqualTo(load("title", "vpn"));
      assertThat(sets.docs("all", "vpn", counting)).isEqualTo(load("all", "vpn"));
      assertThat(sets.docs("all", "none-such", counting)).isNull();
    }
    assertThat(loads).hasValue(3);
    assertThat(sets.size()).isEqualTo(3);
  }

  @Test
  void staysWithinItsBound() throws Exception {
    // Each set costs 100 bits and its overhead, so about three fit.
    TermDocSets sets = new TermDocSets(2_000);
    for (int i = 0; i < 1_000; i++) {
      String term = "t" + i;
      assertThat(sets.docs("all", term, TermDocSetsTests::load)).isEqualTo(load("all", term));
      assertThat(sets.size()).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void givesTheSameSetsToThreadsRacingToBuildThem() throws Exception {
    TermDocSets sets = new TermDocSets(20_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t * 7;
        runs.add(
            pool.submit(() -> {
              for (int i = 0; i < 5_000; i++) {
                String term = "w" + ((i + offset) % 60);
                String field = i % 2 == 0 ? "all" : "title";
                if (!load(field, term).equals(sets.docs(field, term, TermDocSetsTests::load))) {
                  return false;
                }
              }
              return true;
            }));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
