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
  void wordPairs_swappedWords_lessSimilarThanWithoutPairs() {
    // Given
    String a = "flights from New York to Florida";
    String b = "flights from Florida to New York";
    HashingEmbedder pairs = HashingEmbedder.builder().wordPairs(1).build();
    // When
    double plain = dot(embedder.embed(a), embedder.embed(b));
    double ordered = dot(pairs.embed(a), pairs.embed(b));
    // Then: the bag of words is the same; only pairs see the order
    assertThat(plain).isGreaterThan(0.99);
    assertThat(ordered).isLessThan(plain - 0.05);
    assertThat(dot(pairs.embed(a), pairs.embed(a))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void functionWordWeight_sharedFunctionWordsCountLess() {
    // Given: two questions that share only function words
    String a = "what is the price of the plan";
    String b = "what is the colour of the sky";
    HashingEmbedder light = HashingEmbedder.builder().functionWordWeight(0.25).build();
    // When / Then
    assertThat(dot(light.embed(a), light.embed(b))).isLessThan(dot(embedder.embed(a), embedder.embed(b)) - 0.2);
  }

  @Test
  void defaults_pairsOffAndFunctionWordsFullWeight() {
    // the new features are opt-in: the default vectors are those of 0.1.0
    HashingEmbedder explicit = HashingEmbedder.builder().wordPairs(0).functionWordWeight(1).build();
    assertThat(explicit.embed("How do I reset my password?")).containsExactly(
        embedder.embed("How do I reset my password?"));
  }

  @Test
  void builder_invalidOrTwice_throws() {
    assertThatThrownBy(() -> HashingEmbedder.builder().dimensions(8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().dimensions(64).dimensions(64))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().wordPairs(1).wordPairs(1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().wordPairs(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().functionWordWeight(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashingEmbedder.builder().grams(4, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
