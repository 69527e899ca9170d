package dev.mainstay.samples;

import dev.mainstay.bench.scenario.Scenario;
import dev.mainstay.bench.scenario.ScenarioResult;
import dev.mainstay.cache.ResponseCache;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.Endpoints;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointDegradedEvent;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.core.event.InputRedactedEvent;
import dev.mainstay.core.event.InputRejectedEvent;
import dev.mainstay.drift.Detectors;
import dev.mainstay.drift.DriftMonitor;
import dev.mainstay.drift.EndpointDegradation;
import dev.mainstay.drift.Signal;
import dev.mainstay.drift.WindowConfig;
import dev.mainstay.drift.WindowTest;
import dev.mainstay.failover.FailoverRouter;
import dev.mainstay.failover.ResponseValidators;
import dev.mainstay.failover.Route;
import dev.mainstay.observability.MetricsSnapshot;
import dev.mainstay.observability.Observability;
import dev.mainstay.security.InputGuard;
import dev.mainstay.security.OutputGuard;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.ScoreDistribution;
import dev.mainstay.testkit.SimulatedEndpoint;
import dev.mainstay.testkit.compat.FakeOpenAiServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Mainstay demo: one program that builds a client over simulated endpoints and a local
 * OpenAI-compatible server on loopback (no network, no keys), drives a scripted workload in phases
 * and prints a report per phase:
 *
 * <ol>
 *   <li>normal traffic (repeated questions come from the cache);
 *   <li>an outage of the primary endpoint (failover; stale-if-error for a client with no backup);
 *   <li>a heavy-tailed endpoint, with and without hedging;
 *   <li>a burst of hostile prompts (blocked and redacted before any endpoint);
 *   <li>a shift in a fraud model's score distribution (drift alarm and action).
 * </ol>
 *
 * <p>Run it with {@code java -jar samples/target/mainstay-demo.jar}; {@code --quick} runs a
 * smaller workload (used by the tests); {@code --prometheus} serves the metrics at
 * {@code http://127.0.0.1:9464/metrics} while it runs.
 */
public final class Demo {

  /**
   * What one phase showed.
   *
   * @param name the phase
   * @param stats call statistics of the phase's traffic
   * @param events event counts during the phase
   * @param facts further lines of the report
   */
  public record PhaseReport(String name, ScenarioResult.Stats stats, Map<String, Long> events,
      List<String> facts) {}

  private final boolean quick;
  private final EventTally tally = new EventTally()
      .by(FailedOverEvent.class, e -> e.reason().name())
      .by(InputRejectedEvent.class, e -> String.join("+", e.findings().keySet()))
      .by(InputRedactedEvent.class, e -> String.join("+", e.findings().keySet()));
  private final MeterRegistry registry = new CompositeMeterRegistry();

  /**
   * A demo.
   *
   * @param quick whether to run the small workload
   */
  public Demo(boolean quick) {
    this.quick = quick;
    ((CompositeMeterRegistry) registry).add(new SimpleMeterRegistry());
  }

  /**
   * Runs the demo and prints its report.
   *
   * @param args {@code --quick} for the small workload, {@code --prometheus} to serve metrics
   * @throws Exception if the demo itself breaks
   */
  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    Demo demo = new Demo(options.contains("--quick"));
    try (PrometheusEndpoint prometheus = options.contains("--prometheus")
        ? PrometheusEndpoint.start((CompositeMeterRegistry) demo.registry, 9464) : null) {
      demo.run(System.out);
    }
  }

  /**
   * Runs every phase, printing as it goes.
   *
   * @param out where to print
   * @return the phase reports
   * @throws Exception if the demo itself breaks
   */
  public List<PhaseReport> run(PrintStream out) throws Exception {
    long started = System.nanoTime();
    out.println("Mainstay demo: simulated endpoints and a loopback OpenAI-compatible server;"
        + " no network, no keys.");
    List<PhaseReport> reports = new ArrayList<>();
    try (FakeOpenAiServer localGpu = FakeOpenAiServer.builder().model("llama-3.1-8b")
            .latency(Duration.ofMillis(12)).seed(42).start();
        SimulatedEndpoint primary = SimulatedEndpoint.builder("primary-eu").region("eu-west-1")
            .latency(LatencyModel.logNormal(Duration.ofMillis(8), 0.4))
            .template("answer {n} from {id}").seed(1).build();
        SimulatedEndpoint backup = SimulatedEndpoint.builder("backup-us").region("us-east-1")
            .latency(LatencyModel.logNormal(Duration.ofMillis(15), 0.4))
            .template("answer {n} from {id}").seed(2).build()) {
      Endpoint local = Endpoints.open(localGpu.endpointUri("local-vllm"));
      try (ModelClient chat = Mainstay.client("chat")
          .route(Route.failover()
              .tier(primary)
              .tier(backup, local)
              .retries(2)
              .attemptTimeout(Duration.ofMillis(500))
              .outlierEjection(5, Duration.ofSeconds(2)))
          .with(Observability.builder(OpenTelemetry.noop(), registry).decisionLogs(false).build())
          .with(InputGuard.standard())
          .with(OutputGuard.standard())
          .with(ResponseCache.inMemory().maximumBytes(16L << 20)
              .timeToLive(Duration.ofMinutes(5)).staleIfError(Duration.ofHours(1)).build())
          .with(ResponseValidators.nonEmpty())
          .listener(tally)
          .timeout(Duration.ofSeconds(3))
          .build()) {
        out.println("Client: " + chat);
        reports.add(print(out, normal(chat)));
        reports.add(print(out, outage(chat, primary, backup, localGpu)));
        reports.add(print(out, hostile(chat, primary, backup, localGpu)));
      }
    }
    reports.add(print(out, tail()));
    reports.add(print(out, shift()));
    out.printf(Locale.ROOT, "%nDemo finished in %.1f s.%n", (System.nanoTime() - started) / 1e9);
    return reports;
  }

  private int calls(int full) {
    return quick ? Math.max(60, full / 5) : full;
  }

  private static final Parameters DETERMINISTIC = Parameters.builder().temperature(0).build();

  private static ModelRequest question(int i) {
    return ModelRequest.chat("What is our refund policy for order type " + (i % 40) + "?")
        .tenant(i % 2 == 0 ? "acme" : "globex").parameters(DETERMINISTIC);
  }

  private PhaseReport normal(ModelClient chat) throws InterruptedException {
    tally.drain();
    MetricsSnapshot before = MetricsSnapshot.take(registry, "chat");
    ScenarioResult r = Scenario.builder("normal").client(chat).requests(Demo::question)
        .callers(8).calls(calls(800)).build().run();
    Map<String, Long> events = tally.drain();
    return new PhaseReport("1. normal traffic (80 distinct questions, two tenants)", r.stats(),
        events, List.of(String.format(Locale.ROOT,
            "cache: %d hits, %d misses (one model call per distinct question and tenant)",
            events.getOrDefault("CacheHit", 0L), events.getOrDefault("CacheMiss", 0L)),
            metrics(before)));
  }

  private PhaseReport outage(ModelClient chat, SimulatedEndpoint primary, SimulatedEndpoint backup,
      FakeOpenAiServer localGpu) throws InterruptedException {
    tally.drain();
    int n = calls(900);
    MetricsSnapshot before = MetricsSnapshot.take(registry, "chat");
    long backupBefore = backup.stats().succeeded();
    int servedBefore = localGpu.served();
    ScenarioResult r = Scenario.builder("outage").client(chat)
        .requests(i -> {
          if (i == n / 3) {
            primary.startOutage();
          } else if (i == 2 * n / 3) {
            primary.endOutage();
          }
          return ModelRequest.chat("Summarise claim " + i).tenant("acme");
        })
        .callers(8).calls(n).build().run();
    primary.endOutage();
    Map<String, Long> events = tally.drain();
    List<String> facts = new ArrayList<>();
    facts.add(String.format(Locale.ROOT,
        "primary down for calls %d-%d: %d failovers, backups answered %d (simulated us-east %d,"
            + " loopback vLLM via the openai provider %d)",
        n / 3, 2 * n / 3, events.getOrDefault("FailedOver", 0L),
        backup.stats().succeeded() - backupBefore + localGpu.served() - servedBefore,
        backup.stats().succeeded() - backupBefore, localGpu.served() - servedBefore));
    facts.add(metrics(before));
    facts.add(staleIfError());
    return new PhaseReport("2. endpoint outage (primary down for the middle third)", r.stats(),
        events, facts);
  }

  /** A client with no backup still answers a cached question while its endpoint is down. */
  private String staleIfError() {
    AtomicLong stale = new AtomicLong();
    try (SimulatedEndpoint only = SimulatedEndpoint.builder("single").seed(3).build();
        ModelClient faq = Mainstay.client("faq").endpoint(only)
            .with(ResponseCache.inMemory().timeToLive(Duration.ofMillis(50))
                .staleIfError(Duration.ofMinutes(10)).build())
            .listener(EventListener.of(dev.mainstay.core.event.StaleServedEvent.class,
                e -> stale.incrementAndGet()))
            .build()) {
      ModelRequest q = ModelRequest.chat("What are your opening hours?").parameters(DETERMINISTIC);
      faq.call(q);
      try {
        Thread.sleep(80); // let the entry expire (a demo runs in real time)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      only.startOutage();
      boolean servedStale = faq.call(q).facts().stale();
      return String.format(Locale.ROOT,
          "stale-if-error: a client with one endpoint, that endpoint down, entry expired:"
              + " still answered, marked stale=%s (StaleServed events: %d)", servedStale, stale.get());
    }
  }

  private PhaseReport tail() throws InterruptedException {
    tally.drain();
    int n = calls(2000);
    ScenarioResult plain = tailRun("tail-plain", Route.failover(), n, new AtomicLong());
    AtomicLong attempts = new AtomicLong();
    ScenarioResult hedged = tailRun("tail-hedged", Route.failover()
        .hedgeAdaptive(0.95, Duration.ofMillis(100)).hedgeBudget(0.05, 5, Duration.ofSeconds(10)),
        n, attempts);
    ScenarioResult.Stats p = plain.stats();
    ScenarioResult.Stats h = hedged.stats();
    return new PhaseReport("4. heavy tail (log-normal 20 ms, 2% stragglers at 15x): hedging at p95",
        h, tally.drain(), List.of(
            String.format(Locale.ROOT, "without hedging: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms",
                p.p50(), p.p99(), p.p999()),
            String.format(Locale.ROOT, "with hedging:    p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms;"
                    + " %.1f%% extra attempts",
                h.p50(), h.p99(), h.p999(), 100.0 * (attempts.get() - h.calls()) / h.calls())));
  }

  private ScenarioResult tailRun(String name, FailoverRouter route, int n, AtomicLong attempts)
      throws InterruptedException {
    List<SimulatedEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      endpoints.add(SimulatedEndpoint.builder("tail-" + i)
          .latency(LatencyModel.heavyTail(Duration.ofMillis(20), 0.25, 0.02, 15)).seed(100 + i)
          .build());
    }
    try (ModelClient client = Mainstay.client(name).route(route.endpoints(endpoints).retries(2))
        .listener(EventListener.of(AttemptStartedEvent.class, e -> attempts.incrementAndGet()))
        .listener(tally).timeout(Duration.ofSeconds(5)).build()) {
      return Scenario.builder(name).client(client).requests(i -> ModelRequest.chat("q" + i))
          .callers(8).calls(n).build().run();
    }
  }

  private PhaseReport hostile(ModelClient chat, SimulatedEndpoint primary, SimulatedEndpoint backup,
      FakeOpenAiServer localGpu) throws InterruptedException {
    tally.drain();
    MetricsSnapshot metricsBefore = MetricsSnapshot.take(registry, "chat");
    long before = primary.stats().received() + backup.stats().received() + localGpu.requests().size();
    List<String> prompts = HostilePrompts.mixed(calls(300));
    ScenarioResult r = Scenario.builder("hostile").client(chat)
        .requests(i -> ModelRequest.chat(prompts.get(i)).tenant("acme"))
        .callers(4).calls(prompts.size()).build().run();
    long reached = primary.stats().received() + backup.stats().received()
        + localGpu.requests().size() - before;
    Map<String, Long> events = tally.drain();
    long hostile = HostilePrompts.hostileCount(prompts);
    long rejected = r.stats().errors().getOrDefault(dev.mainstay.core.ErrorKind.INPUT_REJECTED, 0L);
    return new PhaseReport("3. hostile prompts (" + hostile + " of " + prompts.size() + ")",
        r.stats(), events, List.of(
            String.format(Locale.ROOT, "blocked %d, redacted %d; %d prompts reached an endpoint"
                    + " (= %d allowed, so no blocked prompt reached one)",
                rejected, events.getOrDefault("InputRedacted", 0L), reached,
                r.stats().calls() - rejected), metrics(metricsBefore)));
  }

  private PhaseReport shift() throws InterruptedException {
    tally.drain();
    int n = 1000;
    List<String> actions = new ArrayList<>();
    EndpointDegradation health = EndpointDegradation.builder()
        .degradeFor(Duration.ofMinutes(10)).coolDown(Duration.ofMinutes(30)).build();
    DriftMonitor drift = DriftMonitor.builder()
        .signal(Signal.score().detector(() -> Detectors.numericWindow(
            WindowConfig.builder(WindowTest.KS).referenceSize(200).windowSize(200).build())))
        .signal(Signal.predictedClass())
        .action(health)
        .alarmCoolDown(Duration.ofMinutes(5))
        .build();
    AtomicLong call = new AtomicLong();
    try (SimulatedEndpoint fraud = SimulatedEndpoint.builder("fraud-primary")
            .operations(Operation.PREDICT)
            .predictions(ScoreDistribution.normal(0.20, 0.10, 0.5, "fraud", "legit"))
            .shiftPredictionsAfter(n / 2, ScoreDistribution.normal(0.35, 0.10, 0.5, "fraud", "legit"))
            .seed(7).build();
        ModelClient scorer = Mainstay.client("fraud-scoring").endpoint(fraud)
            .attemptIsolation(dev.mainstay.core.AttemptIsolation.CALLER)
            .with(drift)
            .listener(tally)
            .listener(e -> {
              if (e instanceof DriftDetectedEvent) {
                DriftDetectedEvent d = (DriftDetectedEvent) e;
                actions.add(String.format(Locale.ROOT,
                    "call %d: DRIFT on '%s' at %s (%s, statistic %.3f, p=%.2g)", call.get(),
                    d.signal(), d.endpointId().isEmpty() ? "client level" : "endpoint " + d.endpointId(),
                    d.detector(), d.statistic(), d.pValue()));
              } else if (e instanceof EndpointDegradedEvent) {
                actions.add("action: endpoint " + ((EndpointDegradedEvent) e).endpointId()
                    + " marked degraded; routes prefer its peers");
              }
            })
            .build()) {
      ScenarioResult r = Scenario.builder("shift").client(request -> {
            call.incrementAndGet();
            return scorer.call(request);
          })
          .requests(i -> ModelRequest.predict(Map.of("amount", 10.0 + i % 90, "country", "NL")))
          .callers(1).calls(n).build().run();
      List<String> facts = new ArrayList<>(actions);
      facts.add("fraud-primary degraded now: " + health.isDegraded("fraud-primary"));
      return new PhaseReport("5. distribution shift (fraud scores shift after call " + n / 2 + ")",
          r.stats(), tally.drain(), facts);
    }
  }

  /** One line of the chat client's Micrometer meters since a snapshot. */
  private String metrics(MetricsSnapshot before) {
    MetricsSnapshot d = MetricsSnapshot.take(registry, "chat").minus(before);
    return String.format(Locale.ROOT, "metrics: mainstay.calls %.0f, mainstay.attempts %.0f,"
            + " mainstay.failovers %.0f, mainstay.cache.requests %.0f, mainstay.guard.decisions %.0f",
        d.sum("mainstay.calls{"), d.sum("mainstay.attempts{"), d.sum("mainstay.failovers{"),
        d.sum("mainstay.cache.requests{"), d.sum("mainstay.guard.decisions{"));
  }

  private static PhaseReport print(PrintStream out, PhaseReport p) {
    out.println();
    out.println("== " + p.name());
    ScenarioResult.Stats s = p.stats();
    out.printf(Locale.ROOT, "   calls %d, ok %d (%.1f%%), failed %s%n", s.calls(), s.successes(),
        100 * s.availability(), s.errors());
    out.printf(Locale.ROOT, "   latency p50 %.1f ms, p99 %.1f ms%n", s.p50(), s.p99());
    out.println("   events " + p.events());
    for (String f : p.facts()) {
      out.println("   " + f);
    }
    return p;
  }
}
