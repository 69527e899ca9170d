package dev.mainstay.bench.security;

import dev.mainstay.security.InputGuard;
import dev.mainstay.security.ScanResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link InputGuard#standard()} on typical prompts: ASCII prose, ASCII with a secret
 * and an email (redaction path), and multilingual text with emoji (non-ASCII path). MB/s is
 * {@code bytes / (score in ns/op) * 1000}; setup prints {@link #bytes}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar InputGuardBenchmark -f 1 -wi 3 -i 5}. The
 * budget is at least 100 MB/s per core on ASCII prompts. Two same-run baselines put the numbers
 * in proportion on a loaded machine: a naive lower-case-and-indexOf keyword check and a bare
 * UTF-8 encoding pass over the same prompt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InputGuardBenchmark {

  /** Prompt kind. */
  @Param({"ascii-1k", "ascii-16k", "ascii-secrets-1k", "multilingual-1k"})
  public String kind = "ascii-1k";

  private final InputGuard guard = InputGuard.standard();
  private String prompt = "";
  /** UTF-8 size of the prompt. */
  public int bytes;

  /** Builds the prompt. */
  @Setup
  public void setup() {
    Random r = new Random(42);
    String[] words = ("the customer asked about their order status and shipping times for the "
        + "new catalogue items please summarise the thread and draft a polite reply with next "
        + "steps including a refund if the parcel is lost in transit").split(" ");
    String[] intl = {"Grüße", "naïve", "привет", "мир", "你好", "世界", "こんにちは", "مرحبا", "שלום",
        "👍🏽", "🇯🇵", "👨‍👩‍👧", "café"};
    int target = kind.endsWith("16k") ? 16_384 : 1024;
    StringBuilder sb = new StringBuilder();
    while (sb.length() < target) {
      if (kind.startsWith("multilingual") && r.nextInt(4) == 0) {
        sb.append(intl[r.nextInt(intl.length)]);
      } else {
        sb.append(words[r.nextInt(words.length)]);
      }
      sb.append(r.nextInt(14) == 0 ? ". " : " ");
      if (kind.contains("secrets") && sb.length() > target / 2 && sb.indexOf("@") < 0) {
        sb.append("contact ops@example.com with key AKIA").append("IOSFODNN7EXAMPLE ");
      }
    }
    prompt = sb.toString();
    bytes = prompt.getBytes(StandardCharsets.UTF_8).length;
    System.out.println("prompt " + kind + ": " + bytes + " bytes");
  }

  /**
   * One scan.
   *
   * @return the result (consumed by JMH)
   */
  @Benchmark
  public ScanResult scan() {
    return guard.scan(prompt);
  }

  /** Keywords of the naive baseline guard. */
  private static final String[] KEYWORDS = {"ignore previous", "ignore all", "system prompt",
      "disregard", "you are now", "jailbreak", "developer mode", "reveal your"};

  /**
   * Same-run baseline: the naive keyword guard many services start with, one {@code
   * toLowerCase} and eight {@code indexOf} scans (no Unicode hygiene, no decoding, no secrets).
   *
   * @return a value derived from the scans (consumed by JMH)
   */
  @Benchmark
  public int baselineLowerIndexOf() {
    String lower = prompt.toLowerCase(Locale.ROOT);
    int found = 0;
    for (String k : KEYWORDS) {
      found += lower.indexOf(k) >>> 31;
    }
    return found;
  }

  /**
   * Same-run baseline: a bare memory pass, encoding the prompt to UTF-8 once.
   *
   * @return the bytes (consumed by JMH)
   */
  @Benchmark
  public byte[] baselineUtf8() {
    return prompt.getBytes(StandardCharsets.UTF_8);
  }
}
