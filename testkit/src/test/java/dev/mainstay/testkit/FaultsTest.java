package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.ErrorKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class FaultsTest {

  @Test
  void decide_callRangeBeatsWindowBeatsRates() {
    // Given all three kinds of rule overlapping
    Faults f = Faults.builder()
        .errorRate(ErrorKind.TRANSIENT, 1.0)
        .outage(Duration.ZERO, Duration.ofSeconds(10), FaultAction.fail(ErrorKind.OVERLOADED))
        .outageCalls(5, 5, FaultAction.hang())
        .build();
    // Then the call range wins, then the window, then the rate
    assertThat(f.decide(5, Duration.ZERO, 0.5)).isEqualTo(FaultAction.hang());
    assertThat(f.decide(4, Duration.ofSeconds(9), 0.5)).isEqualTo(FaultAction.fail(ErrorKind.OVERLOADED));
    assertThat(f.decide(4, Duration.ofSeconds(10), 0.5)).isEqualTo(FaultAction.fail(ErrorKind.TRANSIENT));
  }

  @Test
  void decide_ratesAreCumulativeInOrder() {
    // Given 10% TRANSIENT then 20% TIMEOUT
    Faults f = Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.1).errorRate(ErrorKind.TIMEOUT, 0.2).build();
    // Then draws map onto [0, 0.1), [0.1, 0.3), rest
    assertThat(f.decide(1, Duration.ZERO, 0.05)).isEqualTo(FaultAction.fail(ErrorKind.TRANSIENT));
    assertThat(f.decide(1, Duration.ZERO, 0.1)).isEqualTo(FaultAction.fail(ErrorKind.TIMEOUT));
    assertThat(f.decide(1, Duration.ZERO, 0.2999)).isEqualTo(FaultAction.fail(ErrorKind.TIMEOUT));
    assertThat(f.decide(1, Duration.ZERO, 0.3001)).isNull();
    assertThat(Faults.none().decide(1, Duration.ZERO, 0.0)).isNull();
  }

  @Test
  void builder_rejectsBadPlans() {
    // Then bad probabilities, inverted ranges, over-full rates and repeated kinds are rejected
    assertThatThrownBy(() -> Faults.builder().errorRate(ErrorKind.TRANSIENT, 1.1)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.7).errorRate(ErrorKind.TIMEOUT, 0.7).build())
        .hasMessageContaining("at most 1");
    assertThatThrownBy(() -> Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.1).errorRate(ErrorKind.TRANSIENT, 0.2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Faults.builder().outage(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("after");
    assertThatThrownBy(() -> Faults.builder().outageCalls(0, 3)).hasMessageContaining("start at 1");
    assertThatThrownBy(() -> Faults.builder().outageCalls(3, 2)).hasMessageContaining(">= first");
  }

  @Test
  void faultAction_parseAndToStringRoundTrip() {
    // Then every action's URI form reads back
    for (FaultAction a : new FaultAction[] {
        FaultAction.fail(ErrorKind.TRANSIENT), FaultAction.fail(ErrorKind.RATE_LIMITED),
        FaultAction.rateLimited(Duration.ofMillis(1500)), FaultAction.hang(), FaultAction.throwUnexpected(),
        FaultAction.returnNull()}) {
      assertThat(FaultAction.parse(a.toString())).isEqualTo(a);
    }
    assertThat(FaultAction.parse("transient")).isEqualTo(FaultAction.fail(ErrorKind.TRANSIENT));
    assertThatThrownBy(() -> FaultAction.parse("explode")).hasMessageContaining("ErrorKind");
    assertThatThrownBy(() -> new FaultAction(FaultAction.Type.HANG, ErrorKind.TIMEOUT, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FaultAction(FaultAction.Type.FAIL, ErrorKind.TIMEOUT, Duration.ofSeconds(1)))
        .hasMessageContaining("RATE_LIMITED");
  }

  @Test
  void toString_isTheUriQueryForm() {
    // Given a plan
    Faults f = Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.05).hangRate(0.01)
        .outage(Duration.ofSeconds(10), Duration.ofSeconds(20)).outageCalls(3, 4, FaultAction.returnNull()).build();
    // Then toString is the URI query, which parses back to the same plan
    assertThat(f.toString()).isEqualTo(
        "errorRate=TRANSIENT:0.05,hang:0.01&outage=10s..20s/UNAVAILABLE&outageCalls=3..4/null");
    assertThat(SimulatedEndpoint.builderFromUri("simulated:chat?" + f).build().faults()).isEqualTo(f);
  }
}
