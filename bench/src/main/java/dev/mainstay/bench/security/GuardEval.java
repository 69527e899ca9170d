package dev.mainstay.bench.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.security.InputGuard;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detection evaluation of {@link InputGuard#standard()} over a labelled JSONL file ({@code
 * {"text", "label" (1 = injection), "category"}} per line): precision, recall, F1, false-positive
 * rate, balanced accuracy, per-category detection rates and single-thread throughput (MB of UTF-8
 * per CPU second). A sample counts as detected when the guard blocks it. The same tool lives in
 * the security module's tests ({@code dev.mainstay.security.GuardEval}).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.mainstay.bench.security.GuardEval
 * ../shared/data/security/injection-dev.jsonl}
 */
public final class GuardEval {
  private GuardEval() {}

  /**
   * Prints the evaluation of one file.
   *
   * @param args the JSONL path
   * @throws IOException on read errors
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: GuardEval <labelled.jsonl>");
      System.exit(2);
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    List<String> texts = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    List<String> categories = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode n = mapper.readTree(line);
          texts.add(n.path("text").asText());
          labels.add(n.path("label").asInt() == 1);
          categories.add(n.path("category").asText("unknown"));
        }
      }
    }
    InputGuard guard = InputGuard.standard();
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    Map<String, int[]> per = new TreeMap<>();
    for (int i = 0; i < texts.size(); i++) {
      boolean blocked = guard.scan(texts.get(i)).blocked();
      boolean attack = labels.get(i);
      int[] c = per.computeIfAbsent(categories.get(i) + (attack ? " (attack)" : " (benign)"),
          k -> new int[2]);
      c[0]++;
      c[1] += blocked ? 1 : 0;
      if (attack) {
        tp += blocked ? 1 : 0;
        fn += blocked ? 0 : 1;
      } else {
        fp += blocked ? 1 : 0;
        tn += blocked ? 0 : 1;
      }
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    double fpr = fp + tn == 0 ? 0 : (double) fp / (fp + tn);
    System.out.printf(Locale.ROOT, "samples=%d attacks=%d benign=%d%n", texts.size(), tp + fn, fp + tn);
    System.out.printf(Locale.ROOT, "precision=%.3f recall=%.3f F1=%.3f FPR=%.3f balancedAccuracy=%.3f%n",
        precision, recall, f1, fpr, (recall + 1 - fpr) / 2);
    for (Map.Entry<String, int[]> e : per.entrySet()) {
      System.out.printf(Locale.ROOT, "%-36s n=%4d blocked=%4d rate=%.3f%n", e.getKey(),
          e.getValue()[0], e.getValue()[1], (double) e.getValue()[1] / e.getValue()[0]);
    }
    List<String> ascii = new ArrayList<>();
    for (String t : texts) {
      if (t.chars().allMatch(ch -> ch < 0x80)) {
        ascii.add(t);
      }
    }
    System.out.printf(Locale.ROOT, "throughput (single thread, MB/CPU-s): all=%.1f ascii=%.1f%n",
        throughput(guard, texts, 20), throughput(guard, ascii, 20));
  }

  private static double throughput(InputGuard guard, List<String> texts, int rounds) {
    long bytes = 0;
    for (String t : texts) {
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
    }
    long sink = 0;
    for (int w = 0; w < rounds; w++) {
      for (String t : texts) {
        sink += guard.scan(t).findings().size();
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    for (int w = 0; w < rounds; w++) {
      for (String t : texts) {
        sink += guard.scan(t).findings().size();
      }
    }
    long nanos = Math.max(1, mx.getCurrentThreadCpuTime() - start);
    if (sink < 0) {
      throw new AssertionError();
    }
    return bytes * (double) rounds / (nanos / 1e9) / 1e6;
  }
}
