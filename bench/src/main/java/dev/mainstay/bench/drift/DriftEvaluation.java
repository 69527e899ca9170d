package dev.mainstay.bench.drift;

import dev.mainstay.drift.AdwinConfig;
import dev.mainstay.drift.Detectors;
import dev.mainstay.drift.Direction;
import dev.mainstay.drift.DriftDetector;
import dev.mainstay.drift.PageHinkleyConfig;
import dev.mainstay.drift.WindowConfig;
import dev.mainstay.drift.WindowTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Detection delay and false alarms of the drift detectors on synthetic streams, over 30 seeds,
 * reported as mean with a 95% t-interval. Not a timing benchmark: results are deterministic for
 * a given seed set.
 *
 * <ul>
 *   <li>drift-free N(0, 1) streams of 10^6 samples: false alarms per 10k samples;
 *   <li>abrupt and gradual (2,000-sample linear ramp) upward mean shifts of 0.25, 0.5, 1 and 2
 *       sigma at sample 5,000 of N(0, 1): delay from the change to the first alarm at or after it,
 *       detection rate within 10,000 samples, false alarms per 10k before the change;
 *   <li>Bernoulli rate rises from 0.01, 0.05, 0.1, 0.2 by 0.02, 0.05, 0.1, 0.3 at sample 5,000,
 *       and drift-free Bernoulli streams of 10^6 samples.
 * </ul>
 *
 * <p>Run: {@code java -cp <drift classes>:<core jar>:<bench classes> dev.mainstay.bench.drift.DriftEvaluation
 * [seeds] [freeLength]}.
 */
public final class DriftEvaluation {
  private static final int CHANGE = 5_000;
  private static final int AFTER = 10_000;
  private static final int RAMP = 2_000;

  private DriftEvaluation() {}

  static Map<String, Supplier<DriftDetector>> numericDetectors() {
    Map<String, Supplier<DriftDetector>> m = new LinkedHashMap<>();
    m.put("page-hinkley (River defaults, up)", Detectors::pageHinkley);
    m.put("page-hinkley threshold=100 (up)",
        () -> Detectors.pageHinkley(PageHinkleyConfig.builder().threshold(100).build()));
    m.put("page-hinkley two-sided",
        () -> Detectors.pageHinkley(PageHinkleyConfig.builder().direction(Direction.BOTH).build()));
    m.put("adwin (River defaults)", Detectors::adwin);
    m.put("adwin clock=1", () -> Detectors.adwin(AdwinConfig.builder().clock(1).build()));
    m.put("ks window 500 (alpha 0.01)", () -> Detectors.numericWindow(WindowConfig.of(WindowTest.KS)));
    m.put("psi window 500 (0.25)", () -> Detectors.numericWindow(WindowConfig.of(WindowTest.PSI)));
    m.put("jensen-shannon window 500 (0.15)",
        () -> Detectors.numericWindow(WindowConfig.of(WindowTest.JENSEN_SHANNON)));
    m.put("wasserstein/std window 500 (0.2)",
        () -> Detectors.numericWindow(WindowConfig.of(WindowTest.WASSERSTEIN)));
    return m;
  }

  static Map<String, Supplier<DriftDetector>> bernoulliDetectors() {
    Map<String, Supplier<DriftDetector>> m = new LinkedHashMap<>();
    m.put("hddm-a (River defaults)", Detectors::hddmA);
    m.put("adwin (River defaults)", Detectors::adwin);
    return m;
  }

  /** Mean and 95% t-interval half-width. */
  static String ci(List<Double> xs, int decimals) {
    int n = xs.size();
    if (n == 0) {
      return "n/a";
    }
    double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    if (n == 1) {
      return String.format(Locale.ROOT, "%." + decimals + "f", mean);
    }
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double half = t975(n - 1) * sd / Math.sqrt(n);
    return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", mean, half);
  }

  static double t975(int df) {
    double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
        2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    return df <= t.length ? t[df - 1] : 1.96;
  }

  interface Stream {
    double at(int i, SplittableRandom r);
  }

  /** Runs one detector over one stream; returns {first alarm at or after change (-1), alarms before change}. */
  static int[] run(DriftDetector d, Stream s, int length, int change, SplittableRandom r) {
    int before = 0;
    int first = -1;
    for (int i = 0; i < length; i++) {
      if (d.update(s.at(i, r))) {
        if (i < change) {
          before++;
        } else {
          first = i;
          break;
        }
      }
    }
    return new int[] {first, before};
  }

