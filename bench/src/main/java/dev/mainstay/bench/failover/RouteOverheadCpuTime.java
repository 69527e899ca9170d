package dev.mainstay.bench.failover;

import dev.mainstay.core.Nullable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@link RouteOverheadBenchmark} comparison (route on the caller's thread against a bare
 * Resilience4j {@code Retry(CircuitBreaker(call))}) measured as CPU time of the calling thread, which
 * a loaded, shared machine disturbs much less than wall-clock time. Alternates the two in rounds of
 * 500k calls and prints the medians and the ratio. It runs the benchmark's own setup and calls, so
 * both measure the same thing.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar
 * dev.mainstay.bench.failover.RouteOverheadCpuTime [rounds=12]}
 */
public final class RouteOverheadCpuTime {
  private static final int CALLS = 500_000;
  @SuppressWarnings("unused")
  private static volatile @Nullable Object sink;

  private RouteOverheadCpuTime() {}

  /**
   * Runs the comparison.
   *
   * @param args optional: rounds
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    RouteOverheadBenchmark bench = new RouteOverheadBenchmark();
    bench.setUp();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] r = new double[rounds];
    double[] b = new double[rounds];
    for (int s = 0; s < rounds; s++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < CALLS; i++) {
        sink = bench.routeCaller();
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < CALLS; i++) {
        sink = bench.bareResilience4j();
      }
      long t2 = mx.getCurrentThreadCpuTime();
      r[s] = (t1 - t0) / (double) CALLS;
      b[s] = (t2 - t1) / (double) CALLS;
    }
    bench.tearDown();
    Arrays.sort(r);
    Arrays.sort(b);
    System.out.printf(Locale.ROOT,
        "route %.0f ns cpu/op, bare Resilience4j %.0f ns cpu/op (medians of %d rounds; minima %.0f / %.0f),"
            + " ratio %.2f%n", r[rounds / 2], b[rounds / 2], rounds, r[0], b[0], r[rounds / 2] / b[rounds / 2]);
  }
}
