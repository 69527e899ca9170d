package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class ParametersTest {

  @Provide
  Arbitrary<Double> outsideTemperature() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().lessThan(0.0),
        Arbitraries.doubles().greaterThan(2.0),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0001, 2.0001));
  }

  @Property(tries = 200)
  void temperature_outOfRange_rejected(@ForAll("outsideTemperature") double t) {
    // Given a temperature outside [0, 2] / When built / Then rejected with the value
    assertThatThrownBy(() -> Parameters.builder().temperature(t).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("temperature must be in [0, 2], was " + t);
  }

  @Property(tries = 100)
  void temperature_inRange_accepted(@ForAll @DoubleRange(min = 0.0, max = 2.0) double t) {
    assertThat(Parameters.builder().temperature(t).build().temperature()).isEqualTo(t);
  }

  @Property(tries = 100)
  void maxTokens_notPositive_rejected(@ForAll @IntRange(min = Integer.MIN_VALUE, max = 0) int n) {
    assertThatThrownBy(() -> Parameters.builder().maxTokens(n).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be positive, was " + n);
  }

  @Test
  void topP_outOfRange_rejected() {
    for (double p : new double[] {0.0, -0.1, 1.0001, Double.NaN}) {
      assertThatThrownBy(() -> Parameters.builder().topP(p).build())
          .hasMessage("topP must be in (0, 1], was " + p);
    }
    assertThat(Parameters.builder().topP(1.0).build().topP()).isEqualTo(1.0);
  }

  @Test
  void stop_emptyOrTooMany_rejected() {
    assertThatThrownBy(() -> Parameters.builder().stop("").build())
        .hasMessage("stop sequences must not be empty");
    String[] many = new String[17];
    java.util.Arrays.fill(many, "x");
    assertThatThrownBy(() -> Parameters.builder().stop(many).build())
        .hasMessage("at most 16 stop sequences, was 17");
    assertThatThrownBy(() -> Parameters.builder().stop("a", null))
        .isInstanceOf(NullPointerException.class).hasMessage("stop sequence");
  }

  @Test
  void jsonSchema_mismatchedFormat_rejected() {
    assertThatThrownBy(() -> new Parameters(null, null, null, List.of(), null, ResponseFormat.JSON_SCHEMA, " ", Map.of()))
        .hasMessage("responseFormat JSON_SCHEMA needs a jsonSchema");
    assertThatThrownBy(() -> new Parameters(null, null, null, List.of(), null, ResponseFormat.TEXT, "{}", Map.of()))
        .hasMessage("jsonSchema is only allowed with responseFormat JSON_SCHEMA");
    assertThat(Parameters.builder().jsonSchema("{}").jsonObject().build().jsonSchema()).isNull();
  }

  @Test
  void extra_blankKey_rejected() {
    assertThatThrownBy(() -> Parameters.builder().extra(" ", "v").build())
        .hasMessage("extra parameter names must not be blank");
  }

  @Test
  void parameters_mutatingInputs_doesNotChangeThem() {
    // Given mutable collections passed to the canonical constructor
    List<String> stop = new ArrayList<>(List.of("END"));
    Map<String, String> extra = new HashMap<>(Map.of("b", "2", "a", "1"));
    Parameters p = new Parameters(0.0, null, 10, stop, 7L, ResponseFormat.TEXT, null, extra);
    // When mutated
    stop.add("X");
    extra.put("c", "3");
    // Then the parameters are unchanged, sorted and unmodifiable
    assertThat(p.stop()).containsExactly("END");
    assertThat(p.extra().keySet()).containsExactly("a", "b");
    assertThatThrownBy(() -> p.stop().add("y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.extra().put("y", "z")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.deterministic()).isTrue();
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(Parameters.DEFAULTS.deterministic()).isFalse();
  }
}
