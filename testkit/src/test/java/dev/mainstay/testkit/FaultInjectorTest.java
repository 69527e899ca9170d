package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class FaultInjectorTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final Async async = new Async();

  @AfterEach
  void tearDown() throws InterruptedException {
    async.close();
  }

  @Test
  void wrap_keepsInfoAndPassesCallsThrough() {
    // Given a fake wrapped with no faults
    FakeEndpoint real = FakeEndpoint.answering("real", "hello");
    FaultInjector drilled = FaultInjector.wrap(real, Faults.none());
    // When called
    ModelResponse r = drilled.call(ModelRequest.chat("x"));
    // Then the info is the wrapped endpoint's, and the call reached it
    assertThat(drilled.info()).isSameAs(real.info());
    assertThat(r.text()).isEqualTo("hello");
    assertThat(real.calls()).isEqualTo(1);
    assertThat(drilled.delegate()).isSameAs(real);
  }

  @Test
  void fault_firing_doesNotReachWrappedEndpoint() {
    // Given an injector failing calls 2..3
    FakeEndpoint real = FakeEndpoint.answering("real", "hello");
    FaultInjector drilled = FaultInjector.wrap(real, Faults.builder().outageCalls(2, 3, FaultAction.fail(ErrorKind.TRANSIENT)).build());
    // When called 4 times
    drilled.call(ModelRequest.chat("x"));
    ModelException e = catchThrowableOfType(ModelException.class, () -> drilled.call(ModelRequest.chat("x")));
    assertThatThrownBy(() -> drilled.call(ModelRequest.chat("x"))).isInstanceOf(ModelException.class);
    drilled.call(ModelRequest.chat("x"));
    // Then faults fail with the wrapped endpoint's id and only 2 calls reached it
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.endpointId()).contains("real");
    assertThat(real.calls()).isEqualTo(2);
    assertThat(drilled.stats().received()).isEqualTo(4);
    assertThat(drilled.stats().failures(ErrorKind.TRANSIENT)).isEqualTo(2);
  }

  @Test
  void samePlanAndSeed_sameFaultSequenceAsSimulator() {
    // Given one plan used by a simulator and by an injector around a healthy fake
    Faults plan = Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.3).errorRate(ErrorKind.TIMEOUT, 0.1).build();
    FaultInjector a = FaultInjector.builder(FakeEndpoint.answering("x", "ok")).faults(plan).seed(9).build();
    FaultInjector b = FaultInjector.builder(FakeEndpoint.answering("x", "ok")).faults(plan).seed(9).build();
    // When both get 500 calls
    String sa = outcomes(a, 500);
    String sb = outcomes(b, 500);
    // Then the sequences match and both kinds appear at about their rates
    assertThat(sa).isEqualTo(sb);
    assertThat(sa.chars().filter(c -> c == 'T').count()).isBetween(150L, 260L);
  }

  private static String outcomes(FaultInjector e, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      try {
        e.call(ModelRequest.chat("x"));
        sb.append('.');
      } catch (ModelException ex) {
        sb.append(ex.kind().name().charAt(0));
      }
    }
    return sb.toString();
  }

  @Test
  void addedLatency_waitedOnTimeSourceBeforeDelegating() throws Exception {
    // Given 300 ms of added latency on manual time
    FakeEndpoint real = FakeEndpoint.answering("real", "hello");
    FaultInjector drilled = FaultInjector.builder(real).latency(LatencyModel.fixed(Duration.ofMillis(300))).timeSource(time).build();
    // When a call starts
    Future<ModelResponse> f = async.call(drilled, ModelRequest.chat("x"));
    time.awaitScheduled(1, Async.REAL_WAIT);
    // Then the wrapped endpoint is not called until the latency has passed
    assertThat(real.calls()).isZero();
    time.advance(Duration.ofMillis(300));
    assertThat(f.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("hello");
    assertThat(real.calls()).isEqualTo(1);
  }

  @Test
  void wrappedEndpointFailure_countedByKind() {
    // Given a wrapped endpoint that fails OVERLOADED
    FaultInjector drilled = FaultInjector.wrap(FakeEndpoint.failing("real", ErrorKind.OVERLOADED), Faults.none());
    // When called / Then its failure passes through and is counted
    assertThatThrownBy(() -> drilled.call(ModelRequest.chat("x"))).isInstanceOf(ModelException.class);
    assertThat(drilled.stats().failures(ErrorKind.OVERLOADED)).isEqualTo(1);
  }

  @Test
  void startOutage_thenEnd_andCloseClosesDelegate() {
    // Given an injector around a fake
    FakeEndpoint real = FakeEndpoint.answering("real", "hello");
    FaultInjector drilled = FaultInjector.wrap(real, Faults.none());
    // When an outage is forced as 429s, then ended
    drilled.startOutage(FaultAction.rateLimited(Duration.ofSeconds(1)));
    ModelException e = catchThrowableOfType(ModelException.class, () -> drilled.call(ModelRequest.chat("x")));
    drilled.endOutage();
    drilled.call(ModelRequest.chat("x"));
    drilled.close();
    // Then the forced fault applied, the next call passed, and closing closed the delegate
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(real.calls()).isEqualTo(1);
    assertThatThrownBy(() -> real.call(ModelRequest.chat("x")))
        .isInstanceOfSatisfying(ModelException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
  }

  @Test
  void builder_setTwice_throwsIllegalState() {
    // Given a builder with faults / When set again / Then IllegalStateException
    FaultInjector.Builder b = FaultInjector.builder(FakeEndpoint.answering("a", "x")).faults(Faults.none());
    assertThatThrownBy(() -> b.faults(Faults.none())).isInstanceOf(IllegalStateException.class);
  }
}
