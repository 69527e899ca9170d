package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

final class DeterminismProperties {

  private static SimulatedEndpoint endpoint(long seed, double transientRate, double nullRate, SteppingTimeSource time) {
    return SimulatedEndpoint.builder("det")
        .latency(LatencyModel.heavyTail(Duration.ofMillis(20), 0.5, 0.05, 10))
        .faults(Faults.builder().errorRate(ErrorKind.TRANSIENT, transientRate).nullRate(nullRate)
            .rateLimited(0.05, Duration.ofSeconds(1)).build())
        .predictions(ScoreDistribution.normal(0.4, 0.2))
        .timeSource(time)
        .seed(seed)
        .build();
  }

  /**
   * A single-threaded time source for this property: sleeping moves time forward at once, so the
   * latency each call waited is read off the clock without any thread hand-off.
   */
  static final class SteppingTimeSource extends ManualTimeSourceAdapter {
    @Override
    public void sleep(Duration duration) {
      advance(duration);
    }
  }

  /** Gives the stepping source ManualTimeSource's clock (composition keeps ManualTimeSource final). */
  abstract static class ManualTimeSourceAdapter implements dev.mainstay.core.TimeSource {
    private final ManualTimeSource delegate = new ManualTimeSource();

    void advance(Duration d) {
      delegate.advance(d);
    }

    @Override
    public long nanoTime() {
      return delegate.nanoTime();
    }

    @Override
    public java.time.Instant now() {
      return delegate.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      return delegate.schedule(delay, task);
    }
  }

  private static List<String> run(SimulatedEndpoint e, SteppingTimeSource time, int calls) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      ModelRequest req = i % 2 == 0 ? ModelRequest.chat("q" + i) : ModelRequest.predict(Map.of("x", i));
      long before = time.nanoTime();
      String outcome;
      try {
        ModelResponse r = e.call(req);
        outcome = r == null ? "null" : r.operation() == Operation.PREDICT
            ? r.prediction().label() + ":" + r.prediction().score() : r.text();
      } catch (ModelException ex) {
        outcome = ex.kind().name();
      }
      out.add(outcome + "@" + (time.nanoTime() - before));
    }
    return out;
  }

  @Property(tries = 100)
  void sameSeed_sameOutcomesLatenciesAndAnswers(
      @ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 0.4) double transientRate,
      @ForAll @DoubleRange(min = 0, max = 0.2) double nullRate,
      @ForAll @IntRange(min = 1, max = 60) int calls) {
    // Given two endpoints with the same configuration and seed, each on its own manual time
    SteppingTimeSource t1 = new SteppingTimeSource();
    SteppingTimeSource t2 = new SteppingTimeSource();
    // When the same call sequence runs against each
    List<String> a = run(endpoint(seed, transientRate, nullRate, t1), t1, calls);
    List<String> b = run(endpoint(seed, transientRate, nullRate, t2), t2, calls);
    // Then outcomes, answers, predictions and latencies are identical, and latency really varied
    assertThat(a).isEqualTo(b);
    assertThat(a).allSatisfy(o -> assertThat(o).doesNotEndWith("@-1"));
  }

  @Property(tries = 40)
  void faultFrequency_tracksRate(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 1) double rate) {
    // Given an endpoint failing at a rate, with no latency
    SimulatedEndpoint e = SimulatedEndpoint.builder("f").seed(seed)
        .faults(Faults.builder().errorRate(ErrorKind.OVERLOADED, rate).build()).build();
    // When called 400 times
    int failed = 0;
    for (int i = 0; i < 400; i++) {
      try {
        e.call(ModelRequest.chat("x"));
      } catch (ModelException ex) {
        failed++;
      }
    }
    // Then the observed rate is within 5 standard deviations (+1 call) of the configured one
    double sd = Math.sqrt(400 * rate * (1 - rate));
    assertThat((double) failed).isBetween(400 * rate - 5 * sd - 1, 400 * rate + 5 * sd + 1);
  }
}
