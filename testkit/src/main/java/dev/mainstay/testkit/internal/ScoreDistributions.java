package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Prediction;
import dev.mainstay.testkit.ScoreDistribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/** The distributions behind {@link ScoreDistribution}'s factories. */
public final class ScoreDistributions {
  private ScoreDistributions() {}

  /**
   * Parses the URI form.
   *
   * @param spec the text
   * @return the distribution
   */
  public static ScoreDistribution parse(String spec) {
    requireNonNull(spec, "spec");
    String s = spec.trim();
    int colon = s.indexOf(':');
    String name = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    String body = colon < 0 ? "" : s.substring(colon + 1);
    switch (name) {
      case "normal": {
        String[] a = body.split(",", -1);
        if (a.length != 2 && a.length != 3 && a.length != 5) {
          throw new IllegalArgumentException(
              "score model 'normal' takes normal:<mean>,<sd>[,<threshold>[,<positive>,<negative>]]");
        }
        double mean = LatencyModels.number(a[0], "normal mean");
        double sd = LatencyModels.number(a[1], "normal sd");
        double threshold = a.length >= 3 ? LatencyModels.number(a[2], "normal threshold") : 0.5;
        return a.length == 5
            ? new Normal(mean, sd, threshold, a[3].trim(), a[4].trim())
            : new Normal(mean, sd, threshold, "positive", "negative");
      }
      case "categorical": {
        Map<String, Double> p = new LinkedHashMap<>();
        for (String part : body.split(",", -1)) {
          int eq = part.lastIndexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "score model 'categorical' takes categorical:<label>=<p>,<label>=<p>,...");
          }
          String label = part.substring(0, eq).trim();
          if (p.put(label, LatencyModels.number(part.substring(eq + 1), "categorical probability")) != null) {
            throw new IllegalArgumentException("score model 'categorical' lists a label twice");
          }
        }
        return new Categorical(p);
      }
      default:
        throw new IllegalArgumentException(
            "unknown score model; expected normal:<mean>,<sd>[,<threshold>[,<pos>,<neg>]] or "
                + "categorical:<label>=<p>,...");
    }
  }

  private static String label(String label, String name) {
    requireNonNull(label, name);
    if (label.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (label.contains(",") || label.contains("=") || label.contains("&")) {
      throw new IllegalArgumentException(name + " must not contain ',', '=' or '&'");
    }
    return label;
  }

  /**
   * Clipped normal scores with a threshold.
   *
   * @param mean mean score
   * @param sd standard deviation
   * @param threshold decision threshold
   * @param positiveLabel label at or above the threshold
   * @param negativeLabel label below it
   */
  public record Normal(
      double mean, double sd, double threshold, String positiveLabel, String negativeLabel)
      implements ScoreDistribution {
    /** Validates. */
    public Normal {
      Checks.probability(mean, "mean");
      if (!(sd >= 0) || !Double.isFinite(sd)) {
        throw new IllegalArgumentException("sd must be a finite number >= 0, was " + sd);
      }
      Checks.probability(threshold, "threshold");
      label(positiveLabel, "positiveLabel");
      label(negativeLabel, "negativeLabel");
      if (positiveLabel.equals(negativeLabel)) {
        throw new IllegalArgumentException("positive and negative labels must differ");
      }
    }

    @Override
    public Prediction sample(RandomGenerator random) {
      double score = Math.min(1.0, Math.max(0.0, mean + sd * random.nextGaussian()));
      String label = score >= threshold ? positiveLabel : negativeLabel;
      return new Prediction(label, Map.of(positiveLabel, score), Map.of());
    }

    @Override
    public String toString() {
      return "normal:" + mean + "," + sd + "," + threshold + "," + positiveLabel + ","
          + negativeLabel;
    }
  }

  /**
   * Categorical labels.
   *
   * @param probabilities label probabilities, sorted by label
   */
  public record Categorical(Map<String, Double> probabilities) implements ScoreDistribution {
    /** Validates and sorts. */
    public Categorical {
      requireNonNull(probabilities, "probabilities");
      if (probabilities.isEmpty()) {
        throw new IllegalArgumentException("categorical needs at least one class");
      }
      Map<String, Double> sorted = new TreeMap<>();
      double sum = 0;
      for (Map.Entry<String, Double> e : probabilities.entrySet()) {
        String label = label(e.getKey(), "class label");
        double p = Checks.probability(requireNonNull(e.getValue(), "probability"), "probability of a class");
        sorted.put(label, p);
        sum += p;
      }
      if (Math.abs(sum - 1.0) > 1e-6) {
        throw new IllegalArgumentException("categorical probabilities must sum to 1, was " + sum);
      }
      probabilities = Collections.unmodifiableMap(sorted);
    }

    @Override
    public Prediction sample(RandomGenerator random) {
      double u = random.nextDouble();
      double cumulative = 0;
      String chosen = null;
      for (Map.Entry<String, Double> e : probabilities.entrySet()) {
        if (e.getValue() <= 0) {
          continue;
        }
        cumulative += e.getValue();
        chosen = e.getKey();
        if (u < cumulative) {
          break;
        }
      }
      return new Prediction(requireNonNull(chosen, "class"), probabilities, Map.of());
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<String, Double> e : probabilities.entrySet()) {
        parts.add(e.getKey() + "=" + e.getValue());
      }
      return "categorical:" + String.join(",", parts);
    }
  }
}
