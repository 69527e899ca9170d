package dev.mainstay.bench.failover;

import dev.mainstay.bench.scenario.Scenario;
import dev.mainstay.bench.scenario.ScenarioResult;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.CallSucceededEvent;
import dev.mainstay.core.event.HedgeLaunchedEvent;
import dev.mainstay.core.event.HedgeWonEvent;
import dev.mainstay.failover.Route;
import dev.mainstay.failover.FailoverRouter;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.SimulatedEndpoint;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heavy-tail scenario (real time): three endpoints with log-normal latency and 2% stragglers at
 * about 15x the median (10-20x with the spread); hedging at the observed p95 against no hedging.
 * Targets: p99 at least halved, p99.9 cut at least 5x, at most 5% extra attempts.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.mainstay.bench.failover.TailScenario
 * [secondsPerRun=20] [callers=8]}
 */
public final class TailScenario {
  private TailScenario() {}

  /** One run's numbers. */
  private record Run(ScenarioResult.Stats stats, long attempts, long hedges, long hedgesWon,
      long slow, long slowHedged, long lateHedges) {
    double extraPercent() {
      return stats.calls() == 0 ? 0 : 100.0 * (attempts - stats.calls()) / stats.calls();
    }
  }

  /**
   * Runs both configurations and prints a report and Markdown rows.
   *
   * @param args optional: seconds per run, callers
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Duration d = Duration.ofSeconds(seconds);
    // JIT warm-up of both code paths on throw-away clients, so the first measured calls do not pay
    // for class loading and compilation (the measured routes still start with no latency samples).
    Duration warm = Duration.ofSeconds(Math.min(3, seconds));
    run("warm-up-no-hedge", Route.failover(), warm, callers);
    run("warm-up-hedge", hedgedRoute(), warm, callers);
    Run none = run("tail-no-hedge", Route.failover(), d, callers);
    Run hedged = run("tail-hedge-p95", hedgedRoute(), d, callers);
    for (Run r : new Run[] {none, hedged}) {
      System.out.printf(Locale.ROOT, "%s%n", r.stats());
      System.out.printf(Locale.ROOT, "  hedges %d (won %d, launched later than 1.25x the first"
          + " trigger %d); calls over 200 ms: %d, of them hedged %d%n",
          r.hedges(), r.hedgesWon(), r.lateHedges(), r.slow(), r.slowHedged());
    }
    System.out.printf(Locale.ROOT,
        "| tail (lognormal 50ms, 2%% stragglers x15) | no hedge: p50 %.1f p99 %.1f p99.9 %.1f ms |"
            + " hedge@p95: p50 %.1f p99 %.1f p99.9 %.1f ms | p99 cut x%.2f | p99.9 cut x%.2f |"
            + " extra attempts %.2f%% | availability %.3f%% / %.3f%% |%n",
        none.stats().p50(), none.stats().p99(), none.stats().p999(),
        hedged.stats().p50(), hedged.stats().p99(), hedged.stats().p999(),
        none.stats().p99() / hedged.stats().p99(), none.stats().p999() / hedged.stats().p999(),
        hedged.extraPercent(), 100 * none.stats().availability(), 100 * hedged.stats().availability());
  }

  private static FailoverRouter hedgedRoute() {
    return Route.failover().hedgeAdaptive(0.95, Duration.ofMillis(150)).maxHedges(1)
        .hedgeBudget(0.05, 5, Duration.ofSeconds(10));
  }

  private static SimulatedEndpoint endpoint(int i) {
    return SimulatedEndpoint.builder("e" + i)
        .latency(LatencyModel.heavyTail(Duration.ofMillis(50), 0.25, 0.02, 15))
        .seed(100 + i)
        .build();
  }

  private static Run run(String name, FailoverRouter route, Duration d, int callers)
      throws InterruptedException {
    AtomicLong attempts = new AtomicLong();
    AtomicLong hedges = new AtomicLong();
    AtomicLong won = new AtomicLong();
    AtomicLong slow = new AtomicLong();
    AtomicLong slowHedged = new AtomicLong();
    AtomicLong late = new AtomicLong();
    AtomicLong minDelay = new AtomicLong(Long.MAX_VALUE);
    java.util.List<String> slowest = new java.util.ArrayList<>();
    route.tier(endpoint(0), endpoint(1), endpoint(2));
    ModelClient client = Mainstay.client(name)
        .route(route.retries(2))
        .listener(e -> {
          if (e instanceof AttemptStartedEvent) {
            attempts.incrementAndGet();
          } else if (e instanceof HedgeLaunchedEvent h) {
            hedges.incrementAndGet();
            long dn = h.delay().toNanos();
            minDelay.accumulateAndGet(dn, Math::min);
            if (dn > minDelay.get() * 5 / 4) {
              late.incrementAndGet();
            }
          } else if (e instanceof HedgeWonEvent) {
            won.incrementAndGet();
          } else if (e instanceof CallSucceededEvent c && c.duration().toMillis() > 200) {
            slow.incrementAndGet();
            if (c.facts().attempts() > 1) {
              slowHedged.incrementAndGet();
            }
            synchronized (slowest) {
              slowest.add(c.duration().toMillis() + " ms/" + c.facts().attempts() + " attempts"
                  + (c.facts().hedged() ? " (hedge won)" : ""));
            }
          }
        })
        .timeout(Duration.ofSeconds(10))
        .build();
    ScenarioResult r = Scenario.builder(name)
        .client(client)
        .requests(i -> ModelRequest.chat("question " + i))
        .callers(callers)
        .duration(d)
        .build()
        .run();
    client.close();
    System.out.print(r.report());
    if (name.startsWith("tail-hedge")) {
      synchronized (slowest) {
        System.out.println("  calls over 200 ms: " + slowest.subList(0, Math.min(12, slowest.size())));
      }
    }
    return new Run(r.stats(), attempts.get(), hedges.get(), won.get(), slow.get(), slowHedged.get(),
        late.get());
  }
}
