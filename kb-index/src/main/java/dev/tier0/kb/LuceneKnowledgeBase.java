package dev.tier0.kb;

import dev.tier0.bot.spi.KnowledgeBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BulkScorer;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.SingleInstanceLockFactory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.IOSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge base on Lucene: Markdown articles with YAML front matter, analysed for IT text,
 * ranked by BM25 over weighted fields and judged by how much of the question the best article
 * covers.
 *
 * <p>Thread-safe. Searches run on a consistent snapshot; a reload builds the next snapshot beside
 * it and swaps it in atomically, so a search never sees a half-loaded or empty index. Open a folder
 * with {@link #open} (watched for changes) or load fixed sources with {@link #of}; {@link #close}
 * when done.
 */
public final class LuceneKnowledgeBase implements KnowledgeBase, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LuceneKnowledgeBase.class);

  private static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
  private static final int RERANK_DEPTH = 30;

  /** Candidates of the first pass that the weighted-field query scores; see {@link #ranked}. */
  private static final int FIRST_PASS_DEPTH = 200;

  /** Up to this many articles the six-field query alone is cheaper than two passes. */
  private static final int FIRST_PASS_MIN_DOCS = 4_000;

  /** A fresh load of up to this many articles is merged into one segment; see {@link #apply}. */
  private static final int MERGE_MAX_DOCS = 5_000;

  private static final double FAMILY_BOOST_SHARE = 0.4;
  private static final double FEEDBACK_PRIOR = 0.1;
  private static final double COVERAGE_POWER =
      Double.parseDouble(System.getProperty("kb.covpow", "0.5"));

  private final KbSettings settings;
  private final ItAnalysis analysis;
  private final ArticleParser parser;
  private final Snippets snippets;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final DirectSpellChecker oneEdit;
  private final DirectSpellChecker twoEdits;
  private final Path root;
  private final ScheduledExecutorService poller;
  private final List<GapListener> gapListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<IngestReport>> reloadListeners = new CopyOnWriteArrayList<>();

  // Guarded by this: what each source became, which source owns each id, file stamps.
  private final Map<String, Entry> entries = new TreeMap<>();
  private final Map<String, String> owners = new HashMap<>();
  private final Map<String, Stamp> stamps = new HashMap<>();
  private volatile IngestReport report = new IngestReport(0, List.of());
  private final PerSnapshot<Corrections> corrections = new PerSnapshot<>(Corrections::new);
  private final PerSnapshot<HitFields> hitFields = new PerSnapshot<>(HitFields::new);
  private final PerSnapshot<TermLookups> termLookups =
      new PerSnapshot<>(reader -> new TermLookups());

  private record Entry(String id, String reason, String duplicateOf) {
    boolean indexed() {
      return reason == null;
    }
  }

  private record Stamp(long modified, long size) {}

  private record Loaded(String text, String problem) {}

  private LuceneKnowledgeBase(KbSettings settings, Path root) throws IOException {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.analysis = ItAnalysis.create(settings.synonymsFile());
    this.parser = new ArticleParser(settings.urlPrefix());
    this.snippets = new Snippets(analysis.index(), settings.snippetChars());
    // Each file as one byte array: reading the terms dictionary and postings then costs no
    // per-lookup buffer slicing, which dominated small queries with the many-buffers default.
    this.directory =
        new ByteBuffersDirectory(
            new SingleInstanceLockFactory(),
            ByteBuffersDataOutput::new,
            ByteBuffersDirectory.OUTPUT_AS_BYTE_ARRAY);
    IndexWriterConfig config = new IndexWriterConfig(analysis.indexing());
    config.setRAMBufferSizeMB(256);
    // Compound files only copy every segment once more inside memory.
    config.setUseCompoundFile(false);
    config.getMergePolicy().setNoCFSRatio(0);
    config.setCommitOnClose(false);
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, null);
    this.oneEdit = speller(1);
    this.twoEdits = speller(2);
    this.root = root;
    this.poller =
        root == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(r -> {
              Thread t = new Thread(r, "kb-watch");
              t.setDaemon(true);
              return t;
            });
  }

  private static DirectSpellChecker speller(int maxEdits) {
    DirectSpellChecker speller = new DirectSpellChecker();
    speller.setMaxEdits(maxEdits);
    speller.setAccuracy(0.75f);
    speller.setMinQueryLength(4);
    return speller;
  }

  /**
   * Indexes every {@code *.md} file under a folder and keeps watching it: a changed, added or
   * deleted article is searchable within about {@link KbSettings#pollInterval()}.
   *
   * @throws NoSuchFileException if the folder does not exist
   */
  public static LuceneKnowledgeBase open(Path dir, KbSettings settings) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "not a folder");
    }
    LuceneKnowledgeBase kb = new LuceneKnowledgeBase(settings, dir);
    try {
      kb.rescan();
    } catch (IOException | RuntimeException e) {
      kb.close();
      throw e;
    }
    long every = settings.pollInterval().toMillis();
    kb.poller.scheduleWithFixedDelay(kb::rescanQuietly, every, every, TimeUnit.MILLISECONDS);
    return kb;
  }

  /** Indexes fixed sources, for example Markdown resources read from a jar. Not watched. */
  public static LuceneKnowledgeBase of(List<ArticleSource> sources, KbSettings settings) {
    try {
      LuceneKnowledgeBase kb = new LuceneKnowledgeBase(settings, null);
      Map<String, Loaded> changes = new TreeMap<>();
      for (ArticleSource s : sources) {
        changes.put(s.name(), new Loaded(s.text(), null));
      }
      kb.apply(changes, Set.of(), true);
      return kb;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the latest (re)load indexed and skipped. */
  public IngestReport report() {
    return report;
  }

  /** Adds a listener told about every query that gets no good answer. */
  public void addGapListener(GapListener listener) {
    gapListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public int size() {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return searcher.getIndexReader().numDocs();
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  @Override
  public Optional<Article> find(String articleId) {
    if (articleId == null || articleId.isEmpty()) {
      return Optional.empty();
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        TopDocs top = searcher.search(new TermQuery(new Term(Fields.ID, articleId)), 1);
        if (top.scoreDocs.length == 0) {
          return Optional.empty();
        }
        Document d = searcher.storedFields().document(top.scoreDocs[0].doc);
        return Optional.of(
            new Article(
                d.get(Fields.ID),
                d.get(Fields.TITLE),
                d.get(Fields.CATEGORY),
                List.of(d.getValues(Fields.TAGS)),
                List.of(d.getValues(Fields.ALIASES)),
                d.get(Fields.MARKDOWN),
                d.get(Fields.URL)));
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Article lookup failed for {}", articleId, e);
      return Optional.empty();
    }
  }

  @Override
  public void feedback(String query, String articleId, boolean helpful) {
    try {
      settings.feedback().record(articleId, helpful);
    } catch (RuntimeException e) {
      log.warn("Could not record feedback on {}", articleId, e);
    }
  }

  @Override
  public SearchResult search(Query query) {
    return search(query, true);
  }

  /**
   * The search on the plain path: every term looked up in the terms dictionary again, every weight
   * built again, Lucene's own search entry point. Tests compare {@link #search(Query)} with it.
   */
  SearchResult searchPlain(Query query) {
    return search(query, false);
  }

  private SearchResult search(Query query, boolean reuseLookups) {
    SearchResult result;
    QueryPlan plan = QueryPlan.analyse(analysis.query(), query == null ? null : query.text());
    try {
      result = search(plan, query, reuseLookups);
    } catch (IOException | RuntimeException e) {
      log.warn("Search failed; answering that nothing fits", e);
      result = new SearchResult(List.of(), true);
    }
    if (result.noGoodAnswer()) {
      notifyGap(query, result.hits());
    }
    return result;
  }

  private SearchResult search(QueryPlan plan, Query query, boolean reuseLookups)
      throws IOException {
    if (plan.isEmpty()) {
      return new SearchResult(List.of(), true);
    }
    IndexSearcher searcher = searchers.acquire();
    try {
      IndexReader reader = searcher.getIndexReader();
      if (reader.numDocs() == 0) {
        return new SearchResult(List.of(), true);
      }
      Lookups lookups = new Lookups(searcher, reuseLookups ? termLookups.of(reader) : null);
      DocFreqs dfs = lookups.docFreqs();
      QueryPlan effective = plan.corrected(dfs::known, corrections.of(reader)::closest);
      List<Scored> scored = rank(lookups, effective, dfs, query);
      if (scored.isEmpty()) {
        return new SearchResult(List.of(), true);
      }
      Set<String> terms = effective.terms();
      HitFields fields = hitFields.of(reader);
      List<Hit> hits = new ArrayList<>();
      for (Scored s : scored.subList(0, Math.min(query.k(), scored.size()))) {
        HitFields.Stored d = fields.of(s.doc());
        hits.add(
            new Hit(
                d.id(),
                d.title(),
                d.category(),
                s.score(),
                reuseLookups
                    ? snippets.snippet(d.resolution(), d.text(), terms)
                    : snippets.snippetPlain(d.resolution(), d.text(), terms),
                d.url()));
      }
      Signals signals = signals(lookups, effective, dfs, scored);
      lastSignals = signals;
      boolean noGoodAnswer = !signals.good(settings);
      return new SearchResult(hits, noGoodAnswer);
    } finally {
      searchers.release(searcher);
    }
  }

  /** The verdict's signals of the latest search, for the tuning report; not for decisions. */
  volatile Signals lastSignals;

  /**
   * What the verdict looks at, about the best candidate.
   *
   * @param share rarity-weighted share of the query found anywhere in the article
   * @param information rarity of the matched concepts, in units of a word found in one article
   * @param focus rarity-weighted share of the query found where an article names its problem:
   *     title, aliases, tags and symptoms
   * @param margin the best candidate's score over the second's (>= 1; 2 when there is no second)
   * @param concepts how many concepts the query has
   */
  record Signals(double share, double information, double focus, double margin, int concepts) {
    /**
     * Enough of the question is in the article, or enough specific information, or the article
     * names a good part of the question where it describes its problem and clearly beats the
     * runner-up. All are relative measures, so they carry over to other knowledge bases.
     */
    boolean good(KbSettings settings) {
      return share >= settings.minCoverage()
          || information >= settings.minInformation()
          || (focus >= KbSettings.MIN_FOCUS && margin >= KbSettings.MIN_MARGIN);
    }
  }

  private static final List<String> FOCUS_FIELDS =
      List.of(Fields.TITLE, Fields.ALIASES, Fields.TAGS, Fields.SYMPTOMS);

  private static Signals signals(Lookups lookups, QueryPlan plan, DocFreqs dfs, List<Scored> scored)
      throws IOException {
    IndexSearcher searcher = lookups.searcher();
    Scored best = scored.get(0);
    double margin = scored.size() < 2 ? 2 : best.score() / Math.max(1e-9, scored.get(1).score());
    IndexReader reader = searcher.getIndexReader();
    long n = Math.max(1, reader.getDocCount(Fields.ALL));
    int[] bestDoc = {best.doc()};
    double sum = 0;
    double focused = 0;
    for (int i = 0; i < plan.groups().size(); i++) {
      QueryPlan.Group g = plan.groups().get(i);
      String rarityTerm = g.corrected() ? g.alternatives().get(0).term() : g.primary();
      int df = dfs.of(rarityTerm);
      double idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      sum += idf;
      if (containsAny(lookups, FOCUS_FIELDS, plan.knownTerms(i, dfs::known), bestDoc)[0]) {
        focused += idf;
      }
    }
    return new Signals(
        best.match().share(),
        best.match().information(),
        sum <= 0 ? 0 : focused / sum,
        margin,
        plan.groups().size());
  }

  /** The candidates of one query plan, best first, with their matches. */
  private List<Scored> rank(Lookups lookups, QueryPlan plan, DocFreqs dfs, Query query)
      throws IOException {
    IndexSearcher searcher = lookups.searcher();
    IndexReader reader = searcher.getIndexReader();
    ScoreDoc[] top = ranked(lookups, plan, dfs, Math.max(RERANK_DEPTH, query.k()));
    if (top.length == 0) {
      return List.of();
    }
    int[] docs = new int[top.length];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = top[i].doc;
    }
    Arrays.sort(docs);
    Match[] matches = Coverage.of(lookups, plan, dfs).of(docs);
    double[] proximity = proximity(lookups, lookups.proximity(plan, dfs), docs);
    String[][] keys =
        lookups.terms() == null ? keys(reader, docs) : lookups.terms().keys(reader, docs);
    List<Scored> scored = new ArrayList<>(docs.length);
    for (ScoreDoc sd : top) {
      int at = Arrays.binarySearch(docs, sd.doc);
      Match match = matches[at];
      double score =
          (sd.score + proximity[at])
              * Math.sqrt(match.share())
              * categoryFactor(keys[at][1], query.categoryHint())
              * prior(keys[at][0]);
      scored.add(new Scored(sd.doc, score, match));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    return scored;
  }

  /**
   * The best {@code n} documents by the weighted-field ranking query, best first. Lucene ranks the
   * candidates of a cheap first pass over the catch-all field, and only those are scored by the
   * six-field query: on a large index the first pass skips most postings of common words, which the
   * six-field disjunction would walk in every field. Whenever the first pass matches no more than
   * {@link #FIRST_PASS_DEPTH} documents, which covers any index of a few hundred articles, the
   * result is exactly the single query's.
   */
  private static ScoreDoc[] ranked(Lookups lookups, QueryPlan plan, DocFreqs dfs, int n)
      throws IOException {
    IndexSearcher searcher = lookups.searcher();
    if (searcher.getIndexReader().maxDoc() <= FIRST_PASS_MIN_DOCS) {
      if (lookups.small()) {
        ScoreDoc[] top = lookups.topOfSums(plan.knownConcepts(dfs::known), n);
        if (top != null) {
          return top;
        }
      }
      // Hits are not counted beyond the n kept, so Lucene may skip documents that cannot enter
      // the top n; the top n are the same.
      return lookups.top(plan.toLucene(dfs::known, lookups::termQuery, lookups::kept), n).scoreDocs;
    }
    int depth = Math.max(FIRST_PASS_DEPTH, n);
    TopDocs first = lookups.top(plan.firstPass(dfs::known, lookups::termQuery), depth);
    ScoreDoc[] candidates = first.scoreDocs;
    if (candidates.length == 0) {
      return candidates;
    }
    int[] docs = new int[candidates.length];
    for (int i = 0; i < docs.length; i++) {
      docs[i] = candidates[i].doc;
    }
    Arrays.sort(docs);
    Weight weight =
        searcher.createWeight(
            searcher.rewrite(plan.toLucene(dfs::known, lookups::termQuery)),
            ScoreMode.COMPLETE,
            1f);
    List<ScoreDoc> scored = new ArrayList<>(docs.length);
    scoreEach(
        weight,
        searcher.getIndexReader().leaves(),
        docs,
        (i, score) -> scored.add(new ScoreDoc(docs[i], score)));
    // Best first, ties by document order, as Lucene's own top-n collector returns them.
    scored.sort(
        Comparator.comparingDouble((ScoreDoc sd) -> sd.score)
            .reversed()
            .thenComparingInt(sd -> sd.doc));
    return scored.subList(0, Math.min(n, scored.size())).toArray(ScoreDoc[]::new);
  }

  /** The summed scores of the proximity queries on each candidate (docs sorted ascending). */
  private static double[] proximity(
      Lookups lookups, List<org.apache.lucene.search.Query> queries, int[] sorted)
      throws IOException {
    IndexSearcher searcher = lookups.searcher();
    double[] out = new double[sorted.length];
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    for (org.apache.lucene.search.Query q : queries) {
      if (lookups.small()) {
        // The same additions in the same order as scoring each candidate below.
        TermLookups.DocScores table = lookups.scoresOf(q);
        for (int i = 0; i < sorted.length; i++) {
          int at = Arrays.binarySearch(table.docs(), sorted[i]);
          if (at >= 0) {
            out[i] += table.scores()[at];
          }
        }
        continue;
      }
      scoreEach(
          lookups.weight(q, ScoreMode.COMPLETE, 1f), leaves, sorted, (i, score) -> out[i] += score);
    }
    return out;
  }

  /** Receives the score of the {@code i}-th of the documents handed to {@link #scoreEach}. */
  @FunctionalInterface
  private interface ScoreSink {
    void accept(int i, float score);
  }

  /**
   * Scores each of the documents ({@code sorted} ascending, top-level numbers) that the weight
   * matches, walking each segment's scorer forward once; documents it does not match are skipped.
   */
  private static void scoreEach(
      Weight weight, List<LeafReaderContext> leaves, int[] sorted, ScoreSink sink)
      throws IOException {
    int leafIndex = -1;
    Scorer scorer = null;
    DocIdSetIterator it = null;
    for (int i = 0; i < sorted.length; i++) {
      int li = ReaderUtil.subIndex(sorted[i], leaves);
      if (li != leafIndex) {
        leafIndex = li;
        scorer = weight.scorer(leaves.get(li));
        it = scorer == null ? null : scorer.iterator();
      }
      if (it == null) {
        continue;
      }
      int target = sorted[i] - leaves.get(li).docBase;
      int at = it.docID() < target ? it.advance(target) : it.docID();
      if (at == target) {
        sink.accept(i, scorer.score());
      }
    }
  }

  private record Scored(int doc, double score, Match match) {}

  /**
   * The plain BM25 ranking query, run alone over the whole index: analysis and the weighted-field
   * Lucene query for the top 30, without spelling correction, coverage, re-ranking or snippets.
   * {@link #search} runs it alone on small indexes and on a first pass's candidates on large ones.
   * The benchmark's yardstick.
   */
  int rawSearch(String text) throws IOException {
    QueryPlan plan = QueryPlan.analyse(analysis.query(), text);
    IndexSearcher searcher = searchers.acquire();
    try {
      DocFreqs dfs = new Lookups(searcher, null).docFreqs();
      return searcher.search(plan.toLucene(dfs::known), RERANK_DEPTH).scoreDocs.length;
    } finally {
      searchers.release(searcher);
    }
  }

  private static final Set<String> HIT_FIELDS =
      Set.of(Fields.ID, Fields.TITLE, Fields.CATEGORY, Fields.URL, Fields.RESOLUTION, Fields.TEXT);

  /**
   * Spelling suggestions for one snapshot of the index. A suggestion costs a walk of the terms
   * dictionary, and help-desk typos repeat ("pasword", "outlok"), so each unknown word is looked up
   * once per snapshot; a reload starts afresh.
   */
  private final class Corrections {
    private static final int MAX_WORDS = 20_000;
    private final IndexReader reader;
    private final Map<String, String> closest = new ConcurrentHashMap<>();

    private volatile SpellingFilter filter;

    Corrections(IndexReader reader) {
      this.reader = reader;
    }

    /** Built at the first unknown word of this snapshot; two threads may both build it. */
    private SpellingFilter filter() throws IOException {
      SpellingFilter f = filter;
      if (f == null) {
        f = SpellingFilter.of(reader, Fields.ALL);
        filter = f;
      }
      return f;
    }

    String closest(String word) {
      String found = closest.get(word);
      if (found == null) {
        found = suggest(word);
        if (closest.size() >= MAX_WORDS) {
          closest.clear();
        }
        closest.put(word, found);
      }
      return found.isEmpty() ? null : found;
    }

    private String suggest(String word) {
      // Two typos in a short word make another word; only long words get two edits.
      boolean longWord = word.length() >= 8;
      DirectSpellChecker speller = longWord ? twoEdits : oneEdit;
      try {
        if (!filter().mayHaveSuggestion(word, longWord ? 2 : 1)) {
          return "";
        }
        SuggestWord[] suggestions =
            speller.suggestSimilar(
                new Term(Fields.ALL, word), 1, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX);
        return suggestions.length == 0 ? "" : suggestions[0].string;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * One value per snapshot of the index, built at its first use and replaced when a reload brings a
   * new reader. Two threads may both build it; either result is right.
   */
  private static final class PerSnapshot<T> {
    private record Built<T>(IndexReader reader, T value) {}

    private final Function<IndexReader, T> build;
    private volatile Built<T> current;

    PerSnapshot(Function<IndexReader, T> build) {
      this.build = build;
    }

    T of(IndexReader reader) {
      Built<T> built = current;
      if (built == null || built.reader() != reader) {
        built = new Built<>(reader, build.apply(reader));
        current = built;
      }
      return built.value();
    }
  }

  /**
   * What a hit shows, per document of one snapshot of the index. The same articles come back search
   * after search, and reading them from the stored fields decompresses a block each time.
   */
  private static final class HitFields {
    private static final int MAX_DOCUMENTS = 10_000;

    private final IndexReader reader;
    private final Map<Integer, Stored> documents = new ConcurrentHashMap<>();

    record Stored(
        String id, String title, String category, String url, String resolution, String text) {}

    /**
     * On indexes of at most {@link #MAX_DOCUMENTS} documents, one slot per document: no boxing or
     * hashing of the document number. A record's fields are final, so a slot read without a lock
     * holds a whole value or null.
     */
    private final Stored[] slots;

    HitFields(IndexReader reader) {
      this.reader = reader;
      this.slots = reader.maxDoc() <= MAX_DOCUMENTS ? new Stored[reader.maxDoc()] : null;
    }

    Stored of(int doc) throws IOException {
      if (slots != null) {
        Stored known = slots[doc];
        if (known == null) {
          known = read(doc);
          slots[doc] = known;
        }
        return known;
      }
      Stored known = documents.get(doc);
      if (known != null) {
        return known;
      }
      Stored read = read(doc);
      if (documents.size() >= MAX_DOCUMENTS) {
        documents.clear();
      }
      documents.put(doc, read);
      return read;
    }

    private Stored read(int doc) throws IOException {
      Document d = reader.storedFields().document(doc, HIT_FIELDS);
      Stored read =
          new Stored(
              d.get(Fields.ID),
              d.get(Fields.TITLE),
              d.get(Fields.CATEGORY),
              d.get(Fields.URL),
              d.get(Fields.RESOLUTION),
              d.get(Fields.TEXT));
      return read;
    }
  }

  /**
   * What queries on one snapshot of the index share: term states (where a term's postings start in
   * each segment, and its statistics), weights, and on small indexes each concept's and phrase's
   * score table. On a small index most of a query's cost is fixed: every word is looked up in the
   * terms dictionary of six fields, its similarity set up and its postings opened, again for every
   * query, although help-desk questions use the same few hundred words over and over. A term query
   * given its states, a kept weight and a kept table all score exactly the same. Each is bounded; a
   * reload starts afresh.
   */
  private static final class TermLookups {
    private static final int MAX_TERMS_PER_FIELD = 50_000;

    /** Weights hold a norm table per term (1 kB), so far fewer of them are kept. */
    private static final int MAX_WEIGHTS = 4_096;

    private record Known(Term term, TermStates states) {}

    private record WeightKey(org.apache.lucene.search.Query query, ScoreMode mode, float boost) {}

    private final Map<String, Map<String, Known>> byField = new ConcurrentHashMap<>();
    private final Map<WeightKey, Weight> weights = new ConcurrentHashMap<>();

    /** Scores kept in all tables of this snapshot together, about 8 bytes each. */
    private static final long MAX_TABLE_ENTRIES = 2_000_000;

    /**
     * A query's score on every live document it matches, documents ascending: on a small index the
     * whole table costs little more than scoring a query's candidates once.
     */
    record DocScores(int[] docs, float[] scores) {}

    private final Map<org.apache.lucene.search.Query, DocScores> tables = new ConcurrentHashMap<>();
    private final AtomicLong tableEntries = new AtomicLong();

    private final Map<Set<QueryPlan.Alternative>, DocScores> conceptTables =
        new ConcurrentHashMap<>();

    /**
     * The score table of a concept's ranking clause, found by the concept's known words (cheaper to
     * hash than the clause, and equal exactly when the clauses are).
     */
    DocScores conceptScores(Lookups lookups, Set<QueryPlan.Alternative> concept)
        throws IOException {
      DocScores table = conceptTables.get(concept);
      if (table == null) {
        table = table(lookups.searcher(), QueryPlan.concept(concept, lookups::termQuery));
        if (tableEntries.addAndGet(table.docs().length + 1) > MAX_TABLE_ENTRIES) {
          tables.clear();
          conceptTables.clear();
          tableEntries.set(table.docs().length + 1);
        }
        conceptTables.put(Set.copyOf(concept), table);
      }
      return table;
    }

    /** The score table of a query on this snapshot, built at its first use. */
    DocScores scores(IndexSearcher searcher, org.apache.lucene.search.Query query)
        throws IOException {
      DocScores table = tables.get(query);
      if (table != null) {
        return table;
      }
      table = table(searcher, query);
      int count = table.docs().length;
      if (tableEntries.addAndGet(count + 1) > MAX_TABLE_ENTRIES) {
        tables.clear();
        conceptTables.clear();
        tableEntries.set(count + 1);
      }
      tables.put(query, table);
      return table;
    }

    private DocScores table(IndexSearcher searcher, org.apache.lucene.search.Query query)
        throws IOException {
      Weight weight = weight(searcher, query, ScoreMode.COMPLETE, 1f);
      int[] docs = new int[16];
      float[] scores = new float[16];
      int count = 0;
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        DocIdSetIterator it = scorer.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          if (count == docs.length) {
            docs = Arrays.copyOf(docs, count * 2);
            scores = Arrays.copyOf(scores, count * 2);
          }
          docs[count] = leaf.docBase + doc;
          scores[count] = scorer.score();
          count++;
        }
      }
      return new DocScores(Arrays.copyOf(docs, count), Arrays.copyOf(scores, count));
    }

    /**
     * The weight of a query on this snapshot, kept: a weight only creates scorers and Lucene shares
     * one between threads, so a query that recurs (a concept's six-field query, a phrase of two
     * common words) skips its term statistics and similarity setup.
     */
    Weight weight(
        IndexSearcher searcher, org.apache.lucene.search.Query query, ScoreMode mode, float boost)
        throws IOException {
      WeightKey key = new WeightKey(query, mode, boost);
      Weight weight = weights.get(key);
      if (weight == null) {
        weight = searcher.createWeight(searcher.rewrite(query), mode, boost);
        if (weights.size() >= MAX_WEIGHTS) {
          weights.clear();
        }
        weights.put(key, weight);
      }
      return weight;
    }

    /** Indexes up to this size keep every document's id and category once read. */
    private static final int MAX_KEYED_DOCS = 10_000;

    /** Final fields only, so a reference read without a lock sees a whole key. */
    private record DocKey(String id, String category) {}

    /** Allocated at first use; two threads may both allocate it, and either serves. */
    private volatile DocKey[] docKeys;

    /**
     * As {@link LuceneKnowledgeBase#keys}, each document read from the doc values once per snapshot
     * on small indexes: the candidates of one query are mostly those of the last.
     */
    String[][] keys(IndexReader reader, int[] sorted) throws IOException {
      int maxDoc = reader.maxDoc();
      if (maxDoc > MAX_KEYED_DOCS) {
        return LuceneKnowledgeBase.keys(reader, sorted);
      }
      DocKey[] known = docKeys;
      if (known == null) {
        known = new DocKey[maxDoc];
        docKeys = known;
      }
      int[] missing = new int[sorted.length];
      int count = 0;
      for (int doc : sorted) {
        if (known[doc] == null) {
          missing[count++] = doc;
        }
      }
      if (count > 0) {
        int[] read = Arrays.copyOf(missing, count);
        String[][] values = LuceneKnowledgeBase.keys(reader, read);
        for (int i = 0; i < count; i++) {
          known[read[i]] = new DocKey(values[i][0], values[i][1]);
        }
      }
      String[][] out = new String[sorted.length][];
      for (int i = 0; i < sorted.length; i++) {
        DocKey key = known[sorted[i]];
        out[i] = new String[] {key.id(), key.category()};
      }
      return out;
    }

    /** Bits kept in all document sets of this snapshot together (8 MB). */
    private static final long MAX_DOC_SET_BITS = 64L * 1024 * 1024;

    private final TermDocSets docSets = new TermDocSets(MAX_DOC_SET_BITS);

    /**
     * The documents (live or not, as the postings list them) that hold a term in a field; null when
     * none does. Read from the postings at first use, then kept.
     */
    FixedBitSet docs(Lookups lookups, String field, String term) throws IOException {
      return docSets.docs(field, term, (f, t) -> buildDocs(lookups, f, t));
    }

    private static FixedBitSet buildDocs(Lookups lookups, String field, String term)
        throws IOException {
      IndexReader reader = lookups.searcher().getIndexReader();
      FixedBitSet docs = null;
      for (LeafReaderContext leaf : reader.leaves()) {
        Terms indexed = leaf.reader().terms(field);
        if (indexed == null) {
          continue;
        }
        TermsEnum te = indexed.iterator();
        if (!lookups.seekExact(te, leaf, field, term)) {
          continue;
        }
        PostingsEnum postings = te.postings(null, PostingsEnum.NONE);
        for (int doc = postings.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = postings.nextDoc()) {
          if (docs == null) {
            docs = new FixedBitSet(Math.max(1, reader.maxDoc()));
          }
          docs.set(leaf.docBase + doc);
        }
      }
      return docs;
    }

    /** Built with statistics, then only read, so one instance serves every thread. */
    Known of(IndexSearcher searcher, String field, String term) throws IOException {
      Map<String, Known> terms = byField.computeIfAbsent(field, f -> new ConcurrentHashMap<>());
      Known known = terms.get(term);
      if (known == null) {
        Term t = new Term(field, term);
        known = new Known(t, TermStates.build(searcher, t, true));
        if (terms.size() >= MAX_TERMS_PER_FIELD) {
          terms.clear();
        }
        terms.put(term, known);
      }
      return known;
    }
  }

  /**
   * The index lookups of one query on one snapshot: through the snapshot's {@link TermLookups} when
   * there are some, or straight from the index (the plain path).
   */
  private record Lookups(IndexSearcher searcher, TermLookups terms) {

    DocFreqs docFreqs() {
      return new DocFreqs(this);
    }

    int docFreq(String term) throws IOException {
      if (terms == null) {
        return searcher.getIndexReader().docFreq(new Term(Fields.ALL, term));
      }
      return terms.of(searcher, Fields.ALL, term).states().docFreq();
    }

    boolean inField(String field, String term) {
      try {
        return terms == null || terms.of(searcher, field, term).states().docFreq() > 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    org.apache.lucene.search.Query termQuery(Term term) {
      if (terms == null) {
        return new TermQuery(term);
      }
      try {
        TermLookups.Known known = terms.of(searcher, term.field(), term.text());
        return new TermQuery(known.term(), known.states());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** True when there are lookups to keep and the index is small enough for score tables. */
    boolean small() {
      return terms != null && searcher.getIndexReader().maxDoc() <= FIRST_PASS_MIN_DOCS;
    }

    TermLookups.DocScores scoresOf(org.apache.lucene.search.Query query) throws IOException {
      return terms.scores(searcher, query);
    }

    /**
     * The best {@code n} documents of the ranking query from the concepts' score tables: a
     * document's score is the sum of its concepts' scores, added in double precision and rounded to
     * float as Lucene's disjunction scorers do, and ties go to the lower document number as in
     * Lucene's top-n collector. Null when two concepts are equal: Lucene merges equal clauses into
     * one with a boost, which scores differently.
     */
    ScoreDoc[] topOfSums(List<Set<QueryPlan.Alternative>> concepts, int n) throws IOException {
      if (concepts.isEmpty()) {
        return new ScoreDoc[0];
      }
      if (new HashSet<>(concepts).size() != concepts.size()) {
        return null;
      }
      int maxDoc = searcher.getIndexReader().maxDoc();
      double[] sums = new double[maxDoc];
      boolean[] seen = new boolean[maxDoc];
      int[] matched = new int[maxDoc];
      int count = 0;
      for (Set<QueryPlan.Alternative> concept : concepts) {
        TermLookups.DocScores table = terms.conceptScores(this, concept);
        int[] docs = table.docs();
        float[] scores = table.scores();
        for (int i = 0; i < docs.length; i++) {
          int doc = docs[i];
          if (!seen[doc]) {
            seen[doc] = true;
            matched[count++] = doc;
          }
          sums[doc] += scores[i];
        }
      }
      ScoreDoc[] all = new ScoreDoc[count];
      for (int i = 0; i < count; i++) {
        all[i] = new ScoreDoc(matched[i], (float) sums[matched[i]]);
      }
      Arrays.sort(
          all,
          Comparator.comparingDouble((ScoreDoc sd) -> sd.score)
              .reversed()
              .thenComparingInt(sd -> sd.doc));
      return all.length <= n ? all : Arrays.copyOf(all, n);
    }

    /** A query's weight, kept for this snapshot when there are lookups to keep. */
    Weight weight(org.apache.lucene.search.Query query, ScoreMode mode, float boost)
        throws IOException {
      return terms == null
          ? searcher.createWeight(searcher.rewrite(query), mode, boost)
          : terms.weight(searcher, query, mode, boost);
    }

    /**
     * A concept's query whose weight is kept for this snapshot, on indexes small enough for the
     * single ranking query; as it is otherwise.
     */
    org.apache.lucene.search.Query kept(org.apache.lucene.search.Query concept) {
      return terms == null || searcher.getIndexReader().maxDoc() > FIRST_PASS_MIN_DOCS
          ? concept
          : new KeptWeightQuery(concept, this);
    }

    List<org.apache.lucene.search.Query> proximity(QueryPlan plan, DocFreqs dfs) {
      return terms == null ? plan.proximity(dfs::known) : plan.proximity(dfs::known, this::inField);
    }

    /** Positions a terms enumeration of one segment on a term; false when the segment lacks it. */
    boolean seekExact(TermsEnum te, LeafReaderContext leaf, String field, String term)
        throws IOException {
      if (terms == null) {
        return te.seekExact(new BytesRef(term));
      }
      TermLookups.Known known = terms.of(searcher, field, term);
      IOSupplier<TermState> state = known.states().get(leaf);
      TermState s = state == null ? null : state.get();
      if (s == null) {
        return false;
      }
      te.seekExact(known.term().bytes(), s);
      return true;
    }

    /**
     * The best {@code n} documents of a query, as Lucene's own search with a top-n collector that
     * stops counting at n finds them; without it the collection runs on this thread directly rather
     * than as a task, and the one collector's result needs no merging.
     */
    TopDocs top(org.apache.lucene.search.Query query, int n) throws IOException {
      TopScoreDocCollectorManager manager = new TopScoreDocCollectorManager(n, null, n);
      if (terms == null) {
        return searcher.search(query, manager);
      }
      TopScoreDocCollector collector = manager.newCollector();
      Weight weight = searcher.createWeight(searcher.rewrite(query), collector.scoreMode(), 1f);
      collector.setWeight(weight);
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        LeafCollector leafCollector;
        try {
          leafCollector = collector.getLeafCollector(leaf);
        } catch (CollectionTerminatedException e) {
          continue;
        }
        ScorerSupplier supplier = weight.scorerSupplier(leaf);
        if (supplier != null) {
          supplier.setTopLevelScoringClause();
          BulkScorer scorer = supplier.bulkScorer();
          try {
            if (scorer != null) {
              scorer.score(
                  leafCollector, leaf.reader().getLiveDocs(), 0, DocIdSetIterator.NO_MORE_DOCS);
            }
          } catch (CollectionTerminatedException e) {
            // the collector has what it needs from this segment
          }
        }
        leafCollector.finish();
      }
      return collector.topDocs();
    }
  }

  /**
   * A query that scores exactly as the query it wraps, with the weight kept per snapshot (see
   * {@link TermLookups#weight}). Equal to the wrapped query, so Lucene's rewriting of the enclosing
   * query (merging equal clauses) is unchanged.
   */
  private static final class KeptWeightQuery extends org.apache.lucene.search.Query {
    private final org.apache.lucene.search.Query in;
    private final Lookups lookups;

    KeptWeightQuery(org.apache.lucene.search.Query in, Lookups lookups) {
      this.in = in;
      this.lookups = lookups;
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
        throws IOException {
      return lookups.weight(in, scoreMode, boost);
    }

    @Override
    public void visit(QueryVisitor visitor) {
      in.visit(visitor);
    }

    @Override
    public String toString(String field) {
      return in.toString(field);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof KeptWeightQuery k && in.equals(k.in);
    }

    @Override
    public int hashCode() {
      return in.hashCode();
    }
  }

  /** Document frequencies in the catch-all field, each looked up once per query. */
  private static final class DocFreqs {
    private final Lookups lookups;
    private final Map<String, Integer> seen = new HashMap<>();

    DocFreqs(Lookups lookups) {
      this.lookups = lookups;
    }

    int of(String term) {
      Integer df = seen.get(term);
      if (df == null) {
        try {
          df = lookups.docFreq(term);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        seen.put(term, df);
      }
      return df;
    }

    boolean known(String term) {
      return of(term) > 0;
    }
  }

  private static final List<String> ALL_FIELD = List.of(Fields.ALL);

  /**
   * Whether each document (sorted ascending) holds one of the terms in one of the fields: what a
   * query of these term queries would match, read from the postings of the candidates' segments
   * without building a query, since only a few documents are asked about.
   */
  private static boolean[] containsAny(
      Lookups lookups, List<String> fields, List<String> terms, int[] sorted) throws IOException {
    IndexReader reader = lookups.searcher().getIndexReader();
    boolean[] out = new boolean[sorted.length];
    if (terms.isEmpty() || sorted.length == 0) {
      return out;
    }
    if (lookups.small()) {
      // The same booleans from each (field, term)'s documents, kept per snapshot: no postings
      // to open per query.
      for (String field : fields) {
        for (String term : terms) {
          FixedBitSet docs = lookups.terms().docs(lookups, field, term);
          if (docs == null) {
            continue;
          }
          for (int i = 0; i < sorted.length; i++) {
            out[i] |= docs.get(sorted[i]);
          }
        }
      }
      return out;
    }
    List<LeafReaderContext> leaves = reader.leaves();
    int from = 0;
    while (from < sorted.length) {
      int li = ReaderUtil.subIndex(sorted[from], leaves);
      LeafReaderContext leaf = leaves.get(li);
      int end = leaf.docBase + leaf.reader().maxDoc();
      int to = from;
      while (to < sorted.length && sorted[to] < end) {
        to++;
      }
      for (String field : fields) {
        Terms indexed = leaf.reader().terms(field);
        if (indexed == null) {
          continue;
        }
        TermsEnum te = indexed.iterator();
        for (String term : terms) {
          if (!lookups.seekExact(te, leaf, field, term)) {
            continue;
          }
          PostingsEnum postings = te.postings(null, PostingsEnum.NONE);
          for (int i = from; i < to; i++) {
            if (out[i]) {
              continue;
            }
            int target = sorted[i] - leaf.docBase;
            int at = postings.docID() < target ? postings.advance(target) : postings.docID();
            if (at == DocIdSetIterator.NO_MORE_DOCS) {
              break;
            }
            out[i] = at == target;
          }
        }
      }
      from = to;
    }
    return out;
  }

  /**
   * The id and category of each document (sorted ascending), from doc values: no stored-field block
   * to decompress, one forward pass per segment.
   */
  private static String[][] keys(IndexReader reader, int[] sortedDocs) throws IOException {
    String[][] out = new String[sortedDocs.length][2];
    List<LeafReaderContext> leaves = reader.leaves();
    int leafIndex = -1;
    SortedDocValues ids = null;
    SortedDocValues categories = null;
    LeafReaderContext leaf = null;
    for (int i = 0; i < sortedDocs.length; i++) {
      int li = ReaderUtil.subIndex(sortedDocs[i], leaves);
      if (li != leafIndex) {
        leafIndex = li;
        leaf = leaves.get(li);
        ids = DocValues.getSorted(leaf.reader(), Fields.ID);
        categories = DocValues.getSorted(leaf.reader(), Fields.CATEGORY);
      }
      int doc = sortedDocs[i] - leaf.docBase;
      if (ids.advanceExact(doc)) {
        out[i][0] = ids.lookupOrd(ids.ordValue()).utf8ToString();
      }
      if (categories.advanceExact(doc)) {
        out[i][1] = categories.lookupOrd(categories.ordValue()).utf8ToString();
      }
    }
    return out;
  }

  /**
   * How much of the query a document contains, each concept weighted by its rarity (BM25's idf) so
   * that matching "the vpn" is mostly about "vpn". Words no article contains weigh the most: a
   * query made of them is about something this knowledge base does not cover. The share is
   * independent of the knowledge base's size and of the query's length, which is what lets one
   * threshold serve other knowledge bases.
   */
  private record Coverage(
      Lookups lookups, List<List<String>> terms, double[] idf, double sum, double idfMax) {

    static Coverage of(Lookups lookups, QueryPlan plan, DocFreqs dfs) throws IOException {
      IndexReader reader = lookups.searcher().getIndexReader();
      long n = Math.max(1, reader.getDocCount(Fields.ALL));
      List<List<String>> terms = new ArrayList<>();
      double[] idf = new double[plan.groups().size()];
      double sum = 0;
      for (int i = 0; i < idf.length; i++) {
        QueryPlan.Group g = plan.groups().get(i);
        String rarityTerm = g.corrected() ? g.alternatives().get(0).term() : g.primary();
        int df = dfs.of(rarityTerm);
        idf[i] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        sum += idf[i];
        terms.add(plan.knownTerms(i, dfs::known));
      }
      return new Coverage(lookups, terms, idf, sum, Math.log(1 + (n + 0.5) / 0.5));
    }

    /** The match of each candidate (docs sorted ascending), one forward pass per concept. */
    Match[] of(int[] sorted) throws IOException {
      double[] matched = new double[sorted.length];
      for (int g = 0; g < idf.length; g++) {
        boolean[] contains = containsAny(lookups, ALL_FIELD, terms.get(g), sorted);
        for (int i = 0; i < sorted.length; i++) {
          if (contains[i]) {
            matched[i] += idf[g];
          }
        }
      }
      Match[] out = new Match[sorted.length];
      for (int i = 0; i < sorted.length; i++) {
        out[i] = sum <= 0 ? new Match(0, 0) : new Match(matched[i] / sum, matched[i] / idfMax);
      }
      return out;
    }
  }

  /**
   * How well one document matches the query.
   *
   * @param share the rarity-weighted share of the query's concepts the document contains (0..1)
   * @param information the rarity of the matched concepts summed, in units of the rarest possible
   *     word (one that appears in a single article of a knowledge base this size): 1.0 is one very
   *     specific word in common, 0.3 a common one
   */
  private record Match(double share, double information) {}

  private double categoryFactor(String category, String hint) {
    if (hint == null || category == null || hint.isBlank()) {
      return 1;
    }
    String h = hint.strip().toLowerCase(Locale.ROOT);
    if (category.equals(h)) {
      return settings.categoryBoost();
    }
    String family = h.contains(".") ? h.substring(0, h.indexOf('.')) : h;
    if (category.startsWith(family + ".") || category.equals(family)) {
      return 1 + (settings.categoryBoost() - 1) * FAMILY_BOOST_SHARE;
    }
    return 1;
  }

  private double prior(String articleId) {
    try {
      FeedbackStats.Counts c = settings.feedback().counts(articleId);
      double votes = c.helpful() + c.notHelpful();
      return 1 + FEEDBACK_PRIOR * (c.helpful() - c.notHelpful()) / (votes + 3);
    } catch (RuntimeException e) {
      return 1;
    }
  }

  private void notifyGap(Query query, List<Hit> candidates) {
    if (gapListeners.isEmpty() || query == null) {
      return;
    }
    String text = query.text() == null ? "" : query.text();
    if (text.length() > QueryPlan.MAX_CHARS) {
      text = text.substring(0, QueryPlan.MAX_CHARS);
    }
    GapListener.QueryUnanswered event =
        new GapListener.QueryUnanswered(text, query.categoryHint(), candidates, Instant.now());
    for (GapListener listener : gapListeners) {
      try {
        listener.on(event);
      } catch (RuntimeException e) {
        log.warn("Gap listener failed", e);
      }
    }
  }

  // ---- loading ---------------------------------------------------------------------------

  private void rescanQuietly() {
    try {
      rescan();
    } catch (IOException | RuntimeException e) {
      log.warn("Knowledge base reload failed; still serving the previous articles", e);
    }
  }

  private synchronized void rescan() throws IOException {
    Map<String, Stamp> now = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root, 16)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String fileName = p.getFileName() == null ? "" : p.getFileName().toString();
        if (fileName.startsWith(".")
            || !fileName.toLowerCase(Locale.ROOT).endsWith(".md")
            || !Files.isRegularFile(p)) {
          continue;
        }
        try {
          now.put(
              root.relativize(p).toString().replace('\\', '/'),
              new Stamp(Files.getLastModifiedTime(p).toMillis(), Files.size(p)));
        } catch (IOException e) {
          // Deleted between listing and reading: the next scan settles it.
        }
      }
    }
    Map<String, Loaded> changed = new TreeMap<>();
    for (Map.Entry<String, Stamp> e : now.entrySet()) {
      if (!e.getValue().equals(stamps.get(e.getKey()))) {
        changed.put(e.getKey(), load(e.getKey(), e.getValue()));
      }
    }
    Set<String> deleted = new HashSet<>(stamps.keySet());
    deleted.removeAll(now.keySet());
    boolean first = stamps.isEmpty() && entries.isEmpty();
    stamps.clear();
    stamps.putAll(now);
    if (!changed.isEmpty() || !deleted.isEmpty() || first) {
      apply(changed, deleted, first);
      if (!first) {
        log.info(
            "Knowledge base reloaded: {} changed, {} deleted, {} articles",
            changed.size(),
            deleted.size(),
            report.indexed());
      }
    }
  }

  private Loaded load(String name, Stamp stamp) {
    if (stamp.size() > MAX_FILE_BYTES) {
      return new Loaded(null, "larger than 2 MB");
    }
    try {
      byte[] bytes = Files.readAllBytes(root.resolve(name));
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return new Loaded(text, null);
    } catch (CharacterCodingException e) {
      return new Loaded(null, "not UTF-8 text");
    } catch (IOException e) {
      return new Loaded(null, "unreadable: " + e.getMessage());
    }
  }

  /** Applies changed and deleted sources to the index and publishes the result in one swap. */
  private synchronized void apply(Map<String, Loaded> changed, Set<String> deleted, boolean fresh)
      throws IOException {
    Set<String> released = new HashSet<>();
    for (String name : deleted) {
      Entry old = entries.remove(name);
      if (old != null && old.indexed()) {
        writer.deleteDocuments(new Term(Fields.PATH, name));
        owners.remove(old.id());
        released.add(old.id());
      }
    }
    Map<String, ArticleParser.Result> parsed = new TreeMap<>();
    changed.entrySet().parallelStream()
        .map(e ->
            Map.entry(
                e.getKey(),
                e.getValue().problem() != null
                    ? new ArticleParser.Result(null, e.getValue().problem())
                    : parser.parse(e.getKey(), e.getValue().text())))
        .toList()
        .forEach(e -> parsed.put(e.getKey(), e.getValue()));

    List<Document> additions = new ArrayList<>();
    for (Map.Entry<String, ArticleParser.Result> e : parsed.entrySet()) {
      String name = e.getKey();
      Entry old = entries.remove(name);
      if (old != null && old.indexed()) {
        owners.remove(old.id());
        released.add(old.id());
        if (e.getValue().article() == null) {
          writer.deleteDocuments(new Term(Fields.PATH, name));
        }
      }
      ParsedArticle article = e.getValue().article();
      if (article == null) {
        entries.put(name, new Entry(null, e.getValue().problem(), null));
        continue;
      }
      String owner = owners.get(article.id());
      if (owner != null) {
        entries.put(
            name,
            new Entry(
                article.id(), "duplicate id " + article.id() + " (also in " + owner + ")", owner));
        if (old != null && old.indexed()) {
          writer.deleteDocuments(new Term(Fields.PATH, name));
        }
        continue;
      }
      owners.put(article.id(), name);
      released.remove(article.id());
      entries.put(name, new Entry(article.id(), null, null));
      Document doc = document(name, article);
      if (fresh) {
        additions.add(doc);
      } else {
        writer.updateDocument(new Term(Fields.PATH, name), doc);
      }
    }
    additions.parallelStream()
        .forEach(doc -> {
          try {
            writer.addDocument(doc);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        });
    promoteDuplicates(released);
    analysis.indexing().forget();
    if (fresh && additions.size() > MERGE_MAX_DOCS) {
      // The refresh would write every indexing buffer out one after another on this thread.
      java.util.stream.IntStream.range(0, Runtime.getRuntime().availableProcessors())
          .parallel()
          .forEach(i -> {
            try {
              while (writer.flushNextBuffer()) {
                // until every buffer is written
              }
            } catch (IOException ex) {
              throw new UncheckedIOException(ex);
            }
          });
    }
    if (fresh && !additions.isEmpty() && additions.size() <= MERGE_MAX_DOCS) {
      // Parallel indexing leaves a segment per thread; every query looks each of its terms up in
      // every segment, so one segment halves that work for the price of a short merge.
      writer.forceMerge(1);
    }
    searchers.maybeRefreshBlocking();
    publishReport();
    for (Consumer<IngestReport> listener : reloadListeners) {
      listener.accept(report);
    }
  }

  /** Tells a listener after every applied change, with the new report; for tests and metrics. */
  void addReloadListener(Consumer<IngestReport> listener) {
    reloadListeners.add(listener);
  }

  /** A file skipped as a duplicate takes over an id its owner gave up. */
  private void promoteDuplicates(Set<String> released) throws IOException {
    if (released.isEmpty() || root == null) {
      return;
    }
    for (Map.Entry<String, Entry> e : new ArrayList<>(entries.entrySet())) {
      Entry entry = e.getValue();
      if (entry.duplicateOf() == null
          || !released.contains(entry.id())
          || owners.containsKey(entry.id())) {
        continue;
      }
      Stamp stamp = stamps.get(e.getKey());
      if (stamp == null) {
        continue;
      }
      Loaded loaded = load(e.getKey(), stamp);
      ArticleParser.Result result =
          loaded.problem() != null
              ? new ArticleParser.Result(null, loaded.problem())
              : parser.parse(e.getKey(), loaded.text());
      if (result.article() == null || !result.article().id().equals(entry.id())) {
        continue;
      }
      owners.put(entry.id(), e.getKey());
      entries.put(e.getKey(), new Entry(entry.id(), null, null));
      writer.updateDocument(
          new Term(Fields.PATH, e.getKey()), document(e.getKey(), result.article()));
    }
  }

  private void publishReport() {
    int indexed = 0;
    List<IngestReport.Skipped> skipped = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getValue().indexed()) {
        indexed++;
      } else {
        String path = root == null ? e.getKey() : root.resolve(e.getKey()).toString();
        skipped.add(new IngestReport.Skipped(path, e.getValue().reason()));
      }
    }
    report = new IngestReport(indexed, skipped);
  }

  private static Document document(String name, ParsedArticle a) {
    Document d = new Document();
    d.add(new StringField(Fields.PATH, name, Store.NO));
    d.add(new StringField(Fields.ID, a.id(), Store.YES));
    d.add(new SortedDocValuesField(Fields.ID, new BytesRef(a.id())));
    d.add(new TextField(Fields.TITLE, a.title(), Store.YES));
    StringBuilder all = new StringBuilder(a.title());
    for (String alias : a.aliases()) {
      d.add(new TextField(Fields.ALIASES, alias, Store.YES));
      all.append('\n').append(alias);
    }
    for (String tag : a.tags()) {
      d.add(new TextField(Fields.TAGS, tag, Store.YES));
      all.append('\n').append(tag);
    }
    if (a.category() != null) {
      d.add(new StringField(Fields.CATEGORY, a.category(), Store.YES));
      d.add(new SortedDocValuesField(Fields.CATEGORY, new BytesRef(a.category())));
    }
    d.add(new TextField(Fields.SYMPTOMS, a.symptoms(), Store.NO));
    d.add(new TextField(Fields.RESOLUTION, a.resolution(), Store.YES));
    all.append('\n').append(a.text());
    d.add(new TextField(Fields.ALL, all.toString(), Store.NO));
    if (a.resolution().isBlank()) {
      // The whole text is only read for the snippet of an article without resolution steps;
      // storing it for every article would double the stored bytes a hit decompresses.
      d.add(new StoredField(Fields.TEXT, a.text()));
    }
    d.add(new StoredField(Fields.MARKDOWN, a.markdown()));
    if (a.url() != null) {
      d.add(new StoredField(Fields.URL, a.url()));
    }
    return d;
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      try {
        searchers.close();
        writer.rollback();
        directory.close();
      } catch (IOException | RuntimeException e) {
        log.debug("Closing the index", e);
      }
    }
  }

  @Override
  public String toString() {
    return "LuceneKnowledgeBase" + Arrays.asList(report.indexed(), root);
  }
}
