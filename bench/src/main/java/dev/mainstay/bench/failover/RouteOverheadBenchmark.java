package dev.mainstay.bench.failover;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.failover.Route;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-call overhead of a failover route over two healthy zero-latency endpoints (per-endpoint
 * circuit breaker, retries, round-robin, events off) against a bare Resilience4j {@code
 * CircuitBreaker} + {@code Retry} decoration of the same call. Target: the route on the caller's
 * thread within 2x of the bare decoration. {@code routeExecutor} shows the default isolation, which
 * adds one thread hand-off per attempt.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RouteOverhead}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteOverheadBenchmark {
  private ModelClient routeCaller;
  private ModelClient routeExecutor;
  private Supplier<ModelResponse> bare;
  private ModelRequest request;

  /** Builds the endpoints, the routes and the bare decoration. */
  @Setup(Level.Trial)
  public void setUp() {
    ModelResponse answer = ModelResponse.ofText("ok");
    request = ModelRequest.chat("What is the capital of France?");
    routeCaller = Mainstay.client("route-caller")
        .route(Route.failover().tier(zero("a", answer), zero("b", answer)).retries(2))
        .attemptIsolation(AttemptIsolation.CALLER)
        .build();
    routeExecutor = Mainstay.client("route-executor")
        .route(Route.failover().tier(zero("a", answer), zero("b", answer)).retries(2))
        .build();
    Endpoint bareEndpoint = zero("bare", answer);
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("bare");
    Retry retry = Retry.ofDefaults("bare");
    ModelRequest req = request;
    bare = Retry.decorateSupplier(retry,
        CircuitBreaker.decorateSupplier(breaker, () -> bareEndpoint.call(req)));
  }

  private static Endpoint zero(String id, ModelResponse answer) {
    return Endpoint.of(EndpointInfo.builder(id).provider("bench").build(), r -> answer);
  }

  /** Closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    routeCaller.close();
    routeExecutor.close();
  }

  /**
   * The route with attempts on the caller's thread.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse routeCaller() {
    return routeCaller.call(request);
  }

  /**
   * The route with attempts on the client's executor (the default isolation).
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse routeExecutor() {
    return routeExecutor.call(request);
  }

  /**
   * Resilience4j {@code Retry(CircuitBreaker(call))} on the same endpoint.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse bareResilience4j() {
    return bare.get();
  }
}
