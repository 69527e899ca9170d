package dev.mainstay.bench.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mainstay.cache.ResponseCache;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Parameters;
import java.time.Duration;
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
 * The cache stage's cost for a 1 KB prompt, in one run: a hit (key computation + lookup + copy),
 * a miss (key + lookup + single-flight registration + inner call + store), against a bare Caffeine
 * {@code getIfPresent} on a precomputed key and the uncached call of the same zero-latency model.
 * Target: {@link #hit} at most 2 µs.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CacheHit}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@SuppressWarnings("NullAway.Init") // JMH initialises state in @Setup
public class CacheHitBenchmark {
  private ModelClient inner;
  private ModelClient cached;
  private ModelClient alwaysMiss;
  private ModelClient builtWithCache;
  private ResponseCache hitCache;
  private ResponseCache missCache;
  private ResponseCache builtCache;
  private Cache<String, ModelResponse> bareCaffeine;
  private ModelRequest request;
  private String prompt;

  /** Builds the caches and primes the hit entry. */
  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 1024) {
      sb.append("Summarise the attached claim and list the policy clauses it touches. ");
    }
    prompt = sb.substring(0, 1024);
    ModelResponse answer = ModelResponse.ofText("A short answer of about eighty characters, as a typical cached reply.");
    inner = r -> answer;
    request = ModelRequest.chat(prompt).tenant("acme")
        .parameters(Parameters.builder().temperature(0).build())
        .withDeadline(Deadline.after(Duration.ofDays(1)));
    BenchContext ctx = new BenchContext();
    hitCache = ResponseCache.inMemory().build();
    cached = hitCache.decorate(inner, ctx);
    cached.call(request);
    // every answer outweighs the bound, so each call is a full miss: load, store, evict
    missCache = ResponseCache.inMemory().maximumBytes(1).executor(Runnable::run).build();
    alwaysMiss = missCache.decorate(inner, ctx);
    builtCache = ResponseCache.inMemory().build();
    builtWithCache = Mainstay.client("cached")
        .endpoint(Endpoint.of(EndpointInfo.builder("zero").provider("bench").build(), inner))
        .with(builtCache).build();
    builtWithCache.call(request);
    bareCaffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    bareCaffeine.put(prompt, answer);
  }

  /** Closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    hitCache.close();
    missCache.close();
    builtWithCache.close();
  }

  /**
   * Baseline: Caffeine {@code getIfPresent} with the prompt string as key (hash cached by String).
   *
   * @return the cached answer
   */
  @Benchmark
  public @Nullable ModelResponse bareCaffeineLookup() {
    return bareCaffeine.getIfPresent(prompt);
  }

  /**
   * Baseline: the zero-latency model called directly (no cache).
   *
   * @return the answer
   */
  @Benchmark
  public ModelResponse uncachedCall() {
    return inner.call(request);
  }

  /**
   * The key alone: canonical encoding + SHA-256 of the 1 KB request.
   *
   * @return the key
   */
  @Benchmark
  public Object keyOnly() {
    return hitCache.keyOf(request);
  }

  /**
   * The hit path of the cache stage.
   *
   * @return the cached answer
   */
  @Benchmark
  public ModelResponse hit() {
    return cached.call(request);
  }

  /**
   * The miss path of the cache stage around the zero-latency model.
   *
   * @return the answer
   */
  @Benchmark
  public ModelResponse miss() {
    return alwaysMiss.call(request);
  }

  /**
   * A hit through a whole built client (deadline and id stamping, call events off).
   *
   * @return the cached answer
   */
  @Benchmark
  public ModelResponse builtClientHit() {
    return builtWithCache.call(request);
  }
}
