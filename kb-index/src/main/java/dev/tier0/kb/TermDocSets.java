package dev.tier0.kb;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.util.FixedBitSet;

/**
 * Which documents of one index snapshot hold a term in a field, kept per (field, term): on a small
 * index a set costs a few hundred bytes, while asking the postings costs a terms-dictionary seek
 * and a postings enumeration per query. Sets are built at first use and then only read, so threads
 * share them; when the sets together exceed the bound, they are dropped and built again as asked.
 */
final class TermDocSets {

  /** Reads a term's documents from the index; null when no document holds it. */
  @FunctionalInterface
  interface Loader {
    FixedBitSet load(String field, String term) throws IOException;
  }

  /** Stands for a term that no document of the field holds. */
  private static final FixedBitSet NO_DOCS = new FixedBitSet(1);

  /** What a set costs besides its bits (map entries, object headers), in bits. */
  private static final long OVERHEAD_BITS = 64L * 8;

  private final long maxBits;
  private final Map<String, Map<String, FixedBitSet>> byField = new ConcurrentHashMap<>();
  private final AtomicLong bits = new AtomicLong();

  TermDocSets(long maxBits) {
    this.maxBits = maxBits;
  }

  /** The documents that hold the term in the field, or null when none does. */
  FixedBitSet docs(String field, String term, Loader loader) throws IOException {
    Map<String, FixedBitSet> sets = byField.computeIfAbsent(field, f -> new ConcurrentHashMap<>());
    FixedBitSet known = sets.get(term);
    if (known == null) {
      FixedBitSet loaded = loader.load(field, term);
      known = loaded == null ? NO_DOCS : loaded;
      long cost = known.length() + OVERHEAD_BITS;
      if (bits.addAndGet(cost) > maxBits) {
        byField.clear();
        bits.set(cost);
        sets = byField.computeIfAbsent(field, f -> new ConcurrentHashMap<>());
      }
      sets.put(term, known);
    }
    return known == NO_DOCS ? null : known;
  }

  /** How many sets are kept now, for tests. */
  int size() {
    return byField.values().stream().mapToInt(Map::size).sum();
  }
}
