package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

final class WindowedDetectorsTest {

  private static int run(DriftDetector d, int n, int change, double before, double after, long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      if (d.update((i < change ? before : after) + r.nextGaussian())) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void numericTests_sameDistribution_quiet_shift_detected() {
    // Given each numeric test with default 500/500 windows
    for (WindowTest t : new WindowTest[] {WindowTest.KS, WindowTest.PSI, WindowTest.JENSEN_SHANNON,
        WindowTest.WASSERSTEIN}) {
      WindowConfig c = WindowConfig.of(t);
      // When the stream has no change / a 1-sigma change at 2500
      int quiet = run(Detectors.numericWindow(c), 3000, Integer.MAX_VALUE, 0, 0, 11);
      int shifted = run(Detectors.numericWindow(c), 5000, 2500, 0, 1, 12);
      // Then
      assertThat(quiet).as("%s false alarm", t).isEqualTo(-1);
      assertThat(shifted).as("%s delay", t).isBetween(2500, 3500);
    }
  }

  @Test
  void ks_reportsPValueAndThreshold() {
    // Given a KS detector
    WindowedDetector ks = Detectors.numericWindow(
        WindowConfig.builder(WindowTest.KS).referenceSize(100).windowSize(100).build());
    // When a shifted window completes
    int at = run(ks, 400, 100, 0, 2, 3);
    // Then it fires on the first full shifted window with a tiny p-value
    assertThat(at).isEqualTo(199);
    assertThat(ks.pValue()).isLessThan(1e-6);
    assertThat(ks.threshold()).isEqualTo(0.01);
    assertThat(ks.statistic()).isGreaterThan(0.5);
  }

  @Test
  void pinnedReference_survivesReset_andIsUsedAtOnce() {
    // Given a reference pinned from N(0, 1)
    Random r = new Random(9);
    double[] ref = new double[200];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = r.nextGaussian();
    }
    WindowedDetector d = Detectors.numericWindow(
        WindowConfig.builder(WindowTest.WASSERSTEIN).referenceSize(500).windowSize(100).build());
    d.pinReference(ref);
    d.reset();
    // When shifted data arrives
    int at = run(d, 300, 0, 0, 1.5, 4);
    // Then the first full window alarms and the reference is the pinned one
    assertThat(at).isEqualTo(99);
    assertThat(d.referenceValues()).containsExactly(ref);
  }

  @Test
  void categorical_chiSquareAndPsi_detectMixChange() {
    // Given categories 0..3 with probabilities changing from (.7,.1,.1,.1) to (.4,.3,.2,.1)
    for (WindowTest t : new WindowTest[] {WindowTest.CHI_SQUARE, WindowTest.PSI, WindowTest.JENSEN_SHANNON}) {
      WindowedDetector d = Detectors.categoricalWindow(
          WindowConfig.builder(t).referenceSize(400).windowSize(400).build(), 8);
      Random r = new Random(21);
      int fired = -1;
      for (int i = 0; i < 4000 && fired < 0; i++) {
        double u = r.nextDouble();
        double[] p = i < 2000 ? new double[] {.7, .1, .1, .1} : new double[] {.4, .3, .2, .1};
        int c = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : u < p[0] + p[1] + p[2] ? 2 : 3;
        if (d.update(c)) {
          fired = i;
        }
      }
      // Then each test fires after the change
      assertThat(fired).as(t.name()).isBetween(2000, 2800);
    }
  }

  @Test
  void embedding_centroidAndComponentKs_detectShiftedComponent() {
    // Given 16-dimensional embeddings whose component 3 moves by 1.5 at vector 600
    for (EmbeddingMethod m : EmbeddingMethod.values()) {
      VectorDriftDetector d = Detectors.embedding(EmbeddingConfig.builder(m)
          .referenceSize(200).windowSize(200)
          .threshold(m == EmbeddingMethod.COMPONENT_KS ? 0.01 : (m == EmbeddingMethod.CENTROID_COSINE ? 0.05 : 0.5))
          .build());
      Random r = new Random(8);
      int fired = -1;
      for (int i = 0; i < 1400 && fired < 0; i++) {
        float[] v = new float[16];
        for (int k = 0; k < 16; k++) {
          v[k] = (float) (1 + 0.3 * r.nextGaussian());
        }
        if (i >= 600) {
          v[3] += 1.5f;
        }
        if (d.update(v)) {
          fired = i;
        }
      }
      // Then each method fires within the first shifted window
      assertThat(fired).as(m.name()).isBetween(600, 800);
      if (m == EmbeddingMethod.COMPONENT_KS) {
        assertThat(d.pValue()).isLessThan(0.01);
      }
    }
  }

  @Test
  void embedding_noShift_quiet() {
    VectorDriftDetector d = Detectors.embedding(EmbeddingConfig.builder(EmbeddingMethod.COMPONENT_KS)
        .referenceSize(200).windowSize(200).build());
    Random r = new Random(81);
    for (int i = 0; i < 2000; i++) {
      float[] v = new float[8];
      for (int k = 0; k < 8; k++) {
        v[k] = (float) r.nextGaussian();
      }
      assertThat(d.update(v)).isFalse();
    }
  }
}
