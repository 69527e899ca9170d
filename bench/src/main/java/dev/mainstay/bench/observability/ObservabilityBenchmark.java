package dev.mainstay.bench.observability;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.ClientBuilder;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Router;
import dev.mainstay.core.Usage;
import dev.mainstay.observability.Observability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the {@code OBSERVE} stage on a zero-latency endpoint, in one run:
 *
 * <ul>
 *   <li>{@code none}: the client without observability (baseline);
 *   <li>{@code listener}: no observability, but an empty event listener, which makes the client
 *       build and publish its events (the part of the cost that belongs to core);
 *   <li>{@code noop}: {@code Observability.of(OpenTelemetry.noop(), new SimpleMeterRegistry())};
 *   <li>{@code sdk}: the OpenTelemetry SDK with a simple span processor and an in-memory exporter
 *       (a call span plus an attempt span per call), plus a {@code SimpleMeterRegistry}.
 * </ul>
 *
 * Attempts run on the caller's thread ({@link AttemptIsolation#CALLER}) so the thread hand-off
 * does not drown the stage's cost. Report the ratios {@code noop/none} and {@code sdk/none}.
 *
 * <pre>java -jar bench/target/benchmarks.jar ObservabilityBenchmark</pre>
 */
@SuppressWarnings("NullAway.Init") // JMH injects @Param fields and initialises state in @Setup
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObservabilityBenchmark {

  /** Which observation the client has. */
  @Param({"none", "listener", "noop", "sdk"})
  public String observation;

  private ModelClient client;
  private ModelRequest request;
  private @Nullable InMemorySpanExporter exporter;
  private @Nullable SdkTracerProvider tracerProvider;
  private long calls;

  /** Builds the client for the chosen observation. */
  @Setup
  public void setUp() {
    EndpointInfo info = EndpointInfo.builder("bench").provider("openai").model("gpt-4o-mini")
        .pricePerMillion(0.15, 0.60).build();
    ModelResponse answer = ModelResponse.builder(dev.mainstay.core.Operation.CHAT).text("ok")
        .model("gpt-4o-mini").endpointId("bench").usage(new Usage(12, 3)).build();
    Endpoint endpoint = Endpoint.of(info, r -> answer);
    ClientBuilder b = Mainstay.client("bench")
        .route(Router.direct(endpoint))
        .attemptIsolation(AttemptIsolation.CALLER);
    switch (observation) {
      case "none":
        break;
      case "listener":
        b.listener(event -> { }); // core's event publishing alone, which observation switches on
        break;
      case "noop":
        b.with(Observability.of(OpenTelemetry.noop(), new SimpleMeterRegistry()));
        break;
      case "sdk":
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(memory)).build();
        exporter = memory;
        tracerProvider = provider;
        OpenTelemetry sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build();
        b.with(Observability.of(sdk, new SimpleMeterRegistry()));
        break;
      default:
        throw new IllegalArgumentException("unknown observation " + observation);
    }
    client = b.build();
    request = ModelRequest.chat("Summarise this claim in one sentence.").model("gpt-4o-mini");
  }

  /** Closes the client and the SDK. */
  @TearDown
  public void tearDown() {
    client.close();
    SdkTracerProvider provider = tracerProvider;
    if (provider != null) {
      provider.close();
    }
  }

  /**
   * One observed call.
   *
   * @return the response
   */
  @Benchmark
  public ModelResponse call() {
    InMemorySpanExporter memory = exporter;
    if (memory != null && (++calls & 0x3FFF) == 0) {
      memory.reset(); // keep the in-memory exporter from growing without bound
    }
    return client.call(request);
  }
}
