package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Operation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The URI grammar covers everything the builder can do: toUri() then open() gives the same endpoint. */
final class SimulatedUriProperties {

  @Property(tries = 100)
  void toUri_thenOpen_reproducesConfiguration(@ForAll("endpoints") SimulatedEndpoint sim) {
    // When an endpoint's URI is parsed back (Endpoints.open uses the same parser; see SimulatedUriTest)
    SimulatedEndpoint back = SimulatedEndpoint.builderFromUri(sim.toUri()).build();
    // Then info, latency, faults, seed and the URI itself are the same
    assertThat(back.info()).isEqualTo(sim.info());
    assertThat(back.latency()).isEqualTo(sim.latency());
    assertThat(back.faults()).isEqualTo(sim.faults());
    assertThat(back.seed()).isEqualTo(sim.seed());
    assertThat(back.toUri()).isEqualTo(sim.toUri());
  }

  @Provide
  Arbitrary<SimulatedEndpoint> endpoints() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', ' ', '{', '}', '%', '&', '=', '/')
        .ofMinLength(1).ofMaxLength(12).filter(s -> !s.isBlank());
    Arbitrary<Duration> d = Arbitraries.longs().between(1, 600_000_000_000L).map(Duration::ofNanos);
    Arbitrary<LatencyModel> latency = Arbitraries.oneOf(
        Arbitraries.just(LatencyModel.none()),
        d.map(LatencyModel::fixed),
        Combinators.combine(d, Arbitraries.doubles().between(0, 5)).as(LatencyModel::logNormal),
        Combinators.combine(d, Arbitraries.doubles().between(0, 2), Arbitraries.doubles().between(0, 1),
            Arbitraries.doubles().between(1, 50)).as(LatencyModel::heavyTail));
    Arbitrary<FaultAction> action = Arbitraries.oneOf(
        Arbitraries.of(ErrorKind.class).map(FaultAction::fail),
        d.map(FaultAction::rateLimited),
        Arbitraries.of(FaultAction.hang(), FaultAction.throwUnexpected(), FaultAction.returnNull()));
    Arbitrary<Faults> faults = Combinators.combine(
        Arbitraries.doubles().between(0, 0.3), action,
        Arbitraries.longs().between(1, 1000), action, d, Arbitraries.integers().between(0, 3))
        .as((p, a1, first, a2, from, shape) -> {
          Faults.Builder b = Faults.builder();
          if ((shape & 1) != 0) {
            b.rate(p, a1).rate(p / 2, FaultAction.fail(a1.equals(FaultAction.fail(ErrorKind.TRANSIENT)) ? ErrorKind.TIMEOUT : ErrorKind.TRANSIENT));
          }
          if ((shape & 2) != 0) {
            b.outageCalls(first, first + 10, a2).outage(from, from.plusSeconds(5));
          }
          return b.build();
        });
    Arbitrary<ScoreDistribution> score = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 0.5),
            Arbitraries.doubles().between(0, 1)).as((m, sd, t) -> ScoreDistribution.normal(m, sd, t, "fraud ok", "legit%")),
        Arbitraries.doubles().between(0, 1).map(p -> ScoreDistribution.categorical(Map.of("a b", p, "c", 1 - p))));
    Arbitrary<List<Operation>> ops = Arbitraries.of(Operation.class).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
    return Combinators.combine(
        Combinators.combine(names, names, Arbitraries.integers().between(0, 5), Arbitraries.integers().between(1, 100),
            Arbitraries.doubles().between(0, 100), Arbitraries.integers().between(1, 1_000_000), ops).as(Info::new),
        latency, faults, Arbitraries.longs(), names.injectNull(0.5), score, Arbitraries.integers().between(1, 64))
        .as((info, lat, f, seed, template, s, dims) -> {
          SimulatedEndpoint.Builder b = SimulatedEndpoint.builder(info.id).model(info.model).region(info.model).zone("z")
              .tier(info.tier).weight(info.weight).pricePerMillion(info.price, info.price * 2).maxContextTokens(info.maxContext)
              .operations(info.ops.get(0), info.ops.subList(1, info.ops.size()).toArray(new Operation[0]))
              .latency(lat).faults(f).seed(seed).embeddingDimensions(dims).predictions(s)
              .shiftPredictionsAfter(100, ScoreDistribution.normal(0.9, 0.1));
          if (template != null) {
            b.template(template + " {n} {id}");
          }
          return b.build();
        });
  }

  private static final class Info {
    final String id;
    final String model;
    final int tier;
    final int weight;
    final double price;
    final int maxContext;
    final List<Operation> ops;

    Info(String id, String model, int tier, int weight, double price, int maxContext, List<Operation> ops) {
      this.id = id;
      this.model = model;
      this.tier = tier;
      this.weight = weight;
      this.price = price;
      this.maxContext = maxContext;
      this.ops = ops;
    }
  }
}
