package dev.mainstay.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.bench.cache.ParaphraseData.Dataset;
import dev.mainstay.bench.cache.ParaphraseData.Kind;
import dev.mainstay.bench.cache.ParaphraseData.Query;
import dev.mainstay.cache.Embedder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ParaphraseEvalTest {

  @Test
  void data_publicSubsets_loadWithDocumentedSizes() throws Exception {
    Dataset paws = ParaphraseData.paws();
    assertThat(paws.seeds()).hasSize(204);
    assertThat(paws.queries()).hasSize(207);
    assertThat(paws.count(Kind.PARAPHRASE)).isEqualTo(94);
    assertThat(paws.count(Kind.HARD_NEGATIVE)).isEqualTo(113);
    Dataset all = ParaphraseData.gptcache(true);
    assertThat(all.seeds()).hasSize(96);
    assertThat(all.queries()).hasSize(98);
    assertThat(all.answerable()).isEqualTo(98);
    Dataset half = ParaphraseData.gptcache(false);
    assertThat(half.seeds()).hasSize(49);
    assertThat(half.count(Kind.UNSEEN)).isEqualTo(47);
  }

  @Test
  void run_blindEmbedder_countsHitsCorrectAndFalseHitsByDefinition() {
    // Given: one seed; a paraphrase of it, an unseen question, and a negated one
    Dataset d = new Dataset("tiny", List.of("How do I reset my password?"), List.of(
        new Query("how to reset the password", Set.of("How do I reset my password?"), Kind.PARAPHRASE),
        new Query("What are your opening hours?", Set.of(), Kind.UNSEEN),
        new Query("How do I not reset my password?", Set.of(), Kind.HARD_NEGATIVE)));
    Embedder blind = (text, deadline) -> new float[] {1, 0};
    // When
    ParaphraseEval.Row row = ParaphraseEval.run(d, "blind", blind, 0.5);
    // Then: the blind embedder hits the first two; the negated question never matches
    assertThat(row.hits()).isEqualTo(2);
    assertThat(row.correctHits()).isEqualTo(1);
    assertThat(row.unanswerableHits()).isEqualTo(1);
    assertThat(row.precision()).isEqualTo(0.5);
    assertThat(row.hitRate()).isEqualTo(2.0 / 3);
    assertThat(row.recall()).isEqualTo(1.0);
    assertThat(row.falseHitRate()).isEqualTo(0.5);
  }

  @Test
  void run_hashingAtDefaultThreshold_noWrongHitOnGptCacheData() throws Exception {
    // a regression guard for the numbers in docs/cache.md
    for (Dataset d : List.of(ParaphraseData.gptcache(true), ParaphraseData.gptcache(false))) {
      ParaphraseEval.Row row = ParaphraseEval.run(d, "hashing", Embedder.hashing(), 0.90);
      assertThat(row.hits()).isPositive();
      assertThat(row.correctHits()).isEqualTo(row.hits());
    }
  }

  @Test
  void wordPiece_bertExample_greedyLongestMatch() {
    Map<String, Integer> vocab = Map.of("[CLS]", 101, "[SEP]", 102, "[UNK]", 100, "un", 1, "##aff", 2,
        "##able", 3, "!", 4, "cafe", 5);
    MiniLmEmbedder.WordPiece wp = new MiniLmEmbedder.WordPiece(vocab, 128);
    assertThat(wp.tokenIds("Unaffable! Café xyz")).containsExactly(101, 1, 2, 3, 4, 5, 100, 102);
    assertThat(new MiniLmEmbedder.WordPiece(vocab, 4).tokenIds("unaffable unaffable"))
        .containsExactly(101, 1, 2, 102);
  }
}
