package dev.mainstay.bench.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The public paraphrase data the cache evaluation runs on (see
 * {@code bench/src/main/resources/paraphrase/README.md} for sources, licences and how the subsets
 * were drawn), turned into cache traffic: questions to cache first (seeds) and queries to ask.
 */
final class ParaphraseData {
  private ParaphraseData() {}

  /** What a query is, for the per-kind counts. */
  enum Kind {
    /** A labelled paraphrase of a cached seed: a hit on that seed is correct. */
    PARAPHRASE,
    /** A labelled non-paraphrase of a cached seed with high word overlap: any hit is wrong. */
    HARD_NEGATIVE,
    /** A paraphrase of a question that was not cached: any hit is wrong. */
    UNSEEN
  }

  /**
   * One query.
   *
   * @param text the query text
   * @param correct the cached seeds whose answer is a correct answer to it (empty: every hit is wrong)
   * @param kind what it is
   */
  record Query(String text, Set<String> correct, Kind kind) {}

  /**
   * Traffic for one run: every seed is cached, then every query is asked.
   *
   * @param name a short name for tables
   * @param seeds the distinct texts to cache first
   * @param queries the queries
   */
  record Dataset(String name, List<String> seeds, List<Query> queries) {
    long answerable() {
      return queries.stream().filter(q -> !q.correct().isEmpty()).count();
    }

    long count(Kind kind) {
      return queries.stream().filter(q -> q.kind() == kind).count();
    }
  }

  static final String PAWS = "/paraphrase/paws-wiki-dev-1-208.tsv";
  static final String GPTCACHE = "/paraphrase/gptcache-mock-data-1-99.json";

  /**
   * PAWS-Wiki: cache every distinct sentence 1; ask every distinct sentence 2. A sentence 2 labelled
   * a paraphrase of some sentence 1 has those as correct answers; one labelled only as a
   * non-paraphrase is a hard negative (same words, different meaning). A query whose text is
   * itself a seed also accepts that seed.
   */
  static Dataset paws() throws IOException {
    Map<String, Set<String>> correct = new LinkedHashMap<>();
    Set<String> seeds = new LinkedHashSet<>();
    for (String line : lines(PAWS)) {
      String[] f = line.split("\t", -1);
      if (f.length != 4 || !(f[3].equals("0") || f[3].equals("1"))) {
        throw new IllegalArgumentException("bad PAWS line: " + f[0]);
      }
      seeds.add(f[1]);
      Set<String> c = correct.computeIfAbsent(f[2], k -> new LinkedHashSet<>());
      if (f[3].equals("1")) {
        c.add(f[1]);
      }
    }
    List<Query> queries = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : correct.entrySet()) {
      Set<String> c = new LinkedHashSet<>(e.getValue());
      if (seeds.contains(e.getKey())) {
        c.add(e.getKey());
      }
      queries.add(new Query(e.getKey(), Set.copyOf(c), c.isEmpty() ? Kind.HARD_NEGATIVE : Kind.PARAPHRASE));
    }
    return new Dataset("PAWS-Wiki dev 1-208", List.copyOf(seeds), List.copyOf(queries));
  }

  /**
   * GPTCache's mock data ({@code origin}, {@code similar} pairs). With {@code cacheAll}, every
   * origin is cached and every similar asked (GPTCache's own protocol: all queries answerable).
   * Otherwise only the origins of even-numbered pairs are cached, so the similars of the odd ones
   * are same-domain questions with no answer in the cache.
   */
  static Dataset gptcache(boolean cacheAll) throws IOException {
    JsonNode root;
    try (InputStream in = open(GPTCACHE)) {
      root = new ObjectMapper().readTree(in);
    }
    List<String[]> pairs = new ArrayList<>();
    for (JsonNode n : root) {
      pairs.add(new String[] {n.get("origin").asText(), n.get("similar").asText()});
    }
    Set<String> seeds = new LinkedHashSet<>();
    for (int i = 0; i < pairs.size(); i++) {
      if (cacheAll || i % 2 == 0) {
        seeds.add(pairs.get(i)[0]);
      }
    }
    Map<String, Set<String>> correct = new LinkedHashMap<>();
    for (String[] p : pairs) {
      Set<String> c = correct.computeIfAbsent(p[1], k -> new LinkedHashSet<>());
      if (seeds.contains(p[0])) {
        c.add(p[0]);
      }
    }
    List<Query> queries = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : correct.entrySet()) {
      Set<String> c = e.getValue();
      queries.add(new Query(e.getKey(), Set.copyOf(c), c.isEmpty() ? Kind.UNSEEN : Kind.PARAPHRASE));
    }
    return new Dataset(cacheAll ? "GPTCache mock 1-99, all cached" : "GPTCache mock 1-99, half cached",
        List.copyOf(seeds), List.copyOf(queries));
  }

  private static List<String> lines(String resource) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(open(resource), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line);
        }
      }
    }
    return out;
  }

  private static InputStream open(String resource) {
    return Objects.requireNonNull(ParaphraseData.class.getResourceAsStream(resource), resource);
  }
}
