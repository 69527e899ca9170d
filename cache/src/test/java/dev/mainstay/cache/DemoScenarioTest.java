package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.CallFacts;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.StaleServedEvent;
import dev.mainstay.testkit.FaultInjector;
import dev.mainstay.testkit.Faults;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.SimulatedEndpoint;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The demo's cache phases, on a simulated endpoint and manual time (the code given to the lead). */
final class DemoScenarioTest {

  @Test
  void demo_repeatedQuestionsThenOutage_cachedThenStaleAnswers() {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    SimulatedEndpoint sim = SimulatedEndpoint.builder("primary")
        .latency(LatencyModel.none()).template("answer {n} from {id}").seed(42).timeSource(ts).build();
    FaultInjector primary = FaultInjector.wrap(sim, Faults.none());
    ResponseCache cache = ResponseCache.inMemory()
        .maximumBytes(16L << 20)
        .timeToLive(Duration.ofSeconds(30))
        .staleIfError(Duration.ofMinutes(10))
        .build();
    AtomicInteger hits = new AtomicInteger();
    AtomicInteger stale = new AtomicInteger();
    ModelClient chat = Mainstay.client("demo")
        .endpoint(primary)
        .with(cache)
        .timeSource(ts)
        .listener(EventListener.of(CacheHitEvent.class, e -> hits.incrementAndGet()))
        .listener(EventListener.of(StaleServedEvent.class, e -> stale.incrementAndGet()))
        .build();
    ModelRequest question = ModelRequest.chat("What is the status of claim 4711?")
        .tenant("acme")
        .parameters(Parameters.builder().temperature(0).build());

    // When: phase 1, the same question five times
    ModelResponse first = chat.call(question);
    for (int i = 0; i < 4; i++) {
      ModelResponse again = chat.call(question);
      // Then
      assertThat(again.text()).isEqualTo(first.text());
      assertThat(again.facts()).isEqualTo(new CallFacts(0, true, false, false));
    }
    assertThat(hits).hasValue(4);

    // When: outage phase, after the answer's time to live
    primary.startOutage();
    ts.advance(Duration.ofMinutes(1));
    ModelResponse during = chat.call(question);

    // Then: the cached question is still answered, marked stale
    assertThat(during.text()).isEqualTo(first.text());
    assertThat(during.facts()).isEqualTo(new CallFacts(0, true, true, false));
    assertThat(stale).hasValue(1);

    // And: after the outage a fresh answer replaces it
    primary.endOutage();
    ModelResponse after = chat.call(question);
    assertThat(after.facts().cached()).isFalse();
    assertThat(after.text()).isNotEqualTo(first.text());
  }
}