  static double gaussian(SplittableRandom r) {
    // Marsaglia polar method (SplittableRandom has no nextGaussian on Java 17)
    double u;
    double v;
    double s;
    do {
      u = 2 * r.nextDouble() - 1;
      v = 2 * r.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int freeLength = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    StringBuilder out = new StringBuilder();
    out.append("# Drift detector evaluation (").append(seeds).append(" seeds, mean ± 95% CI)\n\n");

    out.append("## Drift-free N(0,1), ").append(freeLength).append(" samples: false alarms per 10k\n\n");
    out.append("| detector | false alarms / 10k | max over seeds |\n|---|---|---|\n");
    for (Map.Entry<String, Supplier<DriftDetector>> e : numericDetectors().entrySet()) {
      List<Double> rates = new ArrayList<>();
      double max = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        SplittableRandom r = new SplittableRandom(1000 + seed);
        int[] res = run(e.getValue().get(), (i, rr) -> gaussian(rr), freeLength, Integer.MAX_VALUE, r);
        double rate = res[1] * 10_000.0 / freeLength;
        rates.add(rate);
        max = Math.max(max, rate);
      }
      out.append("| ").append(e.getKey()).append(" | ").append(ci(rates, 3)).append(" | ")
          .append(String.format(Locale.ROOT, "%.3f", max)).append(" |\n");
      flush(out);
    }

    for (boolean gradual : new boolean[] {false, true}) {
      out.append("\n## ").append(gradual ? "Gradual (2,000-sample ramp)" : "Abrupt")
          .append(" upward mean shift of N(0,1) at sample 5,000: delay (samples), detected, false alarms / 10k before the change\n\n");
      out.append("| detector | shift | delay | detected | FA / 10k before |\n|---|---|---|---|---|\n");
      for (Map.Entry<String, Supplier<DriftDetector>> e : numericDetectors().entrySet()) {
        for (double shift : new double[] {0.25, 0.5, 1, 2}) {
          List<Double> delays = new ArrayList<>();
          List<Double> fas = new ArrayList<>();
          for (int seed = 1; seed <= seeds; seed++) {
            SplittableRandom r = new SplittableRandom(seed * 7919L + (long) (shift * 100));
            Stream s = (i, rr) -> {
              double mu = i < CHANGE ? 0 : gradual ? shift * Math.min(1.0, (i - CHANGE + 1) / (double) RAMP) : shift;
              return mu + gaussian(rr);
            };
            int[] res = run(e.getValue().get(), s, CHANGE + AFTER, CHANGE, r);
            if (res[0] >= 0) {
              delays.add((double) (res[0] - CHANGE));
            }
            fas.add(res[1] * 10_000.0 / CHANGE);
          }
          out.append("| ").append(e.getKey()).append(" | ").append(shift).append("σ | ")
              .append(ci(delays, 0)).append(" | ").append(delays.size()).append('/').append(seeds)
              .append(" | ").append(ci(fas, 2)).append(" |\n");
          flush(out);
        }
      }
    }

    out.append("\n## Bernoulli rate rise at sample 5,000: delay (samples), detected, false alarms / 10k before\n\n");
    out.append("| detector | p0 → p1 | delay | detected | FA / 10k before |\n|---|---|---|---|---|\n");
    for (Map.Entry<String, Supplier<DriftDetector>> e : bernoulliDetectors().entrySet()) {
      for (double p0 : new double[] {0.01, 0.05, 0.1, 0.2}) {
        for (double dp : new double[] {0.02, 0.05, 0.1, 0.3}) {
          List<Double> delays = new ArrayList<>();
          List<Double> fas = new ArrayList<>();
          for (int seed = 1; seed <= seeds; seed++) {
            SplittableRandom r = new SplittableRandom(seed * 104729L + (long) (p0 * 1000) * 31 + (long) (dp * 1000));
            Stream s = (i, rr) -> rr.nextDouble() < (i < CHANGE ? p0 : p0 + dp) ? 1.0 : 0.0;
            int[] res = run(e.getValue().get(), s, CHANGE + AFTER, CHANGE, r);
            if (res[0] >= 0) {
              delays.add((double) (res[0] - CHANGE));
            }
            fas.add(res[1] * 10_000.0 / CHANGE);
          }
          out.append("| ").append(e.getKey()).append(" | ").append(p0).append(" → ")
              .append(String.format(Locale.ROOT, "%.2f", p0 + dp)).append(" | ").append(ci(delays, 0))
              .append(" | ").append(delays.size()).append('/').append(seeds).append(" | ")
              .append(ci(fas, 2)).append(" |\n");
        }
      }
    }

    out.append("\n## Drift-free Bernoulli, ").append(freeLength).append(" samples: false alarms per 10k\n\n");
    out.append("| detector | p | false alarms / 10k |\n|---|---|---|\n");
    for (Map.Entry<String, Supplier<DriftDetector>> e : bernoulliDetectors().entrySet()) {
      for (double p : new double[] {0.01, 0.05, 0.1, 0.2}) {
        List<Double> rates = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
          SplittableRandom r = new SplittableRandom(5000 + seed * 13L + (long) (p * 1000));
          int[] res = run(e.getValue().get(), (i, rr) -> rr.nextDouble() < p ? 1.0 : 0.0, freeLength,
              Integer.MAX_VALUE, r);
          rates.add(res[1] * 10_000.0 / freeLength);
        }
        out.append("| ").append(e.getKey()).append(" | ").append(p).append(" | ").append(ci(rates, 3)).append(" |\n");
      }
    }
    flush(out);
  }

  private static void flush(StringBuilder out) {
    System.out.print(out);
    System.out.flush();
    out.setLength(0);
  }
}
