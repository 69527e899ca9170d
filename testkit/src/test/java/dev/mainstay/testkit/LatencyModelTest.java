package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class LatencyModelTest {

  private static long[] samplesMillis(LatencyModel m, int n) {
    SplittableRandom r = new SplittableRandom(1);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = m.sample(r).toNanos();
    }
    Arrays.sort(out);
    return out;
  }

  @Test
  void logNormal_medianAndP99MatchTheShape() {
    // Given lognormal(50ms, 0.5)
    long[] s = samplesMillis(LatencyModel.logNormal(Duration.ofMillis(50), 0.5), 20_000);
    // Then the median is about 50 ms and p99 about 50 * exp(0.5 * 2.326) = 160 ms
    assertThat(s[10_000] / 1e6).isBetween(48.0, 52.0);
    assertThat(s[19_800] / 1e6).isBetween(145.0, 175.0);
  }

  @Test
  void heavyTail_stragglerShareShowsInTail() {
    // Given 5% stragglers at 20x a 10 ms median, sigma 0.1
    long[] s = samplesMillis(LatencyModel.heavyTail(Duration.ofMillis(10), 0.1, 0.05, 20), 20_000);
    // Then p50 stays near 10 ms, p90 too, while p99 is near 200 ms
    assertThat(s[10_000] / 1e6).isBetween(9.0, 11.5);
    assertThat(s[18_000] / 1e6).isLessThan(15.0);
    assertThat(s[19_800] / 1e6).isBetween(150.0, 260.0);
    // And about 5% of samples are stragglers (over 100 ms)
    long stragglers = Arrays.stream(s).filter(v -> v > 100_000_000L).count();
    assertThat(stragglers).isBetween(850L, 1150L);
  }

  @Test
  void factories_rejectBadArguments() {
    // Then negative, inverted or out-of-range arguments are rejected with the parameter's name
    assertThatThrownBy(() -> LatencyModel.fixed(Duration.ofMillis(-1))).hasMessageContaining("latency");
    assertThatThrownBy(() -> LatencyModel.uniform(Duration.ofMillis(5), Duration.ofMillis(1))).hasMessageContaining("max");
    assertThatThrownBy(() -> LatencyModel.logNormal(Duration.ZERO, 0.5)).hasMessageContaining("median");
    assertThatThrownBy(() -> LatencyModel.logNormal(Duration.ofMillis(1), -0.1)).hasMessageContaining("sigma");
    assertThatThrownBy(() -> LatencyModel.heavyTail(Duration.ofMillis(1), 0.1, 1.5, 2)).hasMessageContaining("stragglerProbability");
    assertThatThrownBy(() -> LatencyModel.heavyTail(Duration.ofMillis(1), 0.1, 0.1, 0.5)).hasMessageContaining("stragglerFactor");
  }

  @Test
  void parse_acceptsUnitsAndIso() {
    // Then every unit and ISO-8601 parse
    assertThat(LatencyModel.parse("fixed:1.5s")).isEqualTo(LatencyModel.fixed(Duration.ofMillis(1500)));
    assertThat(LatencyModel.parse("fixed:250us")).isEqualTo(LatencyModel.fixed(Duration.ofNanos(250_000)));
    assertThat(LatencyModel.parse("fixed:2m")).isEqualTo(LatencyModel.fixed(Duration.ofMinutes(2)));
    assertThat(LatencyModel.parse("fixed:PT0.02S")).isEqualTo(LatencyModel.fixed(Duration.ofMillis(20)));
    assertThat(LatencyModel.parse("none")).isEqualTo(LatencyModel.none());
    assertThat(LatencyModel.parse("FIXED:10ns").toString()).isEqualTo("fixed:10ns");
    assertThat(LatencyModel.heavyTail(Duration.ofMillis(50), 0.3, 0.02, 20).toString()).isEqualTo("heavytail:50ms,0.3,0.02,20.0");
  }
}
