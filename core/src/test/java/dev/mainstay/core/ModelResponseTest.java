package dev.mainstay.core;

import static dev.mainstay.core.Canary.assertNoCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ModelResponseTest {

  @Test
  void response_nullComponents_rejectedByName() {
    assertThatThrownBy(() -> ModelResponse.builder(Operation.CHAT).text(null))
        .isInstanceOf(NullPointerException.class).hasMessage("text");
    assertThatThrownBy(() -> ModelResponse.builder(null))
        .isInstanceOf(NullPointerException.class).hasMessage("operation");
    assertThatThrownBy(() -> new ModelResponse(Operation.CHAT, "t", List.of(), null, null,
        FinishReason.STOP, "", "", CallFacts.FIRST_ATTEMPT, Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("usage");
    assertThatThrownBy(() -> ModelResponse.ofText("x").facts(null))
        .isInstanceOf(NullPointerException.class).hasMessage("facts");
  }

  @Test
  void response_missingOutputForOperation_rejected() {
    assertThatThrownBy(() -> ModelResponse.builder(Operation.EMBEDDING).build())
        .hasMessage("an EMBEDDING response needs at least one embedding");
    assertThatThrownBy(() -> ModelResponse.builder(Operation.PREDICT).build())
        .hasMessage("a PREDICT response needs a prediction");
  }

  @Test
  void response_defaults_dependOnOperation() {
    assertThat(ModelResponse.ofText("x").finishReason()).isEqualTo(FinishReason.STOP);
    ModelResponse p = ModelResponse.builder(Operation.PREDICT).prediction(Prediction.of("fraud", 0.9)).build();
    assertThat(p.finishReason()).isEqualTo(FinishReason.NONE);
    assertThat(p.facts()).isEqualTo(CallFacts.FIRST_ATTEMPT);
    assertThat(p.usage()).isEqualTo(Usage.NONE);
  }

  @Test
  void response_mutatingInputs_doesNotChangeIt() {
    // Given mutable collections
    List<Embedding> embeddings = new ArrayList<>(List.of(Embedding.of(1f)));
    Map<String, String> attrs = new HashMap<>(Map.of("k", "v"));
    ModelResponse r = new ModelResponse(Operation.EMBEDDING, "", embeddings, null, Usage.NONE,
        FinishReason.NONE, "m", "ep", CallFacts.FIRST_ATTEMPT, attrs);
    // When mutated
    embeddings.add(Embedding.of(2f));
    attrs.put("k2", "v2");
    // Then the response is unchanged and its collections unmodifiable
    assertThat(r.embeddings()).hasSize(1);
    assertThat(r.attributes()).containsOnlyKeys("k");
    assertThatThrownBy(() -> r.embeddings().add(Embedding.of(3f))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withers_returnCopies() {
    ModelResponse r = ModelResponse.ofText("a");
    ModelResponse t = r.text("b").attribute("k", "v").facts(new CallFacts(2, false, false, true));
    assertThat(r.text()).isEqualTo("a");
    assertThat(r.attributes()).isEmpty();
    assertThat(t.text()).isEqualTo("b");
    assertThat(t.facts().attempts()).isEqualTo(2);
    assertThat(t.toBuilder().build()).isEqualTo(t);
  }

  @Test
  void toString_neverShowsAnswerText() {
    // Given a response with a canary answer / When printed / Then only sizes and facts show
    ModelResponse r = ModelResponse.builder(Operation.CHAT).text(Canary.ANSWER).model("gpt")
        .endpointId("ep-1").attribute("flag", "x").build();
    assertNoCanary(r);
    assertThat(r.toString()).contains("chars=" + Canary.ANSWER.length()).contains("endpoint=ep-1");
  }
}
