package dev.mainstay.bench.cache;

import dev.mainstay.bench.cache.ParaphraseData.Dataset;
import dev.mainstay.bench.cache.ParaphraseData.Kind;
import dev.mainstay.bench.cache.ParaphraseData.Query;
import dev.mainstay.cache.CacheAttributes;
import dev.mainstay.cache.Embedder;
import dev.mainstay.cache.HashingEmbedder;
import dev.mainstay.cache.ResponseCache;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Parameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The semantic-cache paraphrase evaluation on public data: for each dataset, embedder and
 * similarity threshold it builds a real {@link ResponseCache} in front of a fake model that
 * answers with the question it was asked, caches every seed, then asks every query with {@code
 * no-store} (so queries never become entries) and classifies each answer.
 *
 * <ul>
 *   <li><b>hit</b>: the answer came from the cache (exact or semantic);
 *   <li><b>correct hit</b>: a hit whose answer is that of a seed the query is labelled a paraphrase
 *       of (or the query itself, when it is also a seed);
 *   <li><b>precision</b> = correct hits / hits;
 *   <li><b>hit rate</b> = hits / queries (GPTCache's definition; when every query has a correct
 *       answer in the cache, as in GPTCache's own protocol, it is hits / answerable queries);
 *   <li><b>recall</b> = correct hits / answerable queries (queries with a correct answer in the
 *       cache);
 *   <li><b>false-hit rate</b> = hits on unanswerable queries (hard negatives, unseen questions) /
 *       unanswerable queries.
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.mainstay.bench.cache.ParaphraseEval
 * [--out FILE] [--minilm MODEL_JAR_OR_DIR] [--ablation]}. With {@code --minilm}, all-MiniLM-L6-v2 runs through
 * the ONNX backend too (see docs/cache.md for the class path it needs).
 */
public final class ParaphraseEval {
  private ParaphraseEval() {}

  static final double[] THRESHOLDS = {0.50, 0.60, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95};

