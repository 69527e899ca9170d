package dev.mainstay.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

final class LiteralSignatureTest {

  @Test
  void of_plainText_empty() {
    assertThat(LiteralSignature.of("How do I reset my password?")).isEmpty();
    assertThat(LiteralSignature.of("Nothingness is a notion; the knot is tight")).isEmpty();
  }

  @Test
  void of_negations_flagged() {
    for (String s : new String[] {"How do I not get charged?", "Why doesn't it start?", "Why doesn’t it start?",
        "Why doesnt it start", "I can't log in", "It won't open", "No refund possible?",
        "Never again", "Can I pay without a card?", "I cannot log in", "Neither option works"}) {
      assertThat(LiteralSignature.of(s)).as(s).isEqualTo("neg");
    }
  }

  @Test
  void of_numbers_setOfDigitRunsWithoutLeadingZeros() {
    assertThat(LiteralSignature.of("Is version 2.10.0 out?")).isEqualTo("pos,0,10,2");
    assertThat(LiteralSignature.of("On May 8, 2015")).isEqualTo(LiteralSignature.of("on 8 May 2015"));
    assertThat(LiteralSignature.of("room 07 and room 7")).isEqualTo("pos,7");
    assertThat(LiteralSignature.of("Port 8080")).isNotEqualTo(LiteralSignature.of("Port 8081"));
    assertThat(LiteralSignature.of("top 10 tips")).isNotEqualTo(LiteralSignature.of("top ten tips"));
  }

  @Property(tries = 300)
  void of_insertedNegation_changesSignature(@ForAll @AlphaChars @StringLength(min = 1, max = 40) String words,
      @ForAll("negation") String negation) {
    String plain = words.replaceAll("(?i)\\b(not|no|never|nor|neither|none|nobody|nothing|nowhere|without|cannot)\\b", "x");
    String base = LiteralSignature.of("how do I " + plain);
    String negated = LiteralSignature.of("how do I " + negation + " " + plain);
    if (base.isEmpty() || base.startsWith("pos")) {
      assertThat(negated).isNotEqualTo(base).startsWith("neg");
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> negation() {
    return net.jqwik.api.Arbitraries.of("not", "never", "don't", "can't", "cannot", "no");
  }

  @Property(tries = 300)
  void of_differentNumber_differentSignature(@ForAll @IntRange(min = 0, max = 1_000_000) int a,
      @ForAll @IntRange(min = 0, max = 1_000_000) int b) {
    String sa = LiteralSignature.of("What is the status of order " + a + "?");
    String sb = LiteralSignature.of("what's the status of order " + b);
    assertThat(sa.equals(sb)).isEqualTo(a == b);
  }
}
