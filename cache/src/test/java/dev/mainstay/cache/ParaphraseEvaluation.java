package dev.mainstay.cache;

import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.testkit.ManualTimeSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Measures the semantic cache on a paraphrase set: every distinct seed question is cached first,
 * then every probe is asked (with {@code no-store}, so probes never become entries). A hit on a
 * {@code para} probe is correct when it returns its own seed's answer; any hit on a {@code distinct}
 * probe is wrong.
 *
 * <p>Precision = correct hits / hits. Hit rate = hits / probes (all probes, as GPTCache reports
 * it). Recall = correct hits / paraphrase probes.
 */
final class ParaphraseEvaluation {

  record Pair(String seed, String probe, boolean paraphrase) {}

  record Row(String embedder, double threshold, int probes, int paraphrases, int hits,
      int correctHits) {
    double precision() {
      return hits == 0 ? Double.NaN : (double) correctHits / hits;
    }

    double hitRate() {
      return (double) hits / probes;
    }

    double recall() {
      return (double) correctHits / paraphrases;
    }

    String markdown() {
      return String.format(Locale.ROOT, "| %s | %.2f | %d | %d | %s | %.1f%% | %.1f%% |",
          embedder, threshold, hits, correctHits,
          hits == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * precision()),
          100 * hitRate(), 100 * recall());
    }
  }

  static List<Pair> load(String resource) throws IOException {
    List<Pair> out = new ArrayList<>();
    try (InputStream in = Objects.requireNonNull(
            ParaphraseEvaluation.class.getResourceAsStream(resource), resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 3 || !(f[2].equals("para") || f[2].equals("distinct"))) {
          throw new IllegalArgumentException("bad line in " + resource + ": " + line);
        }
        out.add(new Pair(f[0], f[1], f[2].equals("para")));
      }
    }
    return out;
  }

  static Row run(List<Pair> pairs, String name, Embedder embedder, double threshold) {
    Fixtures.CountingModel model = new Fixtures.CountingModel(
        r -> ModelResponse.ofText("SEED:" + r.messages().get(r.messages().size() - 1).text()));
    ResponseCache cache = Fixtures.syncCache().semantic(embedder, threshold).build();
    ModelClient client = Fixtures.client(new ManualTimeSource(), cache, model);
    Set<String> seeds = new LinkedHashSet<>();
    for (Pair p : pairs) {
      seeds.add(p.seed());
    }
    for (String s : seeds) {
      // no-cache: a seed never reads the cache, so a seed close to an earlier one is still stored
      client.call(Fixtures.det(s).attribute(CacheAttributes.CACHE, CacheAttributes.NO_CACHE));
    }
    int hits = 0;
    int correct = 0;
    int paraphrases = 0;
    for (Pair p : pairs) {
      if (p.paraphrase()) {
        paraphrases++;
      }
      ModelResponse r = client.call(Fixtures.det(p.probe())
          .attribute(CacheAttributes.CACHE, CacheAttributes.NO_STORE));
      if (r.facts().cached()) {
        hits++;
        if (p.paraphrase() && r.text().equals("SEED:" + p.seed())) {
          correct++;
        }
      }
    }
    return new Row(name, threshold, pairs.size(), paraphrases, hits, correct);
  }

  static List<Row> table(List<Pair> pairs) {
    List<String> corpus = new ArrayList<>();
    for (Pair p : pairs) {
      corpus.add(p.seed());
    }
    Embedder idf = HashingEmbedder.builder().idf(corpus).build();
    List<Row> rows = new ArrayList<>();
    for (double t : new double[] {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}) {
      rows.add(run(pairs, "hashing", Embedder.hashing(), t));
    }
    for (double t : new double[] {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95}) {
      rows.add(run(pairs, "hashing+idf(seeds)", idf, t));
    }
    return rows;
  }

  public static void main(String[] args) throws IOException {
    List<Pair> pairs = load("/paraphrase/handwritten-v1.tsv");
    System.out.println("| embedder | threshold | hits | correct | precision | hit rate | recall |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Row r : table(pairs)) {
      System.out.println(r.markdown());
    }
  }
}
