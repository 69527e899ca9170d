package dev.mainstay.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.cache.CacheKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

final class VectorIndexTest {

  private static CacheKey key(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) (i >>> 8);
    b[1] = (byte) i;
    return CacheKey.of(b);
  }

  private static float[] unit(Random rnd, int dims) {
    float[] v = new float[dims];
    for (int i = 0; i < dims; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    VectorIndex.normalise(v);
    return v;
  }

  @Property(tries = 100)
  void nearest_afterPutsAndRemoves_matchesReferenceScan(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int n) {
    // Given
    Random rnd = new Random(seed);
    int dims = 8;
    VectorIndex index = new VectorIndex(dims);
    Map<CacheKey, float[]> reference = new HashMap<>();
    for (int i = 0; i < n; i++) {
      CacheKey k = key(rnd.nextInt(60));
      if (rnd.nextInt(4) == 0) {
        index.remove(k);
        reference.remove(k);
      } else {
        float[] v = unit(rnd, dims);
        index.put(k, v);
        reference.put(k, v);
      }
    }
    float[] q = unit(rnd, dims);
    // When
    VectorIndex.Match m = index.nearest(q, -1);
    // Then
    assertThat(index.size()).isEqualTo(reference.size());
    if (reference.isEmpty()) {
      assertThat(m).isNull();
      return;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (float[] v : reference.values()) {
      float s = 0;
      for (int k = 0; k < dims; k++) {
        s += v[k] * q[k];
      }
      best = Math.max(best, s);
    }
    assertThat(m).isNotNull();
    assertThat(m.similarity()).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(index.nearest(q, best + 1e-3)).isNull();
  }
}
