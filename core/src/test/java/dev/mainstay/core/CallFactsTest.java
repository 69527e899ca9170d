package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class CallFactsTest {

  @Test
  void facts_invalidCombinations_rejected() {
    assertThatThrownBy(() -> new CallFacts(-1, false, false, false)).hasMessage("attempts must be >= 0, was -1");
    assertThatThrownBy(() -> new CallFacts(0, false, true, false)).hasMessage("a stale response must be a cached one");
    assertThat(new CallFacts(0, true, true, false).stale()).isTrue();
  }
}
