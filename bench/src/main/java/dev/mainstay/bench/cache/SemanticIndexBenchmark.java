package dev.mainstay.bench.cache;

import dev.mainstay.cache.CacheKey;
import dev.mainstay.cache.HashingEmbedder;
import dev.mainstay.cache.internal.VectorIndex;
import dev.mainstay.core.Nullable;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The semantic cache's brute-force nearest-neighbour scan (one partition of {@code entries} unit
 * vectors of {@code dims} floats, contiguous) and the default hashing embedder. Finds where the
 * linear scan stops being cheap relative to a model call. Uses the cache's internal index class
 * directly: bench is not a published module.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SemanticIndex}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@SuppressWarnings("NullAway.Init") // JMH initialises state in @Setup
public class SemanticIndexBenchmark {
  @Param({"1000", "10000", "50000", "100000"})
  public int entries;

  @Param({"384", "1024"})
  public int dims;

  private VectorIndex index;
  private float[] query;
  private HashingEmbedder embedder;

  /** Fills the index with random unit vectors. */
  @Setup(Level.Trial)
  public void setUp() {
    Random rnd = new Random(42);
    index = new VectorIndex(dims);
    for (int i = 0; i < entries; i++) {
      index.put(key(i), unit(rnd));
    }
    query = unit(rnd);
    embedder = HashingEmbedder.ofDefaults();
  }

  private float[] unit(Random rnd) {
    float[] v = new float[dims];
    for (int k = 0; k < dims; k++) {
      v[k] = (float) rnd.nextGaussian();
    }
    VectorIndex.normalise(v);
    return v;
  }

  private static CacheKey key(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) (i >>> 24);
    b[1] = (byte) (i >>> 16);
    b[2] = (byte) (i >>> 8);
    b[3] = (byte) i;
    return CacheKey.of(b);
  }

  /**
   * One lookup: a dot product with every stored vector.
   *
   * @return the best match (null: threshold above any random similarity)
   */
  @Benchmark
  public @Nullable Object nearest() {
    return index.nearest(query, 0.99);
  }

  /**
   * The default embedder on a typical question (independent of the parameters).
   *
   * @return the vector
   */
  @Benchmark
  public float[] embedQuestion() {
    return embedder.embed("How do I reset the password of my account?");
  }
}
