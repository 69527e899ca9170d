package dev.mainstay.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DriftSnapshotTest {

  @Test
  void read_documentedExample_parsesAllKinds(@TempDir Path dir) throws IOException {
    // Given the example from the format's documentation
    Path file = dir.resolve("s.tsv");
    Files.writeString(file, "# comment\nmainstay-drift-snapshot 1\n"
        + "score\t*\tnumeric\t0.12 0.08 0.31 0.22\n"
        + "predicted_class\tfraud-eu\tcategorical\tlegit legit fraud legit%20x\n"
        + "embedding\t*\tvector\t0.1,0.2,0.3;0.0,0.25,0.31\n");
    // When read
    DriftSnapshot s = DriftSnapshot.read(file);
    // Then each entry is found, endpoint-specific first and '*' as fallback
    assertThat(s.find("score", "any").orElseThrow().numbers()).containsExactly(0.12, 0.08, 0.31, 0.22);
    assertThat(s.find("predicted_class", "fraud-eu").orElseThrow().labels())
        .containsExactly("legit", "legit", "fraud", "legit x");
    assertThat(s.find("predicted_class", "other")).isEmpty();
    assertThat(s.find("embedding", "").orElseThrow().vectors()).hasSize(2);
    // And writing and reading again gives the same entries
    Path copy = dir.resolve("copy.tsv");
    s.write(copy);
    DriftSnapshot again = DriftSnapshot.read(copy);
    assertThat(again.entries()).hasSize(3);
    assertThat(again.find("predicted_class", "fraud-eu").orElseThrow().labels())
        .containsExactly("legit", "legit", "fraud", "legit x");
    assertThat(again.find("embedding", "x").orElseThrow().vectors().get(1)).containsExactly(0.0f, 0.25f, 0.31f);
  }

  @Test
  void read_badFile_namesTheLine(@TempDir Path dir) throws IOException {
    Path noHeader = dir.resolve("a.tsv");
    Files.writeString(noHeader, "score\t*\tnumeric\t1 2\n");
    assertThatThrownBy(() -> DriftSnapshot.read(noHeader)).hasMessageContaining("line 1");
    Path badKind = dir.resolve("b.tsv");
    Files.writeString(badKind, "mainstay-drift-snapshot 1\nscore\t*\tweird\t1 2\n");
    assertThatThrownBy(() -> DriftSnapshot.read(badKind)).hasMessageContaining("line 2");
    Path tooFew = dir.resolve("c.tsv");
    Files.writeString(tooFew, "mainstay-drift-snapshot 1\nscore\t*\tnumeric\t1\n");
    assertThatThrownBy(() -> DriftSnapshot.read(tooFew)).hasMessageContaining("at least 2");
  }

  @Test
  void builder_rejectsNonFiniteAndTabs() {
    assertThatThrownBy(() -> DriftSnapshot.builder().numeric("s", "*", 1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DriftSnapshot.builder().categorical("s\t", "*", List.of("a", "b")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
