package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class EmbeddingTest {

  @Test
  void embedding_emptyNullOrNonFinite_rejected() {
    assertThatThrownBy(Embedding::of).hasMessage("an embedding needs at least one dimension");
    assertThatThrownBy(() -> Embedding.of((float[]) null)).isInstanceOf(NullPointerException.class).hasMessage("vector");
    assertThatThrownBy(() -> Embedding.of(1f, Float.NaN)).hasMessage("embedding components must be finite");
    assertThatThrownBy(() -> Embedding.of(Float.NEGATIVE_INFINITY)).hasMessage("embedding components must be finite");
  }

  @Test
  void embedding_arrayCopiedInAndOut() {
    // Given an array
    float[] in = {1f, 2f};
    Embedding e = Embedding.of(in);
    // When the caller mutates its array or the one it got back
    in[0] = 9f;
    e.toArray()[1] = 9f;
    // Then the embedding is unchanged
    assertThat(e.toArray()).containsExactly(1f, 2f);
    assertThat(e.get(0)).isEqualTo(1f);
    assertThat(e.dimensions()).isEqualTo(2);
    assertThat(e).isEqualTo(Embedding.of(1f, 2f)).hasSameHashCodeAs(Embedding.of(1f, 2f));
    assertThat(e.toString()).isEqualTo("Embedding[dimensions=2]");
  }
}
