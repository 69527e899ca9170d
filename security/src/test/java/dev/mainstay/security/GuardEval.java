package dev.mainstay.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates an {@link InputGuard} on a labelled JSONL file ({@code {"id", "text", "label" (1 =
 * injection), "category", ...}} per line): precision, recall, F1, false-positive rate, balanced
 * accuracy, per-category rates and single-thread throughput. A sample counts as detected when the
 * guard blocks it.
 *
 * <p>Run: {@code java -cp <security test classpath> dev.mainstay.security.GuardEval path.jsonl}.
 */
public final class GuardEval {

  /** One labelled text. */
  public record Sample(String text, boolean attack, String category) {}

  /** Confusion counts and rates. */
  public record Metrics(int tp, int fp, int tn, int fn, Map<String, int[]> perCategory,
      double mbPerSecond, double asciiMbPerSecond) {

    /** @return precision */
    public double precision() {
      return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    /** @return recall (true-positive rate) */
    public double recall() {
      return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    /** @return F1 */
    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** @return false-positive rate */
    public double fpr() {
      return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
    }

    /** @return mean of TPR and TNR */
    public double balancedAccuracy() {
      return (recall() + (1 - fpr())) / 2;
    }

    /** @return a printable report */
    public String report(String title) {
      StringBuilder sb = new StringBuilder();
      sb.append(title).append('\n');
      sb.append(String.format(Locale.ROOT,
          "samples=%d attacks=%d benign=%d%nprecision=%.3f recall=%.3f F1=%.3f FPR=%.3f "
              + "balancedAccuracy=%.3f%nthroughput: all=%.1f MB/s, ascii=%.1f MB/s (single thread)%n",
          tp + fp + tn + fn, tp + fn, fp + tn, precision(), recall(), f1(), fpr(),
          balancedAccuracy(), mbPerSecond, asciiMbPerSecond));
      sb.append(String.format(Locale.ROOT, "%-28s %6s %8s %6s%n", "category", "n", "flagged", "rate"));
      for (Map.Entry<String, int[]> e : perCategory.entrySet()) {
        int[] v = e.getValue();
        sb.append(String.format(Locale.ROOT, "%-28s %6d %8d %6.3f%n", e.getKey(), v[0], v[1],
            v[0] == 0 ? 0 : (double) v[1] / v[0]));
      }
      return sb.toString();
    }
  }

  private GuardEval() {}

  /**
   * Reads a JSONL file.
   *
   * @param path the file
   * @return the samples
   * @throws IOException on read errors
   */
  public static List<Sample> read(Path path) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<Sample> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = mapper.readTree(line);
        out.add(new Sample(n.path("text").asText(), n.path("label").asInt() == 1,
            n.path("category").asText("unknown")));
      }
    }
    return out;
  }

  /**
   * Evaluates a guard.
   *
   * @param guard the guard
   * @param samples the samples
   * @param timingRounds how many timed passes to average throughput over (0 to skip)
   * @return the metrics
   */
  public static Metrics evaluate(InputGuard guard, List<Sample> samples, int timingRounds) {
    int tp = 0;
    int fp = 0;
    int tn = 0;
    int fn = 0;
    Map<String, int[]> per = new TreeMap<>();
    for (Sample s : samples) {
      boolean blocked = guard.scan(s.text()).blocked();
      int[] c = per.computeIfAbsent(s.category() + (s.attack() ? " (attack)" : " (benign)"),
          k -> new int[2]);
      c[0]++;
      if (blocked) {
        c[1]++;
      }
      if (s.attack()) {
        if (blocked) {
          tp++;
        } else {
          fn++;
        }
      } else if (blocked) {
        fp++;
      } else {
        tn++;
      }
    }
    double all = timingRounds > 0 ? throughput(guard, texts(samples, false), timingRounds) : 0;
    double ascii = timingRounds > 0 ? throughput(guard, texts(samples, true), timingRounds) : 0;
    return new Metrics(tp, fp, tn, fn, per, all, ascii);
  }

  private static List<String> texts(List<Sample> samples, boolean asciiOnly) {
    List<String> out = new ArrayList<>();
    for (Sample s : samples) {
      if (!asciiOnly || s.text().chars().allMatch(c -> c < 0x80)) {
        out.add(s.text());
      }
    }
    return out;
  }

  /**
   * Single-thread scan throughput in MB of UTF-8 input per second of this thread's CPU time (so
   * that a busy machine does not distort it), after a warm-up; rough, not a JMH measurement.
   *
   * @param guard the guard
   * @param texts the texts
   * @param rounds timed passes
   * @return MB/s
   */
  public static double throughput(InputGuard guard, List<String> texts, int rounds) {
    if (texts.isEmpty()) {
      return 0;
    }
    long bytes = 0;
    for (String t : texts) {
      bytes += t.getBytes(StandardCharsets.UTF_8).length;
    }
    long sink = 0;
    for (int w = 0; w < Math.max(3, rounds); w++) {
      for (String t : texts) {
        sink += guard.scan(t).findings().size();
      }
    }
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    boolean cpu = mx.isCurrentThreadCpuTimeSupported();
    long start = cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (String t : texts) {
        sink += guard.scan(t).findings().size();
      }
    }
    long nanos = (cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - start;
    if (sink == Long.MIN_VALUE) {
      throw new AssertionError();
    }
    return bytes * (double) rounds / (nanos / 1e9) / 1e6;
  }

  /**
   * Prints the metrics of {@link InputGuard#standard()} on a JSONL file.
   *
   * @param args the path of the JSONL file
   * @throws IOException on read errors
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: GuardEval <labelled.jsonl>");
      System.exit(2);
    }
    List<Sample> samples = read(Path.of(args[0]));
    System.out.print(evaluate(InputGuard.standard(), samples, 20).report("InputGuard.standard() on " + args[0]));
  }
}
