package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class UsageTest {

  @Property(tries = 100)
  void usage_negativeTokens_rejected(@ForAll @LongRange(min = Long.MIN_VALUE, max = -1) long n) {
    assertThatThrownBy(() -> new Usage(n, 0)).hasMessage("inputTokens must be >= 0, was " + n);
    assertThatThrownBy(() -> new Usage(0, n)).hasMessage("outputTokens must be >= 0, was " + n);
  }

  @Test
  void usage_total_sumsBoth() {
    assertThat(new Usage(3, 4).totalTokens()).isEqualTo(7);
    assertThat(Usage.NONE.totalTokens()).isZero();
  }
}
