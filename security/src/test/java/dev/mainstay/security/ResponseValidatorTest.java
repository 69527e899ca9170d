package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import org.junit.jupiter.api.Test;

final class ResponseValidatorTest {
  private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"name\",\"age\"],"
      + "\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1},"
      + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":150},"
      + "\"tags\":{\"type\":\"array\",\"items\":{\"enum\":[\"a\",\"b\"]},\"maxItems\":2}},"
      + "\"additionalProperties\":false}";

  private static ModelClient client(String answer) {
    return Mainstay.client("json").endpoint(RecordingEndpoint.answering(answer))
        .with(ResponseValidator.json()).build();
  }

  private static ModelRequest schemaRequest() {
    return ModelRequest.builder(Operation.CHAT).message(dev.mainstay.core.Message.user("give json"))
        .parameters(Parameters.builder().jsonSchema(SCHEMA).build()).build();
  }

  @Test
  void call_validJson_passes() {
    assertThat(client("{\"name\":\"Ada\",\"age\":36,\"tags\":[\"a\"]}").call(schemaRequest()).text())
        .contains("Ada");
  }

  @Test
  void call_schemaViolation_failsAttemptWithInvalidOutputAndNoAnswerText() {
    assertThatThrownBy(() -> client("{\"name\":\"SECRET-ANSWER\",\"age\":-1}").call(schemaRequest()))
        .isInstanceOfSatisfying(ModelException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_OUTPUT);
          assertThat(e.getMessage()).contains("$.age: below minimum").doesNotContain("SECRET-ANSWER");
        });
  }

  @Test
  void call_notJsonForJsonObject_invalidOutput() {
    ModelRequest req = ModelRequest.builder(Operation.CHAT).message(dev.mainstay.core.Message.user("x"))
        .parameters(Parameters.builder().jsonObject().build()).build();
    assertThatThrownBy(() -> client("Here you go: {\"a\":1}").call(req))
        .isInstanceOfSatisfying(ModelException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_OUTPUT));
    assertThat(client(" {\"a\":1} ").call(req).text()).contains("\"a\"");
  }

  @Test
  void call_textFormat_notValidated() {
    assertThat(client("not json").call(ModelRequest.chat("hi")).text()).isEqualTo("not json");
  }

  @Test
  void schema_subset_rules() {
    JsonSchema s = JsonSchema.parse(SCHEMA);
    assertThat(s.validate("{\"name\":\"x\",\"age\":1}")).isEmpty();
    assertThat(s.validate("{\"name\":\"x\"}")).containsExactly("$: missing required property 'age'");
    assertThat(s.validate("{\"name\":\"\",\"age\":1.5}"))
        .containsExactly("$.name: too short", "$.age: expected integer");
    assertThat(s.validate("{\"name\":\"x\",\"age\":1,\"extra\":true}")).containsExactly("$.extra: not allowed");
    assertThat(s.validate("{\"name\":\"x\",\"age\":1,\"tags\":[\"a\",\"c\",\"b\"]}"))
        .containsExactly("$.tags[1]: not one of the allowed values", "$.tags: too many items");
    assertThat(s.validate("[1,2")).singleElement().asString().startsWith("$: not valid JSON");
    assertThat(s.validate("{\"name\":\"x\",\"age\":2.0}")).isEmpty();
  }

  @Test
  void json_deepNesting_rejectedNotStackOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThat(JsonSchema.isJson(deep)).isFalse();
    assertThat(JsonSchema.isJson("[".repeat(100) + "]".repeat(100))).isTrue();
  }
}
