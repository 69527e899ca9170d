package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mainstay.drift.internal.AdwinDetector;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of ADWIN's exponential histogram. */
final class AdwinProperties {

  @Property(tries = 200)
  void histogram_invariantsHoldAfterEveryUpdate(
      @ForAll @Size(min = 1, max = 600) List<@DoubleRange(min = -10, max = 10) Double> values,
      @ForAll @IntRange(min = 2, max = 8) int maxBuckets,
      @ForAll @IntRange(min = 1, max = 64) int clock) {
    AdwinDetector adwin = (AdwinDetector) Detectors.adwin(
        AdwinConfig.builder().maxBuckets(maxBuckets).clock(clock).resetOnDrift(false).build());
    for (double v : values) {
      adwin.update(v);
      long width = 0;
      double total = 0;
      for (int row = 0; row < adwin.rows(); row++) {
        // each row holds at most maxBuckets buckets between updates
        assertThat(adwin.bucketsInRow(row)).isBetween(0, maxBuckets);
        width += (long) adwin.bucketsInRow(row) << row;
        for (int k = 0; k < adwin.bucketsInRow(row); k++) {
          total += adwin.bucketTotal(row, k);
        }
      }
      // the buckets account for exactly the window
      assertThat(width).isEqualTo(adwin.width());
      assertThat(total).isCloseTo(adwin.total(), within(1e-6));
      // rows grow logarithmically with the window
      assertThat(adwin.rows()).isLessThanOrEqualTo(1 + 64 - Long.numberOfLeadingZeros(Math.max(1, width)));
      assertThat(adwin.variance()).isGreaterThan(-1e-6);
    }
  }

  @Property(tries = 100)
  void constantStream_neverDrifts_andKeepsEverything(
      @ForAll @IntRange(min = 1, max = 3000) int n, @ForAll @DoubleRange(min = -5, max = 5) double c) {
    AdwinDetector adwin = (AdwinDetector) Detectors.adwin();
    for (int i = 0; i < n; i++) {
      assertThat(adwin.update(c)).isFalse();
    }
    assertThat(adwin.width()).isEqualTo(n);
    assertThat(adwin.estimation()).isCloseTo(c, within(1e-9));
  }
}
