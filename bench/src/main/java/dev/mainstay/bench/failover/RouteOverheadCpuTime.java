package dev.mainstay.bench.failover;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.failover.Route;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The {@link RouteOverheadBenchmark} comparison (route on the caller's thread against a bare
 * Resilience4j {@code Retry(CircuitBreaker(call))}) measured as CPU time of the calling thread, which
 * a loaded, shared machine disturbs much less than wall-clock time. Alternates the two in rounds of
 * 500k calls and prints the medians and the ratio.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar
 * dev.mainstay.bench.failover.RouteOverheadCpuTime [rounds=12]}
 */
public final class RouteOverheadCpuTime {
  private static final int CALLS = 500_000;
  @SuppressWarnings("unused")
  private static volatile @Nullable Object sink;

  private RouteOverheadCpuTime() {}

  /**
   * Runs the comparison.
   *
   * @param args optional: rounds
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    ModelResponse answer = ModelResponse.ofText("ok");
    ModelRequest request = ModelRequest.chat("What is the capital of France?");
    ModelClient route = Mainstay.client("route-caller")
        .route(Route.failover().tier(zero("a", answer), zero("b", answer)).retries(2))
        .attemptIsolation(AttemptIsolation.CALLER)
        .build();
    Endpoint bareEndpoint = zero("bare", answer);
    Supplier<ModelResponse> bare = Retry.decorateSupplier(Retry.ofDefaults("bare"),
        CircuitBreaker.decorateSupplier(CircuitBreaker.ofDefaults("bare"), () -> bareEndpoint.call(request)));
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] r = new double[rounds];
    double[] b = new double[rounds];
    for (int s = 0; s < rounds; s++) {
      long t0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < CALLS; i++) {
        sink = route.call(request);
      }
      long t1 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < CALLS; i++) {
        sink = bare.get();
      }
      long t2 = mx.getCurrentThreadCpuTime();
      r[s] = (t1 - t0) / (double) CALLS;
      b[s] = (t2 - t1) / (double) CALLS;
    }
    route.close();
    Arrays.sort(r);
    Arrays.sort(b);
    System.out.printf(Locale.ROOT,
        "route %.0f ns cpu/op, bare Resilience4j %.0f ns cpu/op (medians of %d rounds; minima %.0f / %.0f),"
            + " ratio %.2f%n", r[rounds / 2], b[rounds / 2], rounds, r[0], b[0], r[rounds / 2] / b[rounds / 2]);
  }

  private static Endpoint zero(String id, ModelResponse answer) {
    return Endpoint.of(EndpointInfo.builder(id).provider("bench").build(), x -> answer);
  }
}
