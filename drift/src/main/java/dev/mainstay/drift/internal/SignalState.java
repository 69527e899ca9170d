package dev.mainstay.drift.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import dev.mainstay.drift.DriftDetector;
import dev.mainstay.drift.DriftSnapshot;
import dev.mainstay.drift.Signal;
import dev.mainstay.drift.VectorDriftDetector;
import dev.mainstay.drift.WindowedDetector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One detector of a monitor (one signal on one endpoint and model, or client-wide) behind a lock:
 * the detectors are single-threaded, the monitor is not. Categorical labels are interned to
 * indices here; labels beyond the detector's capacity share the last index ("other").
 */
public final class SignalState {
  /** What a detection looked like, read under the lock. */
  public record Alarm(String detector, double statistic, double threshold, double pValue, long observations) {}

  private final Signal.Kind kind;
  private final @Nullable DriftDetector scalar;
  private final @Nullable VectorDriftDetector vector;
  private final int maxCategories;
  private final Map<String, Integer> categories = new HashMap<>();
  private final List<String> labels = new ArrayList<>();
  private long alarms;
  private long lastAlarmNanos;
  private boolean alarmed;

  /**
   * A state for a signal.
   *
   * @param signal the signal, whose factory makes the detector
   * @param maxCategories label capacity for categorical signals
   */
  public SignalState(Signal signal, int maxCategories) {
    this.kind = signal.kind();
    this.maxCategories = maxCategories;
    if (kind == Signal.Kind.VECTOR) {
      this.vector = signal.newVectorDetector();
      this.scalar = null;
    } else {
      this.scalar = signal.newDetector();
      this.vector = null;
    }
  }

  private int index(String label) {
    Integer i = categories.get(label);
    if (i != null) {
      return i;
    }
    if (labels.size() >= maxCategories - 1) {
      return maxCategories - 1;
    }
    int next = labels.size();
    categories.put(label, next);
    labels.add(label);
    return next;
  }

  /**
   * Applies a baseline: pins a windowed detector's reference, or primes a sequential detector by
   * feeding the values (any detection while priming is discarded).
   *
   * @param entry the baseline entry
   */
  public synchronized void applyBaseline(DriftSnapshot.Entry entry) {
    if (entry.kind() != kind) {
      throw new IllegalArgumentException(
          "baseline for '" + entry.signal() + "' is " + entry.kind() + ", the signal is " + kind);
    }
    if (vector != null) {
      vector.pinReference(entry.vectors().toArray(new float[0][]));
      return;
    }
    DriftDetector d = requireNonNull(scalar);
    double[] values;
    if (kind == Signal.Kind.CATEGORICAL) {
      values = new double[entry.labels().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = index(entry.labels().get(i));
      }
    } else {
      values = entry.numbers().stream().mapToDouble(Double::doubleValue).toArray();
    }
    if (d instanceof WindowedDetector w) {
      w.pinReference(values);
    } else {
      for (double v : values) {
        d.update(v);
      }
      if (d.driftDetected()) {
        d.reset();
      }
    }
  }

  /**
   * Feeds a number or a category label.
   *
   * @param value the number (ignored for categorical signals)
   * @param label the label (categorical signals)
   * @param nowNanos the time source's reading, for the alarm cool-down
   * @param coolDownNanos the least time between two alarms of this state
   * @return the alarm, or null when the detector did not fire (or fired within the cool-down)
   */
  public synchronized @Nullable Alarm update(
      double value, @Nullable String label, long nowNanos, long coolDownNanos) {
    DriftDetector d = requireNonNull(scalar);
    double x = kind == Signal.Kind.CATEGORICAL ? (label == null ? Double.NaN : index(label)) : value;
    if (!d.update(x)) {
      return null;
    }
    return alarm(d.name(), d.statistic(), d.threshold(), d.pValue(), d.observations(), nowNanos,
        coolDownNanos);
  }

  /**
   * Feeds a vector.
   *
   * @param value the vector
   * @param nowNanos the time source's reading
   * @param coolDownNanos the least time between two alarms of this state
   * @return the alarm, or null
   */
  public synchronized @Nullable Alarm update(float[] value, long nowNanos, long coolDownNanos) {
    VectorDriftDetector d = requireNonNull(vector);
    if (!d.update(value)) {
      return null;
    }
    return alarm(d.name(), d.statistic(), d.threshold(), d.pValue(), d.observations(), nowNanos,
        coolDownNanos);
  }

  private @Nullable Alarm alarm(String name, double statistic, double threshold, double p,
      long observations, long nowNanos, long coolDownNanos) {
    if (alarmed && nowNanos - lastAlarmNanos < coolDownNanos) {
      return null;
    }
    alarmed = true;
    lastAlarmNanos = nowNanos;
    alarms++;
    return new Alarm(name, statistic, threshold, p, observations);
  }

  /**
   * Alarms raised.
   *
   * @return the count
   */
  public synchronized long alarms() {
    return alarms;
  }

  /**
   * The detector's name.
   *
   * @return the name
   */
  public String detectorName() {
    return vector != null ? vector.name() : requireNonNull(scalar).name();
  }

  /**
   * Observations fed since the detector's last reset.
   *
   * @return the count
   */
  public synchronized long observations() {
    return vector != null ? vector.observations() : requireNonNull(scalar).observations();
  }

  /**
   * The detector's statistic.
   *
   * @return the statistic or NaN
   */
  public synchronized double statistic() {
    return vector != null ? vector.statistic() : requireNonNull(scalar).statistic();
  }

  /**
   * This state's reference as a snapshot entry, when its detector keeps a complete one.
   *
   * @param signal the signal name
   * @param endpointId the endpoint id to record ({@code "*"} for client-wide)
   * @param out where to add the entry
   */
  public synchronized void exportReference(String signal, String endpointId, DriftSnapshot.Builder out) {
    if (vector != null) {
      float[][] ref = vector.referenceVectors();
      if (ref.length >= 2) {
        out.vectors(signal, endpointId, List.of(ref));
      }
      return;
    }
    DriftDetector d = requireNonNull(scalar);
    if (!(d instanceof WindowedDetector w) || !w.referenceReady()) {
      return;
    }
    double[] ref = w.referenceValues();
    if (kind == Signal.Kind.CATEGORICAL) {
      List<String> out2 = new ArrayList<>();
      for (double v : ref) {
        int i = (int) v;
        out2.add(i < labels.size() ? labels.get(i) : "other");
      }
      out.categorical(signal, endpointId, out2);
    } else {
      out.numeric(signal, endpointId, ref);
    }
  }

  /** Resets the detector. */
  public synchronized void reset() {
    if (vector != null) {
      vector.reset();
    } else {
      requireNonNull(scalar).reset();
    }
  }
}
