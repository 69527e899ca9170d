package dev.mainstay.bench.scenario;

import dev.mainstay.core.ErrorKind;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every call of a scenario run: when it started, how long it took, how it ended. Immutable.
 * {@link #stats()} summarises the whole run, {@link #window(Duration, Duration)} the calls that
 * started inside a time window (for "p99 during the outage against p99 before it").
 */
public final class ScenarioResult {
  static final byte SUCCESS = -1;
  static final byte UNTYPED = -2;

  private final String name;
  private final int callers;
  private final long wallNanos;
  private final long[] starts;
  private final long[] latencies;
  private final byte[] outcomes;
  private final long attempts;
  private final long hedged;

  private ScenarioResult(String name, int callers, long wallNanos, long[] starts, long[] latencies,
      byte[] outcomes, long attempts, long hedged) {
    this.name = name;
    this.callers = callers;
    this.wallNanos = wallNanos;
    this.starts = starts;
    this.latencies = latencies;
    this.outcomes = outcomes;
    this.attempts = attempts;
    this.hedged = hedged;
  }

  static ScenarioResult merge(String name, int callers, long wallNanos, List<Scenario.Recorder> recs) {
    int n = 0;
    long attempts = 0;
    long hedged = 0;
    for (Scenario.Recorder r : recs) {
      n += r.size;
      attempts += r.attempts;
      hedged += r.hedged;
    }
    long[] s = new long[n];
    long[] l = new long[n];
    byte[] o = new byte[n];
    int i = 0;
    for (Scenario.Recorder r : recs) {
      System.arraycopy(r.starts, 0, s, i, r.size);
      System.arraycopy(r.latencies, 0, l, i, r.size);
      System.arraycopy(r.outcomes, 0, o, i, r.size);
      i += r.size;
    }
    return new ScenarioResult(name, callers, wallNanos, s, l, o, attempts, hedged);
  }

  /**
   * The scenario's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Wall-clock time of the whole run.
   *
   * @return the duration
   */
  public Duration wallTime() {
    return Duration.ofNanos(wallNanos);
  }

  /**
   * Endpoint attempts summed over successful calls (from {@code CallFacts}).
   *
   * @return attempts of successful calls
   */
  public long attemptsOfSuccesses() {
    return attempts;
  }

  /**
   * Successful calls answered by a hedge.
   *
   * @return the count
   */
  public long hedgedSuccesses() {
    return hedged;
  }

  /**
   * Statistics over every call.
   *
   * @return the statistics
   */
  public Stats stats() {
    return window(Duration.ZERO, Duration.ofNanos(Long.MAX_VALUE));
  }

  /**
   * Statistics over the calls that started in {@code [from, to)} since the run began.
   *
   * @param from window start offset
   * @param to window end offset
   * @return the statistics
   */
  public Stats window(Duration from, Duration to) {
    long a = from.toNanos();
    long b = to.toNanos();
    int count = 0;
    for (long s : starts) {
      if (s >= a && s < b) {
        count++;
      }
    }
    long[] lat = new long[count];
    long ok = 0;
    long untyped = 0;
    Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int j = 0;
    for (int i = 0; i < starts.length; i++) {
      if (starts[i] >= a && starts[i] < b) {
        lat[j++] = latencies[i];
        first = Math.min(first, starts[i]);
        last = Math.max(last, starts[i] + latencies[i]);
        byte o = outcomes[i];
        if (o == SUCCESS) {
          ok++;
        } else if (o == UNTYPED) {
          untyped++;
        } else {
          errors.merge(ErrorKind.values()[o], 1L, Long::sum);
        }
      }
    }
    Arrays.sort(lat);
    long span = count == 0 ? 0 : last - first;
    return new Stats(count, ok, untyped, errors, lat, span);
  }

  /**
   * A readable multi-line report of the whole run.
   *
   * @return the report
   */
  public String report() {
    Stats s = stats();
    return String.format(Locale.ROOT, "%s: %d callers, %.1f s wall%n  %s%n", name, callers,
        wallNanos / 1e9, s);
  }

  /** Statistics over a set of calls. Latencies are in milliseconds. */
  public static final class Stats {
    private final long calls;
    private final long successes;
    private final long untyped;
    private final Map<ErrorKind, Long> errors;
    private final long[] sorted;
    private final long spanNanos;

    Stats(long calls, long successes, long untyped, Map<ErrorKind, Long> errors, long[] sorted, long spanNanos) {
      this.calls = calls;
      this.successes = successes;
      this.untyped = untyped;
      this.errors = errors;
      this.sorted = sorted;
      this.spanNanos = spanNanos;
    }

    /** @return calls counted */
    public long calls() {
      return calls;
    }

    /** @return calls that returned a response */
    public long successes() {
      return successes;
    }

    /** @return calls that threw something other than a ModelException (contract breaches) */
    public long untyped() {
      return untyped;
    }

    /** @return failed calls by error kind */
    public Map<ErrorKind, Long> errors() {
      return new EnumMap<>(errors); // errors is always an EnumMap, so the copy works when empty
    }

    /** @return successes / calls, 1.0 when there were no calls */
    public double availability() {
      return calls == 0 ? 1.0 : (double) successes / calls;
    }

    /** @return calls per second over the window's span */
    public double throughput() {
      return spanNanos == 0 ? 0 : calls * 1e9 / spanNanos;
    }

    /**
     * A latency quantile.
     *
     * @param q in [0, 1]
     * @return the latency in milliseconds (nearest-rank), NaN with no calls
     */
    public double quantileMillis(double q) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int idx = (int) Math.ceil(q * sorted.length) - 1;
      idx = Math.max(0, Math.min(sorted.length - 1, idx));
      return sorted[idx] / 1e6;
    }

    /** @return median latency in ms */
    public double p50() {
      return quantileMillis(0.50);
    }

    /** @return 90th percentile latency in ms */
    public double p90() {
      return quantileMillis(0.90);
    }

    /** @return 99th percentile latency in ms */
    public double p99() {
      return quantileMillis(0.99);
    }

    /** @return 99.9th percentile latency in ms */
    public double p999() {
      return quantileMillis(0.999);
    }

    /** @return the largest latency in ms */
    public double max() {
      return quantileMillis(1.0);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "calls=%d ok=%d (%.3f%%) errors=%s untyped=%d throughput=%.0f/s "
              + "p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms",
          calls, successes, 100 * availability(), errors, untyped, throughput(),
          p50(), p90(), p99(), p999(), max());
    }
  }
}
