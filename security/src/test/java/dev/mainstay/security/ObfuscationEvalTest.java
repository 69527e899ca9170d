package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ObfuscationEvalTest {

  @Test
  void standardGuard_generatedObfuscationSet_meetsRecallAndFalsePositiveGoals() {
    // Given our own attack phrasings under ten obfuscations, and benign multilingual text
    List<GuardEval.Sample> samples = ObfuscationCorpus.samples();

    // When the standard guard scans them
    GuardEval.Metrics m = GuardEval.evaluate(InputGuard.standard(), samples, 0);
    System.out.print(m.report("InputGuard.standard() on the generated obfuscation set"));

    // Then recall is at least 95% and false positives at most 1%
    assertThat(m.recall()).isGreaterThanOrEqualTo(0.95);
    assertThat(m.fpr()).isLessThanOrEqualTo(0.01);
  }
}
