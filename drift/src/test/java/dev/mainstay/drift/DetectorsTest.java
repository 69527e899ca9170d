package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.drift.internal.AdwinDetector;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class DetectorsTest {

  private static int firstDetection(DriftDetector d, double[] stream) {
    for (int i = 0; i < stream.length; i++) {
      if (d.update(stream[i])) {
        return i;
      }
    }
    return -1;
  }

  private static double[] steps(int n, int change, double before, double after, double sd, long seed) {
    Random r = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = (i < change ? before : after) + sd * r.nextGaussian();
    }
    return out;
  }

  @Test
  void pageHinkley_defaultIsIncreaseOnly_twoSidedSeesDecrease() {
    // Given a stream whose mean drops from 5 to 0 at 1000
    double[] down = steps(2000, 1000, 5, 0, 0.5, 1);
    // When the River-default (increase-only) and the two-sided detectors run
    int up = firstDetection(Detectors.pageHinkley(), down);
    int both = firstDetection(Detectors.pageHinkley(
        PageHinkleyConfig.builder().direction(Direction.BOTH).build()), down);
    // Then only the two-sided one fires, soon after the change
    assertThat(up).isEqualTo(-1);
    assertThat(both).isBetween(1000, 1030);
  }

  @Test
  void pageHinkley_neverFiresBeforeMinInstances_andResetsAfterFiring() {
    // Given a detector with a tiny threshold
    DriftDetector ph = Detectors.pageHinkley(PageHinkleyConfig.builder().threshold(1).build());
    // When a huge value arrives early
    for (int i = 0; i < 5; i++) {
      ph.update(0);
    }
    assertThat(ph.update(1000)).isFalse();
    // Then it fires only once River's count (which starts at 1) reaches minInstances = 30: on the
    // 29th observation
    int fired = -1;
    for (int n = 7; n < 100 && fired < 0; n++) {
      if (ph.update(1000)) {
        fired = n;
      }
    }
    assertThat(fired).isEqualTo(29);
    // And the next update starts over
    ph.update(0);
    assertThat(ph.observations()).isEqualTo(1);
    assertThat(ph.driftDetected()).isFalse();
  }

  @Test
  void adwin_mean_shift_detectedAndWindowShrinks_moaMode() {
    // Given ADWIN that keeps its shrunk window (MOA semantics)
    AdwinDetector adwin = (AdwinDetector) Detectors.adwin(AdwinConfig.builder().resetOnDrift(false).build());
    double[] stream = steps(4000, 2000, 0, 1, 0.5, 3);
    // When the mean moves by 2 standard deviations
    int at = firstDetection(adwin, stream);
    for (int i = at + 1; i < stream.length; i++) {
      adwin.update(stream[i]);
    }
    // Then it fires after the change and the window ends up holding mostly new data
    assertThat(at).isBetween(2000, 2200);
    assertThat(adwin.estimation()).isGreaterThan(0.9);
    assertThat(adwin.width()).isLessThan(2200);
  }

  @Test
  void hddmA_rateRise_detected_rateDropOnlyWhenTwoSided() {
    // Given a Bernoulli stream going from 5% to 30%, and one going from 30% to 5%
    Random r = new Random(5);
    double[] rise = new double[4000];
    double[] fall = new double[4000];
    for (int i = 0; i < 4000; i++) {
      double u = r.nextDouble();
      rise[i] = u < (i < 2000 ? 0.05 : 0.30) ? 1 : 0;
      fall[i] = u < (i < 2000 ? 0.30 : 0.05) ? 1 : 0;
    }
    // When/Then
    assertThat(firstDetection(Detectors.hddmA(), rise)).isBetween(2000, 2150);
    assertThat(firstDetection(Detectors.hddmA(), fall)).isEqualTo(-1);
    assertThat(firstDetection(Detectors.hddmA(HddmAConfig.builder().twoSided(true).build()), fall))
        .isBetween(2000, 2400);
  }

  @Test
  void detectors_nonFiniteValues_areIgnored() {
    // Given every scalar detector
    for (DriftDetector d : new DriftDetector[] {Detectors.pageHinkley(), Detectors.adwin(),
        Detectors.hddmA(), Detectors.numericWindow(WindowConfig.of(WindowTest.KS))}) {
      // When NaN and infinity arrive
      assertThat(d.update(Double.NaN)).isFalse();
      assertThat(d.update(Double.POSITIVE_INFINITY)).isFalse();
      // Then nothing was counted
      assertThat(d.observations()).as(d.name()).isZero();
    }
  }

  @Test
  void configs_setTwiceOrOutOfRange_fail() {
    assertThatThrownBy(() -> PageHinkleyConfig.builder().delta(1).delta(2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> AdwinConfig.builder().clock(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HddmAConfig.builder().warningConfidence(0.0001).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WindowConfig.builder(WindowTest.KS).threshold(1.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Detectors.numericWindow(WindowConfig.of(WindowTest.CHI_SQUARE)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Detectors.categoricalWindow(WindowConfig.of(WindowTest.KS), 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AdwinConfig.defaults()).isEqualTo(new AdwinConfig(0.002, 32, 5, 5, 10, true));
    assertThat(PageHinkleyConfig.defaults())
        .isEqualTo(new PageHinkleyConfig(30, 0.005, 50, 0.9999, Direction.UP));
  }
}
