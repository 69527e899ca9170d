package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ParaphraseEvaluationTest {

  @Test
  void evaluation_handwrittenSet_reportWrittenAndMonotone() throws Exception {
    // Given
    List<ParaphraseEvaluation.Pair> pairs =
        ParaphraseEvaluation.load("/paraphrase/handwritten-v1.tsv");
    // When
    List<ParaphraseEvaluation.Row> rows = ParaphraseEvaluation.table(pairs);
    // Then: the report is written for docs/cache.md
    StringBuilder md = new StringBuilder(
        "| embedder | threshold | hits | correct | precision | hit rate | recall |\n|---|---|---|---|---|---|---|\n");
    for (ParaphraseEvaluation.Row r : rows) {
      md.append(r.markdown()).append('\n');
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/paraphrase-eval.md"), md, StandardCharsets.UTF_8);
    System.out.print(md);
    assertThat(pairs).hasSize(117);
    // a higher threshold never produces more hits (same embedder, same data)
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i).embedder().equals(rows.get(i - 1).embedder())) {
        assertThat(rows.get(i).hits()).isLessThanOrEqualTo(rows.get(i - 1).hits());
      }
    }
  }
}
