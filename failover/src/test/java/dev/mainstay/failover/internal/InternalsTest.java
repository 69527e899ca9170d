package dev.mainstay.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class InternalsTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void latencyReservoir_enoughSamples_reportsQuantile() {
    // Given 1..100 ms
    LatencyReservoir r = new LatencyReservoir(1024, 20, 0.95);
    for (int i = 1; i <= 19; i++) {
      r.record(i * MS);
    }
    assertThat(r.quantileNanos()).isEqualTo(-1);
    for (int i = 20; i <= 100; i++) {
      r.record(i * MS);
    }
    // Then p95 is within one recompute step of 95 ms
    assertThat(r.quantileNanos()).isBetween(90 * MS, 95 * MS);
  }

  @Test
  void latencyReservoir_full_forgetsOldSamples() {
    LatencyReservoir r = new LatencyReservoir(64, 20, 0.5);
    for (int i = 0; i < 64; i++) {
      r.record(1000 * MS);
    }
    for (int i = 0; i < 64; i++) {
      r.record(MS);
    }
    assertThat(r.quantileNanos()).isEqualTo(MS);
  }

  @Test
  void hedgeBudget_ratio_boundsHedgesOverWindow() {
    // Given 5% with no minimum over 10 s
    ManualTimeSource ts = new ManualTimeSource();
    HedgeBudget b = new HedgeBudget(ts, 0.05, 0, Duration.ofSeconds(10).toNanos());
    for (int i = 0; i < 100; i++) {
      b.recordCall();
    }
    // When / Then five hedges pass, the sixth does not
    for (int i = 0; i < 5; i++) {
      assertThat(b.tryAcquire()).isTrue();
    }
    assertThat(b.tryAcquire()).isFalse();
    // and after the window slides past, the old calls and hedges are forgotten
    ts.advance(Duration.ofSeconds(11));
    assertThat(b.tryAcquire()).isFalse();
    for (int i = 0; i < 20; i++) {
      b.recordCall();
    }
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
  }

  @Test
  void hedgeBudget_floorIsNotAddedToTheRatio_andLateAsksMayUseTheReserve() {
    ManualTimeSource ts = new ManualTimeSource();
    HedgeBudget b = new HedgeBudget(ts, 0.05, 2, Duration.ofSeconds(10).toNanos());
    // A quiet route still gets its floor of 2
    assertThat(b.tryAcquire(false)).isTrue();
    assertThat(b.tryAcquire(false)).isTrue();
    assertThat(b.tryAcquire(true)).isFalse();
    // At 200 calls the ratio allows 10 (not 10 + 2); first asks stop at 7.5, late asks reach 10
    for (int i = 0; i < 200; i++) {
      b.recordCall();
    }
    for (int i = 2; i < 7; i++) {
      assertThat(b.tryAcquire(false)).as("first ask %d", i).isTrue();
    }
    assertThat(b.tryAcquire(false)).isFalse();
    for (int i = 7; i < 10; i++) {
      assertThat(b.tryAcquire(true)).as("late ask %d", i).isTrue();
    }
    assertThat(b.tryAcquire(true)).isFalse();
  }

  @Test
  void peakEwma_spikeThenFastSamples_decaysTowardFast() {
    PeakEwma e = new PeakEwma(Duration.ofSeconds(1).toNanos());
    e.observe(10 * MS, 0);
    e.observe(500 * MS, MS);
    assertThat(e.estimate(MS)).isEqualTo(500.0 * MS);
    // a fast sample 1 s later pulls the estimate most of the way down (weight 1 - 1/e)
    e.observe(10 * MS, MS + Duration.ofSeconds(1).toNanos());
    double expected = 500.0 * MS * Math.exp(-1) + 10.0 * MS * (1 - Math.exp(-1));
    assertThat(e.estimate(MS + Duration.ofSeconds(1).toNanos())).isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
    // and idle time decays it toward zero
    assertThat(e.estimate(MS + Duration.ofSeconds(10).toNanos())).isLessThan(expected / 1000);
  }

  @Test
  void tokenBucket_reservations_queueBehindEachOther() {
    ManualTimeSource ts = new ManualTimeSource();
    LimitedClient.TokenBucket b = new LimitedClient.TokenBucket(ts, 10, Duration.ofSeconds(1).toNanos(), 1);
    assertThat(b.reserve(0)).isZero();
    assertThat(b.reserve(Long.MAX_VALUE)).isEqualTo(100 * MS);
    assertThat(b.reserve(Long.MAX_VALUE)).isEqualTo(200 * MS);
    assertThat(b.reserve(150 * MS)).isEqualTo(-300 * MS);
  }

  @Test
  void gate_release_handsPermitToFirstWaiter() {
    LimitedClient.Gate g = new LimitedClient.Gate(1);
    assertThat(g.tryAcquire()).isTrue();
    var w1 = g.enqueue();
    var w2 = g.enqueue();
    w1.complete(false); // timed out
    g.release();
    assertThat(w2.join()).isTrue();
    assertThat(g.tryAcquire()).isFalse();
    g.release();
    assertThat(g.tryAcquire()).isTrue();
  }
}
