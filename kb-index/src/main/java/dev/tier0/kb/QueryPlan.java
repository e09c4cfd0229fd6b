package dev.tier0.kb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A query analysed into concepts: each group holds the words that stand for one thing the user said
 * (the word itself, its synonyms, the parts of a hyphenated word). The Lucene query scores a
 * document by its best field and best alternative per concept, plus a boost for neighbouring words
 * found close together.
 */
final class QueryPlan {

  /** Longest query text analysed; the rest of a pasted log adds noise, not meaning. */
  static final int MAX_CHARS = 2_000;

  /** At most this many concepts, which keeps the clause count far below Lucene's limit. */
  static final int MAX_GROUPS = 24;

  static final int MAX_ALTERNATIVES = 8;

  /** Spelling suggestions are the costly part of a query; a few per query is plenty. */
  static final int MAX_CORRECTIONS = 3;

  /** True when some word is a candidate for spelling correction. */
  boolean correctable(Predicate<String> known) {
    for (Group g : groups) {
      if (g.primary().length() >= 4
          && g.primary().chars().allMatch(Character::isLetter)
          && !anyKnown(g, known)) {
        return true;
      }
    }
    return false;
  }

  private static final float SYNONYM_WEIGHT = 0.8f;
  private static final float CORRECTION_WEIGHT = 0.8f;
  private static final float PHRASE_WEIGHT = 0.6f;
  private static final float FIELD_TIE = 0.25f;

  record Alternative(String term, float weight) {}

  /**
   * One concept of the query.
   *
   * @param primary the word as the user wrote it (analysed), used for rarity and phrases
   * @param corrected true when the user's word is unknown and a close indexed word replaced it
   */
  record Group(String primary, List<Alternative> alternatives, boolean corrected) {}

  private final List<Group> groups;

  private QueryPlan(List<Group> groups) {
    this.groups = List.copyOf(groups);
  }

  List<Group> groups() {
    return groups;
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  /** Analyses query text; never throws for any input. */
  static QueryPlan analyse(Analyzer analyzer, String text) {
    if (text == null || text.isBlank()) {
      return new QueryPlan(List.of());
    }
    String input = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    record Token(int start, int end, String term, boolean synonym) {}
    List<Token> tokens = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(Fields.ALL, input)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      TypeAttribute type = ts.addAttribute(TypeAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        if (term.length() == 0 || term.length() > 64) {
          continue;
        }
        tokens.add(
            new Token(
                offset.startOffset(),
                Math.max(offset.startOffset() + 1, offset.endOffset()),
                term.toString(),
                SynonymGraphFilter.TYPE_SYNONYM.equals(type.type())));
        if (tokens.size() > MAX_GROUPS * MAX_ALTERNATIVES * 2) {
          break;
        }
      }
      ts.end();
    } catch (IOException | RuntimeException e) {
      // Analysis of a string cannot fail in practice; if it does, keep what was understood.
    }

    // Tokens over overlapping text are one concept: "wi-fi" gives "wifi", "wi" and "fi", and a
    // synonym of "locked out" covers both words, so none of them counts as a separate thing the
    // user said.
    tokens.sort(Comparator.comparingInt(Token::start));
    Map<Integer, Map<String, Float>> byRoot = new TreeMap<>();
    Map<Integer, String> primaries = new TreeMap<>();
    int root = -1;
    int rootEnd = -1;
    for (Token t : tokens) {
      if (t.start() >= rootEnd) {
        root = t.start();
      }
      rootEnd = Math.max(rootEnd, t.end());
      Map<String, Float> alts = byRoot.computeIfAbsent(root, r -> new LinkedHashMap<>());
      float weight = t.synonym() ? SYNONYM_WEIGHT : 1f;
      alts.merge(t.term(), weight, Math::max);
      if (!t.synonym()) {
        primaries.merge(
            root, t.term(), (a, b) -> a.length() >= b.length() ? a : b); // joined form wins
      }
    }
    List<Group> groups = new ArrayList<>();
    java.util.Set<String> seenPrimaries = new java.util.HashSet<>();
    for (Map.Entry<Integer, Map<String, Float>> e : byRoot.entrySet()) {
      String primary = primaries.get(e.getKey());
      if (primary == null) {
        primary = e.getValue().keySet().iterator().next();
      }
      if (!seenPrimaries.add(primary)) {
        continue; // a repeated word is one concept, not two
      }
      List<Alternative> alts = new ArrayList<>();
      alts.add(new Alternative(primary, 1f));
      for (Map.Entry<String, Float> a : e.getValue().entrySet()) {
        if (!a.getKey().equals(primary) && alts.size() < MAX_ALTERNATIVES) {
          alts.add(new Alternative(a.getKey(), a.getValue()));
        }
      }
      groups.add(new Group(primary, alts, false));
      if (groups.size() == MAX_GROUPS) {
        break;
      }
    }
    return new QueryPlan(groups);
  }

