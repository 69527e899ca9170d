package dev.mainstay.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The byte fast path (two interleaved walks on long inputs) finds exactly the string path's hits. */
final class AhoCorasickProperties {
  private static final AhoCorasick INJECTION = AhoCorasick.compile(InjectionScanner.patterns());

  @Provide
  Arbitrary<String> asciiProse() {
    Arbitrary<String> pieces = Arbitraries.of("ignore ", "previous ", "instructions", "  ", "\n\n",
        " \t ", "the ", "system", ": ", "prompt", "you are now ", "reveal ", "-----", "=====", "<|",
        "|>", "a", "x", ".", ",", "all ", "your ", "rules", "![img](http://x.io/?q=", "DAN ",
        "pay no attention to ", "override", "123 ", "order status ");
    return pieces.list().ofMinSize(0).ofMaxSize(400).map(l -> String.join("", l));
  }

  @Property(tries = 300)
  void bytePath_findsTheSameHitsInTheSameOrder(@ForAll("asciiProse") String text) {
    AhoCorasick.Hits viaString = new AhoCorasick.Hits(8192);
    INJECTION.collect(text, 0, text.length(), viaString);
    AhoCorasick.Hits viaBytes = new AhoCorasick.Hits(8192);
    INJECTION.collect(text, text.getBytes(StandardCharsets.ISO_8859_1), viaBytes);
    assertThat(triples(viaBytes)).isEqualTo(triples(viaString));
  }

  @Property(tries = 100)
  void bytePath_stopsAtTheLimitLikeTheStringPath(@ForAll("asciiProse") String text) {
    AhoCorasick.Hits viaString = new AhoCorasick.Hits(7);
    INJECTION.collect(text, 0, text.length(), viaString);
    AhoCorasick.Hits viaBytes = new AhoCorasick.Hits(7);
    INJECTION.collect(text, text.getBytes(StandardCharsets.ISO_8859_1), viaBytes);
    assertThat(triples(viaBytes)).isEqualTo(triples(viaString));
  }

  private static List<List<Integer>> triples(AhoCorasick.Hits h) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      out.add(List.of(h.pattern(i), h.start(i), h.end(i)));
    }
    return out;
  }
}
