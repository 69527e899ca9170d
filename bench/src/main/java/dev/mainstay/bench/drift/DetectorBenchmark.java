package dev.mainstay.bench.drift;

import dev.mainstay.drift.Detectors;
import dev.mainstay.drift.Direction;
import dev.mainstay.drift.DriftDetector;
import dev.mainstay.drift.PageHinkleyConfig;
import dev.mainstay.drift.WindowConfig;
import dev.mainstay.drift.WindowTest;
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
 * Nanoseconds per {@code update} of each detector on a stream with a mean shift every 50,000
 * samples (so detections and resets are part of the cost). Run with {@code -prof gc} for
 * bytes/update ({@code gc.alloc.rate.norm}); the target is 0 for the sequential detectors.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar DetectorBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DetectorBenchmark {
  private static final int SIZE = 1 << 20;

  @Param({"page-hinkley", "page-hinkley-two-sided", "adwin", "hddm-a", "ks-window",
      "psi-window", "wasserstein-window"})
  public String detector = "page-hinkley";

  private DriftDetector target = Detectors.pageHinkley();
  private final double[] values = new double[SIZE];
  private int index;

  @Setup
  public void setUp() {
    Random r = new Random(42);
    boolean bernoulli = detector.equals("hddm-a");
    for (int i = 0; i < SIZE; i++) {
      int segment = i / 50_000;
      values[i] = bernoulli
          ? (r.nextDouble() < (segment % 2 == 0 ? 0.05 : 0.2) ? 1 : 0)
          : (segment % 2) + r.nextGaussian();
    }
    switch (detector) {
      case "page-hinkley":
        target = Detectors.pageHinkley();
        break;
      case "page-hinkley-two-sided":
        target = Detectors.pageHinkley(PageHinkleyConfig.builder().direction(Direction.BOTH).build());
        break;
      case "adwin":
        target = Detectors.adwin();
        break;
      case "hddm-a":
        target = Detectors.hddmA();
        break;
      case "ks-window":
        target = Detectors.numericWindow(WindowConfig.of(WindowTest.KS));
        break;
      case "psi-window":
        target = Detectors.numericWindow(WindowConfig.of(WindowTest.PSI));
        break;
      case "wasserstein-window":
        target = Detectors.numericWindow(WindowConfig.of(WindowTest.WASSERSTEIN));
        break;
      default:
        throw new IllegalArgumentException(detector);
    }
  }

  /**
   * One update.
   *
   * @return whether it fired (consumed by JMH)
   */
  @Benchmark
  public boolean update() {
    int i = index;
    index = (i + 1) & (SIZE - 1);
    return target.update(values[i]);
  }
}