  /**
   * Replaces words no article contains by the closest indexed word, if one is close enough: the
   * typo tolerance. Numbers and codes are never corrected.
   *
   * @param known whether the catch-all field of the index contains a term
   * @param closestIndexed the closest indexed word to an unknown one, or null when none is close
   */
  QueryPlan corrected(Predicate<String> known, Function<String, String> closestIndexed) {
    List<Group> out = new ArrayList<>(groups.size());
    boolean changed = false;
    int attempts = 0;
    for (Group g : groups) {
      if (attempts == MAX_CORRECTIONS
          || g.primary().length() < 4
          || !g.primary().chars().allMatch(Character::isLetter)
          || anyKnown(g, known)) {
        out.add(g);
        continue;
      }
      attempts++;
      String suggestion = closestIndexed.apply(g.primary());
      if (suggestion == null) {
        out.add(g);
        continue;
      }
      List<Alternative> alts = new ArrayList<>();
      alts.add(new Alternative(suggestion, CORRECTION_WEIGHT));
      out.add(new Group(g.primary(), alts, true));
      changed = true;
    }
    return changed ? new QueryPlan(out) : this;
  }

  private static boolean anyKnown(Group g, Predicate<String> known) {
    for (Alternative a : g.alternatives()) {
      if (known.test(a.term())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The ranking query: BM25 over weighted fields per concept (see {@link #proximity} for the boost
   * of neighbouring words). Words no article contains are left out: they would match nothing in any
   * field, yet each would cost a terms-dictionary lookup per field.
   *
   * @param known whether the catch-all field of the index contains a term
   */
  Query toLucene(Predicate<String> known) {
    return toLucene(known, TermQuery::new);
  }

  /**
   * The ranking query with each term query made by {@code termQuery}, for example one that carries
   * term states already looked up in this index.
   */
  Query toLucene(Predicate<String> known, Function<Term, Query> termQuery) {
    return toLucene(known, termQuery, UnaryOperator.identity());
  }

  /**
   * The ranking query with each term query made by {@code termQuery} and each concept's query
   * passed through {@code concept}, for example to one whose weight is kept.
   */
  Query toLucene(
      Predicate<String> known, Function<Term, Query> termQuery, UnaryOperator<Query> concept) {
    List<Query> concepts = concepts(known, termQuery);
    if (concepts.isEmpty()) {
      return new MatchNoDocsQuery("no query word is in the index");
    }
    BooleanQuery.Builder top = new BooleanQuery.Builder();
    for (Query q : concepts) {
      top.add(concept.apply(q), Occur.SHOULD);
    }
    return top.build();
  }

  /**
   * The ranking query's clauses, one per concept with a word in the index: the ranking query scores
   * a document by the sum of their scores.
   */
  List<Query> concepts(Predicate<String> known, Function<Term, Query> termQuery) {
    List<Query> out = new ArrayList<>(groups.size());
    for (Set<Alternative> alternatives : knownConcepts(known)) {
      out.add(concept(alternatives, termQuery));
    }
    return out;
  }

  /**
   * The known words of each concept that has some, as sets: two concepts have equal ranking clauses
   * exactly when these sets are equal, so they can stand for the clauses.
   */
  List<Set<Alternative>> knownConcepts(Predicate<String> known) {
    List<Set<Alternative>> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      List<Alternative> alternatives = known(g, known);
      if (!alternatives.isEmpty()) {
        out.add(new LinkedHashSet<>(alternatives));
      }
    }
    return out;
  }

  /** The ranking query's clause for one concept's known words. */
  static Query concept(Set<Alternative> alternatives, Function<Term, Query> termQuery) {
    List<Query> perField = new ArrayList<>();
    for (Map.Entry<String, Float> field : Fields.WEIGHTS.entrySet()) {
      List<Query> perAlt = new ArrayList<>();
      for (Alternative a : alternatives) {
        Query q = termQuery.apply(new Term(field.getKey(), a.term()));
        perAlt.add(a.weight() == 1f ? q : new BoostQuery(q, a.weight()));
      }
      Query alt = perAlt.size() == 1 ? perAlt.get(0) : new DisjunctionMaxQuery(perAlt, 0f);
      perField.add(new BoostQuery(alt, field.getValue()));
    }
    return new DisjunctionMaxQuery(perField, FIELD_TIE);
  }

  /**
   * The first pass over a large index: each concept's words in the catch-all field only, one term
   * per word instead of one per field. Every document the ranking query matches is matched here too
   * (the catch-all field holds the title, aliases, tags and the whole text), and a single field
   * lets Lucene skip the postings of common words that cannot reach the top.
   *
   * @param known whether the catch-all field of the index contains a term
   */
  Query firstPass(Predicate<String> known) {
    return firstPass(known, TermQuery::new);
  }

  /** The first pass with each term query made by {@code termQuery}. */
  Query firstPass(Predicate<String> known, Function<Term, Query> termQuery) {
    BooleanQuery.Builder top = new BooleanQuery.Builder();
    int clauses = 0;
    for (Group g : groups) {
      List<Alternative> alternatives = known(g, known);
      if (alternatives.isEmpty()) {
        continue;
      }
      List<Query> perAlt = new ArrayList<>(alternatives.size());
      for (Alternative a : alternatives) {
        Query q = termQuery.apply(new Term(Fields.ALL, a.term()));
        perAlt.add(a.weight() == 1f ? q : new BoostQuery(q, a.weight()));
      }
      top.add(
          perAlt.size() == 1 ? perAlt.get(0) : new DisjunctionMaxQuery(perAlt, 0f), Occur.SHOULD);
      clauses++;
    }
    if (clauses == 0) {
      return new MatchNoDocsQuery("no query word is in the index");
    }
    return top.build();
  }

  /**
   * The proximity boosts: neighbouring words found within two positions, in the title, the aliases
   * or anywhere. Their scores add to the ranking query's; they are computed for the re-ranked
   * candidates only, since positional matching over every document that contains two common words
   * costs as much as the rest of the query.
   *
   * @param known whether the catch-all field of the index contains a term
   */
  List<Query> proximity(Predicate<String> known) {
    return proximity(known, (field, term) -> true);
  }

  /**
   * The proximity boosts, leaving out the phrases of a field that lacks one of their two words:
   * such a phrase matches nothing, and building it still costs a terms-dictionary lookup per word.
   *
   * @param inField whether a field of the index contains a term
   */
  List<Query> proximity(Predicate<String> known, BiPredicate<String, String> inField) {
    List<Query> out = new ArrayList<>();
    for (int i = 0; i + 1 < groups.size(); i++) {
      String a = groups.get(i).alternatives().get(0).term();
      String b = groups.get(i + 1).alternatives().get(0).term();
      if (!known.test(a) || !known.test(b)) {
        continue;
      }
      for (String field : PROXIMITY_FIELDS) {
        if (!inField.test(field, a) || !inField.test(field, b)) {
          continue;
        }
        out.add(new BoostQuery(new PhraseQuery(2, field, a, b), PHRASE_WEIGHT));
      }
    }
    return out;
  }

  private static final List<String> PROXIMITY_FIELDS =
      List.of(Fields.TITLE, Fields.ALIASES, Fields.ALL);

  private static List<Alternative> known(Group g, Predicate<String> known) {
    List<Alternative> out = new ArrayList<>(g.alternatives().size());
    for (Alternative a : g.alternatives()) {
      if (known.test(a.term())) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The words of concept {@code i} that the index contains.
   *
   * @param known whether the catch-all field of the index contains a term
   */
  List<String> knownTerms(int i, Predicate<String> known) {
    List<String> out = new ArrayList<>();
    for (Alternative a : known(groups.get(i), known)) {
      out.add(a.term());
    }
    return out;
  }

  /**
   * Matches the documents that contain concept {@code i} anywhere.
   *
   * @param known whether the catch-all field of the index contains a term
   */
  Query groupQuery(int i, Predicate<String> known) {
    return groupQuery(i, known, List.of(Fields.ALL));
  }

  /** Matches the documents that contain concept {@code i} in one of the given fields. */
  Query groupQuery(int i, Predicate<String> known, List<String> fields) {
    List<Alternative> alternatives = known(groups.get(i), known);
    if (alternatives.isEmpty()) {
      return new MatchNoDocsQuery("no word of this concept is in the index");
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String field : fields) {
      for (Alternative a : alternatives) {
        any.add(new TermQuery(new Term(field, a.term())), Occur.SHOULD);
      }
    }
    return any.build();
  }

  /** Every term the query may match, for highlighting. */
  java.util.Set<String> terms() {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Group g : groups) {
      for (Alternative a : g.alternatives()) {
        out.add(a.term());
      }
    }
    return out;
  }
}
