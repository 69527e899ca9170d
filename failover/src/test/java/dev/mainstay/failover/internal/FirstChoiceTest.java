package dev.mainstay.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.failover.Balancing;
import dev.mainstay.failover.FailoverRouter;
import dev.mainstay.failover.Route;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The short path of a call's first attempt picks exactly the endpoint the full path would try
 * first: over random tiers, regions, operations, prices, weights, endpoint health (cooldowns,
 * ejections, failed probes), attempts in flight, latency estimates and rotations.
 */
final class FirstChoiceTest {
  private static final String[] REGIONS = {"", "eu", "us"};

  @Provide
  Arbitrary<Balancing> balancings() {
    return Arbitraries.of(Balancing.ROUND_ROBIN, Balancing.LEAST_OUTSTANDING, Balancing.PEAK_EWMA,
        Balancing.COST);
  }

  @Property(tries = 400)
  void firstChoice_isWhatTheFullPathTriesFirst(@ForAll long seed, @ForAll("balancings") Balancing balancing) {
    Random rnd = new Random(seed);
    ManualTimeSource ts = new ManualTimeSource();
    FailoverRouter router = Route.failover().balancing(balancing);
    int tiers = 1 + rnd.nextInt(3);
    for (int t = 0; t < tiers; t++) {
      List<Endpoint> tier = new ArrayList<>();
      int size = 1 + rnd.nextInt(4);
      for (int i = 0; i < size; i++) {
        EndpointInfo.Builder info = EndpointInfo.builder("t" + t + "e" + i).provider("test")
            .region(REGIONS[rnd.nextInt(REGIONS.length)])
            .pricePerMillion(rnd.nextInt(3), rnd.nextInt(3));
        if (rnd.nextInt(4) == 0) {
          info.operations(Operation.EMBEDDING);
        }
        tier.add(Endpoint.of(info.build(), r -> ModelResponse.ofText("ok")));
      }
      router.tier(tier.get(0), tier.subList(1, tier.size()).toArray(new Endpoint[0]));
    }
    if (rnd.nextBoolean()) {
      router.localRegion(rnd.nextBoolean() ? "eu" : "us");
    }
    AtomicReference<FailoverRoute> route = new AtomicReference<>();
    ModelClient client = Mainstay.client("first").timeSource(ts).route(ctx -> {
      FailoverRoute r = (FailoverRoute) router.build(ctx);
      route.set(r);
      return r;
    }).build();
    try {
      long now = ts.nanoTime();
      for (EndpointState s : route.get().states()) {
        switch (rnd.nextInt(8)) {
          case 0:
            s.coolDown(Duration.ofSeconds(1 + rnd.nextInt(5)), now);
            break;
          case 1:
            s.eject(Duration.ofSeconds(1 + rnd.nextInt(5)), Duration.ofMinutes(1), now);
            break;
          case 2:
            s.probeDown = true;
            break;
          default:
            break;
        }
        s.outstanding.set(rnd.nextInt(3));
        if (rnd.nextBoolean()) {
          s.ewma.observe(Duration.ofMillis(rnd.nextInt(4)).toNanos(), now);
        }
      }
      ModelRequest.Builder request = ModelRequest.builder(Operation.CHAT).user("x".repeat(1 + rnd.nextInt(400)));
      if (rnd.nextInt(3) == 0) {
        request.attribute(FailoverRouter.REGION_ATTRIBUTE, REGIONS[rnd.nextInt(REGIONS.length)]);
      }
      ModelRequest r = request.build();
      int rotation = rnd.nextInt();

      EndpointState full = route.get().fullPathFirstForTest(r, rotation, now);
      EndpointState fast = route.get().firstChoiceForTest(r, rotation, now);

      assertThat(fast).isSameAs(full);
    } finally {
      client.close();
    }
  }
}
