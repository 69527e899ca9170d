package dev.mainstay.testkit;

import dev.mainstay.core.Prediction;
import dev.mainstay.testkit.internal.ScoreDistributions;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Where a simulated classifier's predictions come from. A {@link SimulatedEndpoint} in predict
 * mode draws each call's {@link Prediction} from one of these, and can switch to another after a
 * given call number to simulate a distribution shift. Immutable values; {@code toString()} prints
 * the {@code simulated:} URI form that {@link #parse(String)} reads back.
 *
 * <pre>{@code
 * ScoreDistribution.normal(0.2, 0.1);                       // normal:0.2,0.1
 * ScoreDistribution.normal(0.2, 0.1, 0.5, "fraud", "legit"); // normal:0.2,0.1,0.5,fraud,legit
 * ScoreDistribution.categorical(Map.of("cat", 0.7, "dog", 0.3)); // categorical:cat=0.7,dog=0.3
 * }</pre>
 */
@FunctionalInterface
public interface ScoreDistribution {

  /**
   * Draws one prediction.
   *
   * @param random the call's generator
   * @return the prediction
   */
  Prediction sample(RandomGenerator random);

  /**
   * A binary classifier whose score is normal(mean, sd) clipped to [0, 1], labelled {@code
   * positive} when the score is at least 0.5 and {@code negative} otherwise.
   *
   * @param mean the mean score, in [0, 1]
   * @param sd the standard deviation, not negative
   * @return the distribution
   */
  static ScoreDistribution normal(double mean, double sd) {
    return new ScoreDistributions.Normal(mean, sd, 0.5, "positive", "negative");
  }

  /**
   * A binary classifier whose score is normal(mean, sd) clipped to [0, 1]. The prediction's label
   * is {@code positiveLabel} when the score is at least {@code threshold}, else {@code
   * negativeLabel}; its scores map holds the positive label's score, so {@link Prediction#score()}
   * is the raw score either way.
   *
   * @param mean the mean score, in [0, 1]
   * @param sd the standard deviation, not negative
   * @param threshold the decision threshold, in [0, 1]
   * @param positiveLabel the label at or above the threshold
   * @param negativeLabel the label below it
   * @return the distribution
   */
  static ScoreDistribution normal(
      double mean, double sd, double threshold, String positiveLabel, String negativeLabel) {
    return new ScoreDistributions.Normal(mean, sd, threshold, positiveLabel, negativeLabel);
  }

  /**
   * A multi-class classifier: the label is drawn with the given probabilities, and the scores map
   * is the probabilities themselves (as a softmax output would be).
   *
   * @param probabilities class probabilities, each in [0, 1], summing to 1 (± 1e-6)
   * @return the distribution
   */
  static ScoreDistribution categorical(Map<String, Double> probabilities) {
    return new ScoreDistributions.Categorical(probabilities);
  }

  /**
   * Parses the URI form: {@code normal:<mean>,<sd>[,<threshold>[,<positive>,<negative>]]} or
   * {@code categorical:<label>=<p>,<label>=<p>,...}.
   *
   * @param spec the text
   * @return the distribution
   * @throws IllegalArgumentException naming what is wrong (the text itself is not echoed)
   */
  static ScoreDistribution parse(String spec) {
    return ScoreDistributions.parse(spec);
  }
}
