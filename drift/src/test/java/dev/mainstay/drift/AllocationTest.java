package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Detectors allocate nothing per update once warmed up (measured with the thread allocation counter). */
final class AllocationTest {

  @Test
  void sequentialDetectors_update_allocateNothing() {
    // Given HotSpot's per-thread allocation counter
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "no per-thread allocation counter on this JVM");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Random r = new Random(1);
    double[] values = new double[200_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i / 20_000) % 2 + r.nextGaussian();
    }
    for (DriftDetector d : new DriftDetector[] {Detectors.pageHinkley(), Detectors.adwin(),
        Detectors.hddmA(), Detectors.pageHinkley(PageHinkleyConfig.builder().direction(Direction.BOTH).build())}) {
      for (double v : values) {
        d.update(v); // warm up (JIT, class init)
      }
      // When 200,000 more updates run
      long before = mx.getThreadAllocatedBytes(thread);
      for (double v : values) {
        d.update(v);
      }
      long bytes = mx.getThreadAllocatedBytes(thread) - before;
      // Then (beyond the counter's own few hundred bytes) nothing was allocated
      assertThat(bytes).as(d.name()).isLessThan(1024);
    }
  }
}
