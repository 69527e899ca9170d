package dev.mainstay.bench.core;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.util.concurrent.TimeUnit;
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
 * The cost of the empty chain: a built client with no decorators and a direct route, against a
 * direct call of the same zero-latency endpoint. The difference is the client's own work: deadline
 * and id stamping, the attempt hand-off to the executor and back, the attempt timer, and the
 * call result check.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ChainOverhead}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChainOverheadBenchmark {
  private Endpoint endpoint;
  private ModelClient client;
  private ModelClient clientWithListener;
  private ModelClient callerThreadClient;
  private ModelClient autoInterruptibleClient;
  private ModelRequest request;

  /** Builds the endpoint and the clients. */
  @Setup(Level.Trial)
  public void setUp() {
    ModelResponse answer = ModelResponse.ofText("ok");
    endpoint = Endpoint.of(EndpointInfo.builder("zero").provider("bench").build(), r -> answer);
    client = Mainstay.client("empty").endpoint(endpoint).build();
    clientWithListener = Mainstay.client("listened").endpoint(endpoint).listener(e -> { }).build();
    callerThreadClient = Mainstay.client("inline").endpoint(endpoint)
        .attemptIsolation(AttemptIsolation.CALLER).build();
    Endpoint interruptible = new Endpoint() {
      @Override
      public EndpointInfo info() {
        return endpoint.info();
      }

      @Override
      public boolean honoursInterrupts() {
        return true;
      }

      @Override
      public ModelResponse call(ModelRequest r) {
        return answer;
      }
    };
    autoInterruptibleClient = Mainstay.client("auto").endpoint(interruptible).build();
    request = ModelRequest.chat("What is the capital of France?");
  }

  /** Closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    clientWithListener.close();
    callerThreadClient.close();
    autoInterruptibleClient.close();
  }

  /**
   * The default ({@link AttemptIsolation#AUTO}) over an endpoint that declares it honours
   * interrupts, as Mainstay's own backends and simulators do: attempts stay on the caller's thread.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse emptyChainAutoInterruptible() {
    return autoInterruptibleClient.call(request);
  }

  /**
   * Baseline: the endpoint called directly.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse directCall() {
    return endpoint.call(request);
  }

  /**
   * The empty chain: built client, direct route, no listeners; the endpoint is a plain lambda that
   * declares nothing, so the default isolation runs its attempts on the executor.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse emptyChain() {
    return client.call(request);
  }

  /**
   * The empty chain with attempts on the caller's thread ({@link AttemptIsolation#CALLER}).
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse emptyChainCallerThread() {
    return callerThreadClient.call(request);
  }

  /**
   * The empty chain with one no-op listener, so every call and attempt event is built and
   * delivered.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse emptyChainWithEvents() {
    return clientWithListener.call(request);
  }
}
