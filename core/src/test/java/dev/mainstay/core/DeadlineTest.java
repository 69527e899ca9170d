package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class DeadlineTest {

  @Test
  void after_notPositive_rejected() {
    TestClock clock = new TestClock();
    assertThatThrownBy(() -> Deadline.after(Duration.ZERO, clock)).hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> Deadline.after(Duration.ofSeconds(-1), clock)).hasMessage("timeout must be positive, was PT-1S");
    assertThatThrownBy(() -> Deadline.after(null, clock)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
  }

  @Property(tries = 100)
  void remaining_countsDownOnItsTimeSource(
      @ForAll @LongRange(min = 1, max = 1_000_000) long timeoutMs, @ForAll @LongRange(min = 0, max = 2_000_000) long elapsedMs) {
    // Given a deadline / When its clock moves / Then remaining and expired follow it
    TestClock clock = new TestClock();
    Deadline d = Deadline.after(Duration.ofMillis(timeoutMs), clock);
    clock.advance(Duration.ofMillis(elapsedMs));
    long left = timeoutMs - elapsedMs;
    assertThat(d.remaining()).isEqualTo(left <= 0 ? Duration.ZERO : Duration.ofMillis(left));
    assertThat(d.expired()).isEqualTo(left <= 0);
    assertThat(d.remainingNanos()).isEqualTo(Duration.ofMillis(left).toNanos());
  }

  @Test
  void min_picksTheSooner_andHugeTimeoutsDoNotOverflow() {
    TestClock clock = new TestClock();
    Deadline far = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), clock);
    assertThat(far.expired()).isFalse();
    assertThat(far.remaining()).isPositive();
    Deadline near = far.min(Duration.ofSeconds(1));
    assertThat(near.remaining()).isEqualTo(Duration.ofSeconds(1));
    assertThat(near.min(Duration.ofSeconds(10))).isSameAs(near);
    assertThat(near.compareTo(far)).isNegative();
    assertThat(near.timeSource()).isSameAs(clock);
    assertThat(near.toString()).isEqualTo("Deadline[remaining=PT1S]");
  }
}
