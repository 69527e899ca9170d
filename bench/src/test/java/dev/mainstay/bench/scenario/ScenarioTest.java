package dev.mainstay.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class ScenarioTest {

  @Test
  void run_callCount_countsEveryOutcomeByKind() throws InterruptedException {
    // Given a client that fails every 10th call with TRANSIENT and every 25th untyped
    AtomicInteger n = new AtomicInteger();
    ModelClient client = request -> {
      int i = n.incrementAndGet();
      if (i % 25 == 0) {
        throw new IllegalStateException("bug");
      }
      if (i % 10 == 0) {
        throw new ModelException(ErrorKind.TRANSIENT, "boom");
      }
      return ModelResponse.ofText("ok");
    };

    // When 4 callers make 1000 calls
    ScenarioResult result = Scenario.builder("count").client(client)
        .requests(i -> ModelRequest.chat("q" + i)).callers(4).calls(1000).build().run();

    // Then every call is counted exactly once, by outcome
    ScenarioResult.Stats s = result.stats();
    assertThat(s.calls()).isEqualTo(1000);
    assertThat(s.untyped()).isEqualTo(40);
    assertThat(s.errors()).isEqualTo(Map.of(ErrorKind.TRANSIENT, 80L));
    assertThat(s.successes()).isEqualTo(880);
    assertThat(s.availability()).isEqualTo(0.88);
    assertThat(s.p50()).isLessThanOrEqualTo(s.p90());
    assertThat(s.p90()).isLessThanOrEqualTo(s.p99());
    assertThat(s.p99()).isLessThanOrEqualTo(s.p999());
    assertThat(s.p999()).isLessThanOrEqualTo(s.max());
    assertThat(result.report()).contains("calls=1000");
  }

  @Test
  void window_outsideRun_isEmpty() throws InterruptedException {
    // Given a short run
    ScenarioResult result = Scenario.builder("w").client(r -> ModelResponse.ofText("ok"))
        .requests(i -> ModelRequest.chat("q")).callers(1).calls(10).build().run();

    // When a window after the run is taken
    ScenarioResult.Stats later = result.window(Duration.ofDays(1), Duration.ofDays(2));

    // Then it holds no calls and reports availability 1
    assertThat(later.calls()).isZero();
    assertThat(later.availability()).isEqualTo(1.0);
    assertThat(later.p99()).isNaN();
    assertThat(result.window(Duration.ZERO, Duration.ofDays(1)).calls()).isEqualTo(10);
  }

  @Test
  void builder_withoutBound_isRejected() {
    assertThatThrownBy(() -> Scenario.builder("x").client(r -> ModelResponse.ofText("ok"))
            .requests(i -> ModelRequest.chat("q")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("calls(...) or duration(...)");
    assertThatThrownBy(() -> Scenario.builder("x").callers(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
