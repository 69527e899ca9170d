package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

final class LatencyModelProperties {

  @Property(tries = 200)
  void uniform_samplesStayWithinBounds(
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long a,
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long b,
      @ForAll long seed) {
    // Given uniform(min, max) / When sampled / Then min <= sample <= max
    Duration min = Duration.ofNanos(Math.min(a, b));
    Duration max = Duration.ofNanos(Math.max(a, b));
    LatencyModel m = LatencyModel.uniform(min, max);
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 50; i++) {
      Duration d = m.sample(r);
      assertThat(d).isBetween(min, max);
    }
  }

  @Property(tries = 200)
  void logNormalAndHeavyTail_samplesNonNegativeAndBoundedBySigmaRange(
      @ForAll @LongRange(min = 1, max = 60_000) long medianMillis,
      @ForAll @DoubleRange(min = 0, max = 2) double sigma,
      @ForAll @DoubleRange(min = 0, max = 1) double p,
      @ForAll @DoubleRange(min = 1, max = 100) double k,
      @ForAll long seed) {
    // Given a log-normal and a heavy-tail model
    Duration median = Duration.ofMillis(medianMillis);
    LatencyModel ln = LatencyModel.logNormal(median, sigma);
    LatencyModel ht = LatencyModel.heavyTail(median, sigma, p, k);
    SplittableRandom r = new SplittableRandom(seed);
    // When sampled / Then never negative, and within 10 sigma of the (straggler) median
    double hi = Math.exp(10 * sigma) * 1.000001;
    for (int i = 0; i < 20; i++) {
      Duration a = ln.sample(r);
      Duration b = ht.sample(r);
      assertThat(a.isNegative()).isFalse();
      assertThat(b.isNegative()).isFalse();
      assertThat((double) a.toNanos()).isLessThanOrEqualTo(median.toNanos() * hi + 1);
      assertThat((double) b.toNanos()).isLessThanOrEqualTo(median.toNanos() * k * hi + 1);
    }
  }

  @Property(tries = 200)
  void sameGeneratorState_sameSample(@ForAll("models") LatencyModel m, @ForAll long seed) {
    // Then sampling is a pure function of the generator state
    assertThat(m.sample(new SplittableRandom(seed))).isEqualTo(m.sample(new SplittableRandom(seed)));
  }

  @Property(tries = 200)
  void toString_parsesBackToEqualModel(@ForAll("models") LatencyModel m) {
    // Then the URI form round-trips
    assertThat(LatencyModel.parse(m.toString())).isEqualTo(m);
  }

  @Provide
  Arbitrary<LatencyModel> models() {
    Arbitrary<Duration> d = Arbitraries.longs().between(1, 3_600_000_000_000L).map(Duration::ofNanos);
    Arbitrary<Double> sigma = Arbitraries.doubles().between(0, 5);
    Arbitrary<Double> p = Arbitraries.doubles().between(0, 1);
    Arbitrary<Double> k = Arbitraries.doubles().between(1, 1000);
    return Arbitraries.oneOf(
        Arbitraries.just(LatencyModel.none()),
        d.map(LatencyModel::fixed),
        Combinators.combine(d, d).as((a, b) -> a.compareTo(b) <= 0 ? LatencyModel.uniform(a, b) : LatencyModel.uniform(b, a)),
        Combinators.combine(d, sigma).as(LatencyModel::logNormal),
        Combinators.combine(d, sigma, p, k).as(LatencyModel::heavyTail));
  }
}
