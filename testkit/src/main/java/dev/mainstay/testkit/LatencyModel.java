package dev.mainstay.testkit;

import dev.mainstay.testkit.internal.LatencyModels;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a simulated call takes. Implementations are immutable values; {@code toString()}
 * prints the {@code simulated:} URI form, which {@link #parse(String)} reads back.
 *
 * <p>A model draws from the generator it is given and nothing else, so the same generator state
 * always gives the same latency. The waiting itself is done by the endpoint, through its {@link
 * dev.mainstay.core.TimeSource}.
 *
 * <pre>{@code
 * LatencyModel.fixed(Duration.ofMillis(20));                      // fixed:20ms
 * LatencyModel.uniform(Duration.ofMillis(10), Duration.ofMillis(50)); // uniform:10ms,50ms
 * LatencyModel.logNormal(Duration.ofMillis(50), 0.5);             // lognormal:50ms,0.5
 * LatencyModel.heavyTail(Duration.ofMillis(50), 0.3, 0.02, 20);   // heavytail:50ms,0.3,0.02,20
 * }</pre>
 */
@FunctionalInterface
public interface LatencyModel {

  /**
   * Draws one latency.
   *
   * @param random the call's generator
   * @return a non-negative duration
   */
  Duration sample(RandomGenerator random);

  /**
   * No latency at all (URI form {@code none}).
   *
   * @return the zero-latency model
   */
  static LatencyModel none() {
    return LatencyModels.Fixed.ZERO;
  }

  /**
   * Always the same latency (URI form {@code fixed:20ms}).
   *
   * @param latency a non-negative duration
   * @return the model
   */
  static LatencyModel fixed(Duration latency) {
    return new LatencyModels.Fixed(latency);
  }

  /**
   * Uniformly distributed between two bounds, inclusive (URI form {@code uniform:10ms,50ms}).
   *
   * @param min the lower bound, non-negative
   * @param max the upper bound, at least {@code min}
   * @return the model
   */
  static LatencyModel uniform(Duration min, Duration max) {
    return new LatencyModels.Uniform(min, max);
  }

  /**
   * Log-normally distributed: {@code median * exp(sigma * Z)} with Z standard normal (URI form
   * {@code lognormal:50ms,0.5}). A sigma of 0.5 gives p99 ≈ 3.2 × median; 1.0 gives ≈ 10 ×.
   *
   * @param median the median latency, positive
   * @param sigma the shape, in [0, 5]
   * @return the model
   */
  static LatencyModel logNormal(Duration median, double sigma) {
    return new LatencyModels.LogNormal(median, sigma);
  }

  /**
   * A heavy-tail mixture: a log-normal body ({@code median}, {@code sigma}) plus, with probability
   * {@code stragglerProbability}, a straggler from the same shape around {@code stragglerFactor ×
   * median} (URI form {@code heavytail:50ms,0.3,0.02,20}). The shape hedging is designed for.
   *
   * @param median the body's median, positive
   * @param sigma the shape of body and stragglers, in [0, 5]
   * @param stragglerProbability the share of stragglers, in [0, 1]
   * @param stragglerFactor how many times slower a straggler's median is, at least 1
   * @return the model
   */
  static LatencyModel heavyTail(
      Duration median, double sigma, double stragglerProbability, double stragglerFactor) {
    return new LatencyModels.HeavyTail(median, sigma, stragglerProbability, stragglerFactor);
  }

  /**
   * Parses the URI form: {@code none}, {@code fixed:<d>}, {@code uniform:<min>,<max>}, {@code
   * lognormal:<median>,<sigma>} or {@code heavytail:<median>,<sigma>,<p>,<factor>}, where durations
   * are written like {@code 20ms}, {@code 1.5s}.
   *
   * @param spec the text
   * @return the model
   * @throws IllegalArgumentException naming what is wrong (the text itself is not echoed)
   */
  static LatencyModel parse(String spec) {
    return LatencyModels.parse(spec);
  }
}
