package dev.mainstay.observability;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A point-in-time reading of the Mainstay and GenAI meters in a registry, for reports: take one
 * before and one after a phase of work and print {@link #minus(MetricsSnapshot)}.
 *
 * <p>Each line is keyed {@code name{tag=value,…}} (the {@code mainstay.client} tag is left out
 * when {@code client} was given). Counters give their count; timers and summaries give {@code
 * .count} and {@code .sum} (seconds for timers); gauges give their value. Histogram bucket meters
 * of a {@code SimpleMeterRegistry} are skipped.
 *
 * @param values the readings, sorted by key
 */
public record MetricsSnapshot(Map<String, Double> values) {

  /** Copies the readings into a sorted, unmodifiable map. */
  public MetricsSnapshot {
    values = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(values, "values")));
  }

  /**
   * Reads every {@code mainstay.*} and {@code gen_ai.*} meter of every client.
   *
   * @param registry the registry the {@link Observability} writes to
   * @return the snapshot
   */
  public static MetricsSnapshot take(MeterRegistry registry) {
    return read(requireNonNull(registry, "registry"), null);
  }

  /**
   * Reads the {@code mainstay.*} and {@code gen_ai.*} meters of one client.
   *
   * @param registry the registry the {@link Observability} writes to
   * @param client the client name
   * @return the snapshot, without the client tag in its keys
   */
  public static MetricsSnapshot take(MeterRegistry registry, String client) {
    return read(requireNonNull(registry, "registry"), requireNonNull(client, "client"));
  }

  private static MetricsSnapshot read(MeterRegistry registry, @dev.mainstay.core.Nullable String client) {
    Map<String, Double> out = new TreeMap<>();
    for (Meter m : registry.getMeters()) {
      Meter.Id id = m.getId();
      String name = id.getName();
      if (!(name.startsWith("mainstay.") || name.startsWith("gen_ai.")) || id.getTag("le") != null) {
        continue;
      }
      String meterClient = id.getTag(ObservationDocumentation.TAG_CLIENT);
      if (client != null && !client.equals(meterClient)) {
        continue;
      }
      StringBuilder key = new StringBuilder(name).append('{');
      boolean first = true;
      for (Tag t : id.getTagsAsIterable()) {
        if (client != null && t.getKey().equals(ObservationDocumentation.TAG_CLIENT)) {
          continue;
        }
        if (!first) {
          key.append(',');
        }
        key.append(t.getKey()).append('=').append(t.getValue());
        first = false;
      }
      String k = key.append('}').toString();
      if (m instanceof Counter c) {
        out.put(k, c.count());
      } else if (m instanceof FunctionCounter c) {
        out.put(k, c.count());
      } else if (m instanceof Timer t) {
        out.put(k + ".count", (double) t.count());
        out.put(k + ".sum", t.totalTime(TimeUnit.SECONDS));
      } else if (m instanceof DistributionSummary d) {
        out.put(k + ".count", (double) d.count());
        out.put(k + ".sum", d.totalAmount());
      } else if (m instanceof Gauge g) {
        out.put(k, g.value());
      }
    }
    return new MetricsSnapshot(out);
  }

  /**
   * What changed since an earlier snapshot: counts and sums as differences, gauges as their
   * current value; lines that did not change are left out.
   *
   * @param earlier a snapshot taken before this one
   * @return the change
   */
  public MetricsSnapshot minus(MetricsSnapshot earlier) {
    requireNonNull(earlier, "earlier");
    Map<String, Double> out = new TreeMap<>();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double before = earlier.values.getOrDefault(e.getKey(), 0.0);
      boolean gauge = e.getKey().startsWith(ObservationDocumentation.BREAKER_STATE + "{")
          || e.getKey().startsWith(ObservationDocumentation.DRIFT_STATISTIC + "{");
      double now = e.getValue();
      if (gauge) {
        if (now != before || !earlier.values.containsKey(e.getKey())) {
          out.put(e.getKey(), now);
        }
      } else if (now != before) {
        out.put(e.getKey(), now - before);
      }
    }
    return new MetricsSnapshot(out);
  }

  /**
   * One reading.
   *
   * @param key the line's key, as in {@link #values()}
   * @return the value, or 0 when absent
   */
  public double get(String key) {
    return values.getOrDefault(requireNonNull(key, "key"), 0.0);
  }

  /**
   * The sum of every line whose key starts with a prefix, such as <code>"mainstay.calls{"</code>.
   *
   * @param prefix a key prefix
   * @return the sum
   */
  public double sum(String prefix) {
    requireNonNull(prefix, "prefix");
    double s = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        s += e.getValue();
      }
    }
    return s;
  }

  /** One line per reading, {@code key value}, for reports. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double v = e.getValue();
      String value = v == Math.rint(v) && Math.abs(v) < 1e15
          ? String.valueOf((long) v)
          : String.format(Locale.ROOT, "%.6g", v);
      sb.append(e.getKey()).append(' ').append(value).append('\n');
    }
    return sb.toString();
  }
}
