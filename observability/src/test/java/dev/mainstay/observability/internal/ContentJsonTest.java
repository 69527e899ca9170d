package dev.mainstay.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

final class ContentJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property(tries = 200)
  void input_anyText_isValidJsonWithTheSameContent(@ForAll String system, @ForAll String user) throws Exception {
    // Given any texts, control characters, quotes and surrogates included
    ModelRequest request = ModelRequest.chat(List.of(Message.system(system), Message.user(user)));

    // When they are rendered as the conventions' input messages
    JsonNode messages = JSON.readTree(ContentJson.input(request));

    // Then the JSON parses back to the same roles and texts
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).get("parts").get(0).get("content").asText()).isEqualTo(system);
    assertThat(messages.get(1).get("parts").get(0).get("content").asText()).isEqualTo(user);
  }

  @Property(tries = 200)
  void output_anyText_isValidJsonWithTheSameContent(@ForAll String text) throws Exception {
    JsonNode messages = JSON.readTree(ContentJson.output(text, FinishReason.LENGTH));
    assertThat(messages.get(0).get("parts").get(0).get("content").asText()).isEqualTo(text);
    assertThat(messages.get(0).get("finish_reason").asText()).isEqualTo("length");
  }

  @Test
  void input_embeddingsAsUserMessages_predictionsNotRecorded() throws Exception {
    JsonNode emb = JSON.readTree(ContentJson.input(ModelRequest.embedding("a", "b")));
    assertThat(emb).hasSize(2);
    assertThat(emb.get(1).get("role").asText()).isEqualTo("user");
    assertThat(ContentJson.input(ModelRequest.predict(Map.of("x", 1.0)))).isNull();
    assertThat(ModelRequest.embedding("a").operation()).isEqualTo(Operation.EMBEDDING);
  }

  @Test
  void output_noneFinishReason_omitted() throws Exception {
    JsonNode messages = JSON.readTree(ContentJson.output("x", FinishReason.NONE));
    assertThat(messages.get(0).has("finish_reason")).isFalse();
  }
}