  /** Counts for one dataset, embedder and threshold. */
  record Row(String dataset, String embedder, double threshold, int queries, int answerable,
      int hits, int correctHits, int unanswerableHits) {
    double precision() {
      return hits == 0 ? Double.NaN : (double) correctHits / hits;
    }

    double hitRate() {
      return queries == 0 ? Double.NaN : (double) hits / queries;
    }

    double recall() {
      return answerable == 0 ? Double.NaN : (double) correctHits / answerable;
    }

    double falseHitRate() {
      int unanswerable = queries - answerable;
      return unanswerable == 0 ? Double.NaN : (double) unanswerableHits / unanswerable;
    }

    String markdown() {
      return String.format(Locale.ROOT, "| %s | %.2f | %d | %d | %s | %s | %s | %s |", embedder, threshold,
          hits, correctHits, pct(precision()), pct(hitRate()), pct(recall()), pct(falseHitRate()));
    }

    private static String pct(double v) {
      return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
  }

  static final String HEADER = "| embedder | threshold | hits | correct | precision | hit rate | recall | false-hit rate |\n"
      + "|---|---|---|---|---|---|---|---|";

  /**
   * Runs one dataset through a fresh cache with the given embedder and threshold.
   *
   * @return the counts
   */
  static Row run(Dataset d, String name, Embedder embedder, double threshold) {
    ModelClient client = seeded(d, embedder, threshold);
    int hits = 0;
    int correct = 0;
    int unanswerableHits = 0;
    for (Query q : d.queries()) {
      ModelResponse r = ask(client, q);
      if (!r.facts().cached()) {
        continue;
      }
      hits++;
      if (answersCorrectly(q, r)) {
        correct++;
      }
      if (q.correct().isEmpty()) {
        unanswerableHits++;
      }
    }
    client.close();
    return new Row(d.name(), name, threshold, d.queries().size(), (int) d.answerable(), hits, correct,
        unanswerableHits);
  }

  /**
   * One pass at the lowest threshold: for every query, the similarity of the nearest cached seed
   * (1 for an exact hit, -1 for none) and whether that seed is a correct answer. A threshold t
   * then hits exactly the queries whose similarity is at least t.
   */
  record Nearest(double similarity, boolean correct, boolean answerable) {}

  static List<Nearest> nearest(Dataset d, Embedder embedder) {
    ModelClient client = seeded(d, embedder, 1e-9);
    List<Nearest> out = new ArrayList<>();
    for (Query q : d.queries()) {
      ModelResponse r = ask(client, q);
      if (!r.facts().cached()) {
        out.add(new Nearest(-1, false, !q.correct().isEmpty()));
        continue;
      }
      String sim = r.attributes().get(CacheAttributes.SIMILARITY);
      out.add(new Nearest(sim == null ? 1.0 : Double.parseDouble(sim), answersCorrectly(q, r),
          !q.correct().isEmpty()));
    }
    client.close();
    return out;
  }

  private static final Parameters DETERMINISTIC = Parameters.builder().temperature(0).build();

  /**
   * A client with a fresh cache in front of a fake model that answers {@code "SEED:" + question},
   * with every seed of the dataset cached.
   */
  private static ModelClient seeded(Dataset d, Embedder embedder, double threshold) {
    ModelClient model = request -> ModelResponse.ofText(
        "SEED:" + request.messages().get(request.messages().size() - 1).text());
    ResponseCache cache = ResponseCache.inMemory().executor(Runnable::run)
        .semantic(embedder, threshold).build();
    ModelClient client = Mainstay.client("paraphrase-eval")
        .endpoint(Endpoint.of(EndpointInfo.builder("answer-is-question").build(), model))
        .timeout(Duration.ofMinutes(1))
        .with(cache)
        .build();
    for (String seed : d.seeds()) {
      // no-cache: a seed never reads the cache (so a seed close to an earlier one is still stored)
      client.call(ModelRequest.chat(seed).parameters(DETERMINISTIC)
          .attribute(CacheAttributes.CACHE, CacheAttributes.NO_CACHE));
    }
    return client;
  }

  /** Asks a query with no-store, so queries never become entries. */
  private static ModelResponse ask(ModelClient client, Query q) {
    return client.call(ModelRequest.chat(q.text()).parameters(DETERMINISTIC)
        .attribute(CacheAttributes.CACHE, CacheAttributes.NO_STORE));
  }

  /** Whether the answer is that of a seed the query is labelled a paraphrase of. */
  private static boolean answersCorrectly(Query q, ModelResponse r) {
    String answer = r.text();
    return q.correct().stream().anyMatch(s -> answer.equals("SEED:" + s));
  }

  /**
   * The operating points on a fine threshold grid (0.30 to 0.99): for each precision target, the
   * threshold with the highest recall whose precision reaches the target.
   */
  static String operatingPoints(String name, List<Nearest> ns) {
    StringBuilder sb = new StringBuilder("| ").append(name);
    long answerable = ns.stream().filter(Nearest::answerable).count();
    long unanswerable = ns.size() - answerable;
    for (double target : new double[] {0.90, 0.95, 0.99}) {
      double bestT = Double.NaN;
      long bestCorrect = -1;
      long bestHits = 0;
      long bestFalse = 0;
      for (int k = 30; k <= 99; k++) {
        double t = k / 100.0;
        long hits = 0;
        long correct = 0;
        long falseHits = 0;
        for (Nearest n : ns) {
          if (n.similarity() >= t) {
            hits++;
            correct += n.correct() ? 1 : 0;
            falseHits += n.answerable() ? 0 : 1;
          }
        }
        if (hits > 0 && (double) correct / hits >= target && correct > bestCorrect) {
          bestT = t;
          bestCorrect = correct;
          bestHits = hits;
          bestFalse = falseHits;
        }
      }
      if (bestCorrect < 0) {
        sb.append(" | – ");
      } else {
        sb.append(String.format(Locale.ROOT, " | t=%.2f: hit rate %.1f%%, recall %.1f%%%s", bestT,
            100.0 * bestHits / ns.size(), 100.0 * bestCorrect / Math.max(1, answerable),
            unanswerable == 0 ? "" : String.format(Locale.ROOT, ", false hits %.1f%%", 100.0 * bestFalse / unanswerable)));
      }
    }
    return sb.append(" |").toString();
  }

  /** Memoises an embedder, so the threshold sweep embeds each text once. */
  static Embedder memoized(Embedder e) {
    Map<String, float[]> memo = new ConcurrentHashMap<>();
    return (text, deadline) -> memo.computeIfAbsent(text, t -> e.embed(t, deadline)).clone();
  }

  /** The embedders to compare on one dataset (IDF fitted on that dataset's seeds only). */
  static Map<String, Embedder> embedders(Dataset d, Map<String, Embedder> extra) {
    Map<String, Embedder> out = new LinkedHashMap<>();
    out.put("hashing", memoized(HashingEmbedder.ofDefaults()));
    out.put("hashing + idf(seeds)", memoized(HashingEmbedder.builder().idf(d.seeds()).build()));
    for (Map.Entry<String, Embedder> e : extra.entrySet()) {
      out.put(e.getKey(), memoized(e.getValue()));
    }
    return out;
  }

  /**
   * Runs every dataset, embedder and threshold and prints Markdown tables.
   *
   * @param args {@code [--out FILE] [--minilm MODEL_JAR_OR_DIR] [--ablation]}
   * @throws Exception if the data cannot be read or the model cannot be opened
   */
  public static void main(String[] args) throws Exception {
    Path out = null;
    Path minilm = null;
    boolean ablation = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--minilm" -> minilm = Path.of(args[++i]);
        case "--ablation" -> ablation = true;
        default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
      }
    }
    Map<String, Embedder> extra = new LinkedHashMap<>();
    if (ablation) {
      extra.put("hashing + word pairs", HashingEmbedder.builder().wordPairs(1).build());
      extra.put("hashing + function words x0.25", HashingEmbedder.builder().functionWordWeight(0.25).build());
      extra.put("hashing + both", HashingEmbedder.builder().wordPairs(1).functionWordWeight(0.25).build());
    }
    if (minilm != null) {
      extra.put("all-MiniLM-L6-v2 (int8 ONNX)", MiniLmEmbedder.open(minilm));
    }
    StringBuilder all = new StringBuilder();
    for (Dataset d : datasets()) {
      StringBuilder md = new StringBuilder();
      md.append(String.format(Locale.ROOT, "### %s: %d seeds cached, %d queries (%d paraphrases, %d hard negatives, %d unseen)%n%n",
          d.name(), d.seeds().size(), d.queries().size(), d.count(Kind.PARAPHRASE), d.count(Kind.HARD_NEGATIVE),
          d.count(Kind.UNSEEN)));
      md.append(HEADER).append('\n');
      Map<String, Embedder> es = embedders(d, extra);
      for (Map.Entry<String, Embedder> e : es.entrySet()) {
        for (double t : THRESHOLDS) {
          md.append(run(d, e.getKey(), e.getValue(), t).markdown()).append('\n');
        }
      }
      md.append("\nBest operating points (threshold grid 0.30-0.99 in steps of 0.01; highest recall whose ")
          .append("precision reaches the target):\n\n")
          .append("| embedder | precision >= 90% | precision >= 95% | precision >= 99% |\n|---|---|---|---|\n");
      for (Map.Entry<String, Embedder> e : es.entrySet()) {
        md.append(operatingPoints(e.getKey(), nearest(d, e.getValue()))).append('\n');
      }
      md.append('\n');
      System.out.print(md);
      System.out.flush();
      all.append(md);
      if (out != null) {
        Files.writeString(out, all, StandardCharsets.UTF_8);
      }
    }
  }

  static List<Dataset> datasets() throws IOException {
    List<Dataset> ds = new ArrayList<>();
    ds.add(ParaphraseData.paws());
    ds.add(ParaphraseData.gptcache(true));
    ds.add(ParaphraseData.gptcache(false));
    return ds;
  }
}
