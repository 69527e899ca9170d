package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

final class GuardEvalTest {

  /** The labelled dev set, read in place (never copied): -Dmainstay.security.devSet=... overrides. */
  private static Path devSet() {
    return Path.of(System.getProperty("mainstay.security.devSet",
        "../../shared/data/security/injection-dev.jsonl"));
  }

  @Test
  void standardGuard_devSet_meetsTargets() throws IOException {
    // Given the labelled development set, when present
    Path path = devSet();
    Assumptions.assumeTrue(Files.isReadable(path),
        "skipped: labelled dev set not found at " + path.toAbsolutePath());

    // When the standard guard scans every sample
    GuardEval.Metrics m = GuardEval.evaluate(InputGuard.standard(), GuardEval.read(path), 3);
    String report = m.report("InputGuard.standard() on " + path.getFileName());
    System.out.print(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "guard-eval-dev.txt"), report, StandardCharsets.UTF_8);

    // Then balanced accuracy is at least 0.85 with at most 3% false positives on benign samples
    assertThat(m.balancedAccuracy()).isGreaterThanOrEqualTo(0.85);
    assertThat(m.fpr()).isLessThanOrEqualTo(0.03);
  }
}
