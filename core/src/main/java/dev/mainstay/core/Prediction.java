package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The answer of a {@link Operation#PREDICT} call: an optional class label, named scalar scores
 * (class probabilities or named outputs) and named vector outputs.
 *
 * @param label the predicted class, or null for a pure regression/scoring model
 * @param scores named finite scores, sorted by name
 * @param outputs named vector outputs, sorted by name
 */
public record Prediction(
    @Nullable String label, Map<String, Double> scores, Map<String, List<Double>> outputs) {

  /** Validates the components and makes defensive copies. */
  public Prediction {
    Map<String, Double> s = new TreeMap<>();
    for (Map.Entry<String, Double> e : requireNonNull(scores, "scores").entrySet()) {
      double v = requireNonNull(e.getValue(), "score");
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("score '" + e.getKey() + "' must be finite");
      }
      s.put(requireNonNull(e.getKey(), "score name"), v);
    }
    scores = Collections.unmodifiableMap(s);
    Map<String, List<Double>> o = new TreeMap<>();
    for (Map.Entry<String, List<Double>> e : requireNonNull(outputs, "outputs").entrySet()) {
      String name = requireNonNull(e.getKey(), "output name");
      List<Double> values = List.copyOf(requireNonNull(e.getValue(), "output"));
      for (double v : values) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("output '" + name + "' values must be finite");
        }
      }
      o.put(name, values);
    }
    outputs = Collections.unmodifiableMap(o);
    if (label == null && scores.isEmpty() && outputs.isEmpty()) {
      throw new IllegalArgumentException("a prediction needs a label, a score or an output");
    }
  }

  /**
   * A classification: a label and its score.
   *
   * @param label the class
   * @param score the class score (probability)
   * @return the prediction
   */
  public static Prediction of(String label, double score) {
    return new Prediction(requireNonNull(label, "label"), Map.of(label, score), Map.of());
  }

  /**
   * A single named score (for example a fraud score).
   *
   * @param name the score name
   * @param score the value
   * @return the prediction
   */
  public static Prediction score(String name, double score) {
    return new Prediction(null, Map.of(name, score), Map.of());
  }

  /**
   * The score of the label if there is one, else the only score, else NaN.
   *
   * @return the headline score
   */
  public double score() {
    if (label != null && scores.containsKey(label)) {
      return scores.get(label);
    }
    if (scores.size() == 1) {
      return scores.values().iterator().next();
    }
    return Double.NaN;
  }
}
