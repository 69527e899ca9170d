package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class ScannerProperties {

  /** Every scanner, redacting, so nothing stops the scan early. */
  private static final InputGuard REDACT_ALL = InputGuard.builder()
      .scanner(Scanners.size(), Action.FLAG)
      .scanner(Scanners.unicode(), Action.REDACT)
      .scanner(Scanners.confusables(), Action.REDACT)
      .scanner(Scanners.encoded(), Action.FLAG)
      .scanner(Scanners.injection(), Action.FLAG)
      .scanner(Scanners.secrets(), Action.REDACT)
      .scanner(Scanners.pii(), Action.REDACT)
      .scanner(Scanners.banList("ban", List.of("forbidden words")), Action.REDACT)
      .build();

  private static final OutputGuard OUTPUT = OutputGuard.builder()
      .scanner(Scanners.canary(), Action.FLAG)
      .scanner(Scanners.links(java.util.Set.of()), Action.REDACT)
      .scanner(Scanners.refusal(), Action.FLAG)
      .build();

  @Provide
  Arbitrary<String> hostile() {
    Arbitrary<String> anyChars = Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMaxLength(200);
    Arbitrary<String> pieces = Arbitraries.of(
        "ignore ", "previous ", "instructions", "\u200B", "\u200D", "\u202E", "\u2066", "\uFE0F",
        "\uDB40\uDC41", "\uDB40\uDC7F", "\uD800", "\uDC00", "\uD83D\uDE00", "\uD83C\uDFF4", "\u0430",
        "\u0435", "\uFF41", "@", ".", "-", " ", "\n", "%41", "\\x41", "41 ", "QUFB", "====", "sk-",
        "AKIA", "eyJ", "-----BEGIN PRIVATE KEY-----", "4111", "+1", "(", ")", "GB82", "![", "](http",
        "<|", "|>", "system:", "gur ", "naq ", "1.2.3.4", "a", "Z", "9", "\u0007", "\u0085", "[EMAIL]");
    Arbitrary<String> joined = pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    return Arbitraries.oneOf(anyChars, joined);
  }

  @Property(tries = 200)
  void scanners_neverThrow_andOffsetsAreValid(@ForAll("hostile") String text) {
    ScanResult r = REDACT_ALL.scan(text);
    for (Finding f : r.findings()) {
      assertThat(f.start()).isBetween(0, Integer.MAX_VALUE);
      assertThat(f.end()).isGreaterThanOrEqualTo(f.start());
      assertThat(f.score()).isBetween(0.0, 1.0);
    }
    assertThat(InputGuard.standard().scan(text)).isNotNull();
    assertThat(OUTPUT.scan(text, "cnry-0123456789abcdef0123")).isNotNull();
  }

  @Property(tries = 200)
  void findingsOfOneRound_lieWithinText(@ForAll("hostile") String text) {
    InputGuard flagAll = InputGuard.builder()
        .scanner(Scanners.unicode(), Action.FLAG).scanner(Scanners.confusables(), Action.FLAG)
        .scanner(Scanners.encoded(), Action.FLAG).scanner(Scanners.injection(), Action.FLAG)
        .scanner(Scanners.secrets(), Action.FLAG).scanner(Scanners.pii(), Action.FLAG).build();
    for (Finding f : flagAll.scan(text).findings()) {
      assertThat(f.end()).isLessThanOrEqualTo(text.length());
    }
  }

  @Property(tries = 200)
  void redaction_isIdempotent(@ForAll("hostile") String text) {
    String once = REDACT_ALL.scan(text).text();
    String twice = REDACT_ALL.scan(once).text();
    assertThat(twice).isEqualTo(once);
  }

  @Example
  void pathologicalInputs_scaleLinearly() {
    // Given inputs built to trip backtracking or repeated decoding, at sizes n and 4n
    String[] units = {"ignore ", "a", "@a", "<|", "AAAA", "%41", "\\x41", "41 ", "1-", "\u200B",
        "\u202E", "\uDB40\uDC41", "\u0430a", "![](http://x/?", "gur ", "-----BEGIN "};
    for (String unit : units) {
      long small = cpuNanos(unit.repeat(8_000 / unit.length() + 1));
      long large = cpuNanos(unit.repeat(32_000 / unit.length() + 1));
      // linear work grows about 4x; quadratic would grow 16x. Loose bound, CPU time, best of 3.
      assertThat(large).as("unit %s", unit).isLessThan(Math.max(12 * small, 20_000_000L));
    }
  }

  private static long cpuNanos(String text) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      REDACT_ALL.scan(text);
      InputGuard.standard().scan(text);
      best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
    }
    return best;
  }
}
