package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

final class PredictionTest {

  @Test
  void prediction_nothingInIt_rejected() {
    assertThatThrownBy(() -> new Prediction(null, Map.of(), Map.of()))
        .hasMessage("a prediction needs a label, a score or an output");
  }

  @Test
  void prediction_nonFiniteValues_rejectedNamingThem() {
    assertThatThrownBy(() -> Prediction.of("fraud", Double.NaN)).hasMessage("score 'fraud' must be finite");
    assertThatThrownBy(() -> Prediction.score("risk", Double.POSITIVE_INFINITY)).hasMessage("score 'risk' must be finite");
    assertThatThrownBy(() -> new Prediction(null, Map.of(), Map.of("v", List.of(1.0, Double.NaN))))
        .hasMessage("output 'v' values must be finite");
    assertThatThrownBy(() -> Prediction.of(null, 1.0)).isInstanceOf(NullPointerException.class).hasMessage("label");
  }

  @Test
  void prediction_mutatingInputs_doesNotChangeIt() {
    Map<String, Double> scores = new HashMap<>(Map.of("b", 0.2, "a", 0.8));
    List<Double> vec = new ArrayList<>(List.of(1.0));
    Map<String, List<Double>> outputs = new HashMap<>(Map.of("v", vec));
    Prediction p = new Prediction("a", scores, outputs);
    scores.put("c", 0.0);
    vec.add(2.0);
    outputs.put("w", List.of());
    assertThat(p.scores().keySet()).containsExactly("a", "b");
    assertThat(p.outputs()).containsOnlyKeys("v");
    assertThat(p.outputs().get("v")).containsExactly(1.0);
    assertThatThrownBy(() -> p.scores().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.outputs().get("v").add(1.0)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.score()).isEqualTo(0.8);
  }

  @Property(tries = 100)
  void score_singleScore_isHeadline(@ForAll @DoubleRange(min = -1e9, max = 1e9) double s) {
    assertThat(Prediction.score("risk", s).score()).isEqualTo(s);
    assertThat(Prediction.of("c", s).score()).isEqualTo(s);
  }

  @Test
  void score_ambiguous_isNaN() {
    assertThat(new Prediction(null, Map.of("a", 1.0, "b", 2.0), Map.of()).score()).isNaN();
  }
}
