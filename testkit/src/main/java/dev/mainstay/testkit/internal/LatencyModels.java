package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.testkit.LatencyModel;
import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** The latency models behind {@link LatencyModel}'s factories. */
public final class LatencyModels {
  private LatencyModels() {}

  private static final double MAX_SIGMA = 5.0;

  /**
   * Parses the URI form of a latency model.
   *
   * @param spec the text
   * @return the model
   */
  public static LatencyModel parse(String spec) {
    requireNonNull(spec, "spec");
    String s = spec.trim();
    int colon = s.indexOf(':');
    String name = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    String[] args = colon < 0 ? new String[0] : s.substring(colon + 1).split(",", -1);
    switch (name) {
      case "none":
        arity(name, args, 0, "none");
        return LatencyModel.none();
      case "fixed":
        arity(name, args, 1, "fixed:<duration>");
        return LatencyModel.fixed(Durations.parse(args[0], "fixed latency"));
      case "uniform":
        arity(name, args, 2, "uniform:<min>,<max>");
        return LatencyModel.uniform(
            Durations.parse(args[0], "uniform min"), Durations.parse(args[1], "uniform max"));
      case "lognormal":
        arity(name, args, 2, "lognormal:<median>,<sigma>");
        return LatencyModel.logNormal(
            Durations.parse(args[0], "lognormal median"), number(args[1], "lognormal sigma"));
      case "heavytail":
        arity(name, args, 4, "heavytail:<median>,<sigma>,<stragglerProbability>,<stragglerFactor>");
        return LatencyModel.heavyTail(
            Durations.parse(args[0], "heavytail median"),
            number(args[1], "heavytail sigma"),
            number(args[2], "heavytail straggler probability"),
            number(args[3], "heavytail straggler factor"));
      default:
        throw new IllegalArgumentException(
            "unknown latency model; expected none, fixed:<d>, uniform:<min>,<max>, "
                + "lognormal:<median>,<sigma> or heavytail:<median>,<sigma>,<p>,<factor>");
    }
  }

  private static void arity(String name, String[] args, int n, String form) {
    if (args.length != n || (n == 0 && args.length != 0)) {
      throw new IllegalArgumentException(
          "latency model '" + name + "' takes " + n + " argument(s): " + form);
    }
  }

  static double number(String text, String what) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number");
    }
  }

  private static Duration nonNegative(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }

  private static Duration positive(Duration d, String name) {
    requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  private static double checkSigma(double sigma) {
    if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
      throw new IllegalArgumentException("sigma must be in [0, " + MAX_SIGMA + "], was " + sigma);
    }
    return sigma;
  }

  /**
   * A fixed latency.
   *
   * @param latency the latency
   */
  public record Fixed(Duration latency) implements LatencyModel {
    /** Zero latency. */
    public static final Fixed ZERO = new Fixed(Duration.ZERO);

    /** Validates. */
    public Fixed {
      nonNegative(latency, "latency");
    }

    @Override
    public Duration sample(RandomGenerator random) {
      return latency;
    }

    @Override
    public String toString() {
      return latency.isZero() ? "none" : "fixed:" + Durations.format(latency);
    }
  }

  /**
   * A uniform latency.
   *
   * @param min lower bound
   * @param max upper bound
   */
  public record Uniform(Duration min, Duration max) implements LatencyModel {
    /** Validates. */
    public Uniform {
      nonNegative(min, "min");
      nonNegative(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("uniform max must be >= min, was " + max + " < " + min);
      }
    }

    @Override
    public Duration sample(RandomGenerator random) {
      long lo = min.toNanos();
      long hi = max.toNanos();
      return lo == hi ? min : Duration.ofNanos(random.nextLong(lo, hi + 1));
    }

    @Override
    public String toString() {
      return "uniform:" + Durations.format(min) + "," + Durations.format(max);
    }
  }

  /**
   * A log-normal latency.
   *
   * @param median the median
   * @param sigma the shape
   */
  public record LogNormal(Duration median, double sigma) implements LatencyModel {
    /** Validates. */
    public LogNormal {
      positive(median, "median");
      checkSigma(sigma);
    }

    @Override
    public Duration sample(RandomGenerator random) {
      return Durations.times(median, Math.exp(sigma * random.nextGaussian()));
    }

    @Override
    public String toString() {
      return "lognormal:" + Durations.format(median) + "," + sigma;
    }
  }

  /**
   * A log-normal body with log-normal stragglers.
   *
   * @param median body median
   * @param sigma shape
   * @param stragglerProbability share of stragglers
   * @param stragglerFactor straggler median over body median
   */
  public record HeavyTail(
      Duration median, double sigma, double stragglerProbability, double stragglerFactor)
      implements LatencyModel {
    /** Validates. */
    public HeavyTail {
      positive(median, "median");
      checkSigma(sigma);
      Checks.probability(stragglerProbability, "stragglerProbability");
      if (!(stragglerFactor >= 1.0) || !Double.isFinite(stragglerFactor)) {
        throw new IllegalArgumentException(
            "stragglerFactor must be a finite number >= 1, was " + stragglerFactor);
      }
    }

    @Override
    public Duration sample(RandomGenerator random) {
      // Always two draws, so a straggler does not shift the draws of what follows.
      boolean straggler = random.nextDouble() < stragglerProbability;
      double shape = Math.exp(sigma * random.nextGaussian());
      return Durations.times(median, (straggler ? stragglerFactor : 1.0) * shape);
    }

    @Override
    public String toString() {
      return "heavytail:" + Durations.format(median) + "," + sigma + "," + stragglerProbability
          + "," + stragglerFactor;
    }
  }
}
