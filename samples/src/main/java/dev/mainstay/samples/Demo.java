package dev.mainstay.samples;

import dev.mainstay.bench.scenario.Scenario;
import dev.mainstay.bench.scenario.ScenarioResult;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.testkit.LatencyModel;
import dev.mainstay.testkit.ScoreDistribution;
import dev.mainstay.testkit.SimulatedEndpoint;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Mainstay demo: one program that builds clients over simulated endpoints (no network, no
 * keys), drives a scripted workload in phases and prints a report per phase.
 *
 * <ol>
 *   <li>normal traffic;
 *   <li>an endpoint outage in the middle of the traffic;
 *   <li>a burst of hostile prompts;
 *   <li>a shift in a fraud model's score distribution.
 * </ol>
 *
 * <p>Run it with {@code java -jar samples/target/mainstay-demo.jar}; {@code --quick} runs a
 * smaller workload (used by the tests).
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
  private final EventTally tally = new EventTally();

  /**
   * A demo.
   *
   * @param quick whether to run the small workload
   */
  public Demo(boolean quick) {
    this.quick = quick;
  }

  /**
   * Runs the demo and prints its report.
   *
   * @param args {@code --quick} for the small workload
   * @throws Exception if the demo itself breaks
   */
  public static void main(String[] args) throws Exception {
    new Demo(Arrays.asList(args).contains("--quick")).run(System.out);
  }

  /**
   * Runs every phase, printing as it goes.
   *
   * @param out where to print
   * @return the phase reports
   * @throws InterruptedException if interrupted
   */
  public List<PhaseReport> run(PrintStream out) throws InterruptedException {
    out.println("Mainstay demo: simulated endpoints, no network, no keys.");
    List<PhaseReport> reports = new ArrayList<>();
    try (SimulatedEndpoint primary = SimulatedEndpoint.builder("primary-eu")
            .region("eu-west-1").latency(LatencyModel.logNormal(Duration.ofMillis(8), 0.4))
            .template("answer from {id}").seed(1).build();
        ModelClient chat = Mainstay.client("chat").endpoint(primary).listener(tally)
            .timeout(Duration.ofSeconds(2)).build()) {
      out.println("Client: " + chat);
      reports.add(print(out, normal(chat)));
      reports.add(print(out, outage(chat, primary)));
      reports.add(print(out, hostile(chat, primary)));
    }
    reports.add(print(out, shift()));
    return reports;
  }

  private int calls(int full) {
    return quick ? Math.max(40, full / 10) : full;
  }

  private PhaseReport normal(ModelClient chat) throws InterruptedException {
    tally.drain();
    ScenarioResult r = Scenario.builder("normal").client(chat)
        .requests(i -> ModelRequest.chat("What is our refund policy for order " + (i % 50) + "?"))
        .callers(8).calls(calls(800)).build().run();
    return new PhaseReport("1. normal traffic", r.stats(), tally.drain(), List.of());
  }

  private PhaseReport outage(ModelClient chat, SimulatedEndpoint primary) throws InterruptedException {
    tally.drain();
    int n = calls(900);
    ScenarioResult r = Scenario.builder("outage").client(chat)
        .requests(i -> {
          if (i == n / 3) {
            primary.startOutage();
          } else if (i == 2 * n / 3) {
            primary.endOutage();
          }
          return ModelRequest.chat("Summarise claim " + i);
        })
        .callers(8).calls(n).build().run();
    primary.endOutage();
    return new PhaseReport("2. endpoint outage (primary down for the middle third)", r.stats(),
        tally.drain(), List.of("route: a single endpoint, so every call during the outage fails"));
  }

  private PhaseReport hostile(ModelClient chat, SimulatedEndpoint primary) throws InterruptedException {
    tally.drain();
    long before = primary.stats().received();
    List<String> prompts = HostilePrompts.mixed(calls(400));
    ScenarioResult r = Scenario.builder("hostile").client(chat)
        .requests(i -> ModelRequest.chat(prompts.get(i))).callers(4).calls(prompts.size()).build().run();
    long reached = primary.stats().received() - before;
    return new PhaseReport("3. hostile prompts", r.stats(), tally.drain(),
        List.of(String.format(Locale.ROOT, "%d of %d prompts (%d hostile) reached the endpoint",
            reached, prompts.size(), HostilePrompts.hostileCount(prompts))));
  }

  private PhaseReport shift() throws InterruptedException {
    tally.drain();
    int n = calls(2000);
    try (SimulatedEndpoint fraud = SimulatedEndpoint.builder("fraud-model")
            .latency(LatencyModel.fixed(Duration.ofMillis(1)))
            .predictions(ScoreDistribution.normal(0.20, 0.08, 0.5, "fraud", "legit"))
            .shiftPredictionsAfter(n / 2, ScoreDistribution.normal(0.45, 0.08, 0.5, "fraud", "legit"))
            .seed(7).build();
        ModelClient scorer = Mainstay.client("fraud").endpoint(fraud).listener(tally).build()) {
      double[] before = new double[2];
      double[] after = new double[2];
      ScenarioResult r = Scenario.builder("shift").client(request -> {
            ModelResponse resp = scorer.call(request);
            double score = resp.prediction() == null ? Double.NaN : resp.prediction().score();
            synchronized (before) {
              double[] acc = fraud.stats().received() <= n / 2 ? before : after;
              acc[0] += score;
              acc[1]++;
            }
            return resp;
          })
          .requests(i -> ModelRequest.predict(Map.of("amount", 10.0 + i % 90, "country", "NL")))
          .callers(1).calls(n).build().run();
      return new PhaseReport("4. distribution shift (fraud scores after call " + n / 2 + ")",
          r.stats(), tally.drain(), List.of(String.format(Locale.ROOT,
              "mean score %.3f before the shift, %.3f after; nothing in the client noticed",
              before[0] / Math.max(1, before[1]), after[0] / Math.max(1, after[1]))));
    }
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
