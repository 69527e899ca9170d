package dev.mainstay.security.issues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.security.InputGuard;
import dev.mainstay.security.ScanResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Regression: a Hangul filler (U+115F, U+1160, U+3164, U+FFA0) was treated as zero-width by the
 * Unicode scanner's entry test but not by its run scanner, so the scan made no progress and
 * reported findings until the heap ran out (found by {@code ScannerProperties}).
 */
final class HangulFillerLoopTest {

  @Test
  @Timeout(10)
  void unicodeScanner_hangulFiller_terminatesWithOneFindingEach() {
    // Given text with each Hangul filler between letters
    String text = "a\u115Fb\u1160c\u3164d\uFFA0e";

    // When the standard guard scans it
    ScanResult result = InputGuard.standard().scan(text);

    // Then it terminates and reports each filler once
    assertThat(result.findings())
        .filteredOn(f -> f.type().equals("ZERO_WIDTH"))
        .hasSize(4);
  }
}
