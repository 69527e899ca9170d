package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

final class HashingEmbedderTest {
  private final HashingEmbedder embedder = HashingEmbedder.ofDefaults();

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Property(tries = 200)
  void embed_anyText_unitOrZeroAndDeterministic(@ForAll String text) {
    // When
    float[] a = embedder.embed(text);
    float[] b = embedder.embed(text);
    // Then
    assertThat(a).containsExactly(b);
    double norm = dot(a, a);
    assertThat(norm == 0 || Math.abs(norm - 1) < 1e-4).isTrue();
  }

  @Test
  void embed_rewording_moreSimilarThanUnrelated() {
    // Given
    float[] q = embedder.embed("How do I reset my password?");
    float[] para = embedder.embed("how can I reset the password");
    float[] other = embedder.embed("What are your opening hours on Sunday?");
    // Then
    assertThat(dot(q, para)).isGreaterThan(dot(q, other) + 0.2);
  }

  @Test
  void idf_downweightsCommonWords() {
    // Given: a corpus where "what" and "is" are everywhere
    HashingEmbedder idf = HashingEmbedder.builder()
        .idf(List.of("what is a cat", "what is a dog", "what is rain", "what is snow")).build();
    // When
    double plain = dot(embedder.embed("what is a cat"), embedder.embed("what is a dog"));
    double weighted = dot(idf.embed("what is a cat"), idf.embed("what is a dog"));
    // Then
    assertThat(weighted).isLessThan(plain);
  }

  @Test
  void builder_invalidOrTwice_throws() {
    assertThatThrownBy(() -> HashingEmbedder.builder().dimensions(8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().dimensions(64).dimensions(64))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().grams(4, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
