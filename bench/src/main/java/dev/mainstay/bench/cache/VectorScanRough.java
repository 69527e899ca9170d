package dev.mainstay.bench.cache;

import dev.mainstay.cache.CacheKey;
import dev.mainstay.cache.internal.VectorIndex;
import java.util.Locale;
import java.util.Random;

/**
 * A quick, rough timing of the brute-force semantic scan (no JMH; seconds to run), for a first idea
 * of the entries-vs-latency curve. Prints wall time and the thread's CPU time per lookup (the
 * latter is less disturbed by a busy machine). The JMH numbers from {@link SemanticIndexBenchmark} are the ones
 * to quote.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.mainstay.bench.cache.VectorScanRough}
 */
public final class VectorScanRough {
  private VectorScanRough() {}

  /**
   * Prints a table of mean lookup time per entries and dimensions.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Random rnd = new Random(7);
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    System.out.println("| dims | entries | wall µs/lookup | cpu µs/lookup | index MB |");
    System.out.println("|---|---|---|---|---|");
    for (int dims : new int[] {384, 1024}) {
      for (int entries : new int[] {1_000, 10_000, 50_000, 100_000}) {
        VectorIndex index = new VectorIndex(dims);
        for (int i = 0; i < entries; i++) {
          index.put(key(i), unit(rnd, dims));
        }
        float[] q = unit(rnd, dims);
        int warm = Math.max(20, 2_000_000 / entries);
        Object sink = null;
        for (int i = 0; i < warm; i++) {
          sink = index.nearest(q, 0.99);
        }
        int runs = Math.max(10, 1_000_000 / entries);
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          sink = index.nearest(q, 0.99);
        }
        double us = (System.nanoTime() - t0) / 1e3 / runs;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / runs;
        System.out.println(String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.0f |%s", dims,
            entries, us, cpu, entries * (double) dims * 4 / (1 << 20), sink == null ? "" : " "));
      }
    }
  }

  private static float[] unit(Random rnd, int dims) {
    float[] v = new float[dims];
    for (int k = 0; k < dims; k++) {
      v[k] = (float) rnd.nextGaussian();
    }
    VectorIndex.normalise(v);
    return v;
  }

  private static CacheKey key(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) (i >>> 24);
    b[1] = (byte) (i >>> 16);
    b[2] = (byte) (i >>> 8);
    b[3] = (byte) i;
    return CacheKey.of(b);
  }
}
