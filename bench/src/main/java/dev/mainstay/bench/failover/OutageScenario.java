package dev.mainstay.bench.failover;

import dev.mainstay.bench.scenario.Scenario;
import dev.mainstay.bench.scenario.ScenarioResult;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.failover.Route;
import dev.mainstay.testkit.FaultAction;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.SimulatedEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outage scenario (real time): three endpoints, the primary down for the middle third of the run.
 * Availability must stay 100%; reports p99 before, during and after the outage, failovers and
 * breaker transitions.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.mainstay.bench.failover.OutageScenario
 * [secondsPerThird=10] [callers=8] [fail|hang]}. {@code hang} makes the primary hang instead of
 * failing fast, so attempt timeouts and the breaker do the work.
 */
public final class OutageScenario {
  private OutageScenario() {}

  /**
   * Runs the scenario and prints a report and a Markdown row.
   *
   * @param args optional: seconds per third, callers, outage kind
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    long third = args.length > 0 ? Long.parseLong(args[0]) : 10;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    boolean hang = args.length > 2 && "hang".equals(args[2]);
    Duration t = Duration.ofSeconds(third);

    SimulatedEndpoint primary = SimulatedEndpoint.builder("primary").tier(0)
        .latency(LatencyModel.logNormal(Duration.ofMillis(20), 0.3)).seed(1).build();
    SimulatedEndpoint backupA = SimulatedEndpoint.builder("backup-a").tier(1)
        .latency(LatencyModel.logNormal(Duration.ofMillis(30), 0.3)).seed(2).build();
    SimulatedEndpoint backupB = SimulatedEndpoint.builder("backup-b").tier(1)
        .latency(LatencyModel.logNormal(Duration.ofMillis(30), 0.3)).seed(3).build();
    AtomicLong failovers = new AtomicLong();
    AtomicLong breakerChanges = new AtomicLong();
    AtomicLong ejections = new AtomicLong();
    EventListener counter = e -> {
      if (e instanceof FailedOverEvent) {
        failovers.incrementAndGet();
      } else if (e instanceof BreakerStateChangedEvent) {
        breakerChanges.incrementAndGet();
      } else if (e instanceof EndpointEjectedEvent) {
        ejections.incrementAndGet();
      }
    };
    ModelClient client = Mainstay.client("outage")
        .route(Route.failover()
            .tier(primary)
            .tier(backupA, backupB)
            .retries(2)
            .attemptTimeout(Duration.ofMillis(500))
            .outlierEjection(5, Duration.ofSeconds(2))
            .circuitBreaker(CircuitBreakerConfig.custom()
                .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(2)
                .build()))
        .listener(counter)
        .timeout(Duration.ofSeconds(5))
        .build();

    Thread chaos = new Thread(() -> {
      try {
        Thread.sleep(t.toMillis());
        if (hang) {
          primary.startOutage(FaultAction.hang());
        } else {
          primary.startOutage(FaultAction.fail(ErrorKind.UNAVAILABLE));
        }
        Thread.sleep(t.toMillis());
        primary.endOutage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "outage-chaos");
    chaos.setDaemon(true);
    chaos.start();

    ScenarioResult r = Scenario.builder("outage")
        .client(client)
        .requests(i -> ModelRequest.chat("question " + i))
        .callers(callers)
        .duration(t.multipliedBy(3))
        .build()
        .run();
    client.close();

    ScenarioResult.Stats all = r.stats();
    ScenarioResult.Stats before = r.window(Duration.ZERO, t);
    ScenarioResult.Stats during = r.window(t, t.multipliedBy(2));
    ScenarioResult.Stats after = r.window(t.multipliedBy(2), t.multipliedBy(3));
    System.out.print(r.report());
    System.out.printf(Locale.ROOT, "before: %s%nduring: %s%nafter:  %s%n", before, during, after);
    System.out.printf(Locale.ROOT,
        "| outage (%s, %d callers) | calls %d | availability %.4f%% | p99 before %.1f ms | p99 during %.1f ms"
            + " (x%.2f) | p99 after %.1f ms | failovers %d | ejections %d | breaker transitions %d |%n",
        hang ? "hang" : "fail", callers, all.calls(), 100.0 * all.availability(), before.p99(),
        during.p99(), during.p99() / before.p99(), after.p99(), failovers.get(), ejections.get(),
        breakerChanges.get());
  }
}
