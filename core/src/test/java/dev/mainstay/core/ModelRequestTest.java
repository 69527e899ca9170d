package dev.mainstay.core;

import static dev.mainstay.core.Canary.assertNoCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Whitespace;
import org.junit.jupiter.api.Test;

final class ModelRequestTest {

  @Test
  void chat_nullText_throwsNamingText() {
    // Given/When/Then: a null prompt is rejected by name
    assertThatThrownBy(() -> ModelRequest.chat((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @Test
  void chat_noMessages_rejectedWithClearMessage() {
    // Given a chat request with no messages / When built / Then rejected, naming the operation
    assertThatThrownBy(() -> ModelRequest.chat(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CHAT request needs at least one message");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.COMPLETION).build())
        .hasMessage("COMPLETION request needs at least one message");
  }

  @Test
  void chat_nullElementInMessages_rejectedWithClearMessage() {
    // Given a list holding null
    List<Message> withNull = Arrays.asList(Message.user("a"), null);
    // When/Then: the canonical constructor names the field
    assertThatThrownBy(() -> new ModelRequest(Operation.CHAT, "m", withNull, List.of(), Map.of(),
        Parameters.DEFAULTS, null, null, null, null, null, Map.of()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("messages must not contain null");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.CHAT).messages(withNull))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("message");
  }

  @Test
  void completion_twoMessages_rejected() {
    assertThatThrownBy(() -> ModelRequest.builder(Operation.COMPLETION).user("a").user("b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("COMPLETION request takes exactly one prompt message");
  }

  @Test
  void operation_wrongInputKind_rejected() {
    assertThatThrownBy(() -> ModelRequest.builder(Operation.EMBEDDING).build())
        .hasMessage("EMBEDDING request needs at least one input");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.EMBEDDING).inputs(List.of("x")).user("y").build())
        .hasMessage("EMBEDDING request must not carry messages");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.PREDICT).build())
        .hasMessage("PREDICT request needs at least one feature");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.PREDICT).feature("a", 1).inputs(List.of("x")).build())
        .hasMessage("PREDICT request must not carry inputs");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.CHAT).user("x").feature("a", 1).build())
        .hasMessage("CHAT request must not carry features");
    assertThatThrownBy(() -> ModelRequest.embedding("a", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Property(tries = 50)
  void model_blank_rejected(@ForAll @Whitespace @StringLength(max = 5) String blank) {
    // Given a blank model alias / When set / Then rejected
    assertThatThrownBy(() -> ModelRequest.chat("hi").model(blank))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model must not be blank");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.CHAT).user("hi").model(blank).build())
        .hasMessage("model must not be blank");
  }

  @Test
  void principalTenantRequestId_blankOrNull_rejected() {
    ModelRequest r = ModelRequest.chat("hi");
    assertThatThrownBy(() -> r.tenant(" ")).hasMessage("tenant must not be blank when set");
    assertThatThrownBy(() -> r.principal("")).hasMessage("principal must not be blank when set");
    assertThatThrownBy(() -> r.requestId("\t")).hasMessage("requestId must not be blank when set");
    assertThatThrownBy(() -> r.tenant(null)).isInstanceOf(NullPointerException.class).hasMessage("tenant");
    assertThatThrownBy(() -> r.model(null)).isInstanceOf(NullPointerException.class).hasMessage("model");
  }

  @Property(tries = 100)
  void timeout_zeroOrNegative_rejected(@ForAll @LongRange(min = -1_000_000_000L, max = 0) long nanos) {
    // Given a non-positive timeout / When set / Then rejected, showing the value
    Duration bad = Duration.ofNanos(nanos);
    assertThatThrownBy(() -> ModelRequest.chat("hi").timeout(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("timeout must be positive, was ");
  }

  @Test
  void deadline_inThePast_rejected() {
    // Given a deadline that has passed on its time source
    TestClock clock = new TestClock();
    Deadline d = Deadline.after(Duration.ofSeconds(1), clock);
    clock.advance(Duration.ofSeconds(1));
    // When set on a request / Then rejected
    assertThatThrownBy(() -> ModelRequest.chat("hi").deadline(d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadline has already passed");
    assertThatThrownBy(() -> ModelRequest.builder(Operation.CHAT).user("hi").deadline(d))
        .hasMessage("deadline has already passed");
    // and a zero timeout cannot even make one
    assertThatThrownBy(() -> Deadline.after(Duration.ZERO, clock))
        .hasMessageStartingWith("timeout must be positive");
    // while withDeadline (propagation by clients) accepts it
    assertThat(ModelRequest.chat("hi").withDeadline(d).deadline()).isSameAs(d);
  }

  @Test
  void features_invalidValues_rejectedNamingTheFeature() {
    assertThatThrownBy(() -> ModelRequest.predict(Map.of("amount", Double.NaN)))
        .hasMessage("feature 'amount' must be finite");
    assertThatThrownBy(() -> ModelRequest.predict(Map.of("v", List.of(1.0, Double.POSITIVE_INFINITY))))
        .hasMessage("feature 'v' list values must be finite");
    assertThatThrownBy(() -> ModelRequest.predict(Map.of("v", new double[] {1, Double.NaN})))
        .hasMessage("feature 'v' list values must be finite");
    assertThatThrownBy(() -> ModelRequest.predict(Map.of("v", new float[] {Float.NaN})))
        .hasMessage("feature 'v' list values must be finite");
    assertThatThrownBy(() -> ModelRequest.predict(Map.of("v", List.of("a"))))
        .hasMessage("feature 'v' list must hold only numbers");
    assertThatThrownBy(() -> ModelRequest.predict(Map.of("v", new Object())))
        .hasMessageStartingWith("feature 'v' has unsupported type Object");
    assertThatThrownBy(() -> ModelRequest.predict(Map.of(" ", 1)))
        .hasMessage("feature names must not be blank");
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("x", null);
    assertThatThrownBy(() -> ModelRequest.predict(nullValue))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("feature 'x' is null");
  }

  @Test
  void features_arraysAndLists_copiedAndSorted() {
    // Given mutable inputs
    double[] arr = {1.0, 2.0};
    List<Integer> list = new ArrayList<>(List.of(1, 2));
    Map<String, Object> in = new HashMap<>();
    in.put("b", arr);
    in.put("a", list);
    ModelRequest r = ModelRequest.predict(in);
    // When the caller mutates what it passed
    arr[0] = 99;
    list.add(3);
    in.put("c", 1);
    // Then the request does not change
    assertThat(r.features()).containsOnlyKeys("a", "b");
    assertThat(r.features().keySet()).containsExactly("a", "b");
    assertThat(r.features().get("b")).isEqualTo(List.of(1.0, 2.0));
    assertThat(r.features().get("a")).isEqualTo(List.of(1, 2));
    assertThatThrownBy(() -> r.features().put("d", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void request_mutatingInputs_doesNotChangeRequest() {
    // Given a request built from mutable lists and maps
    List<Message> messages = new ArrayList<>(List.of(Message.user("one")));
    Map<String, String> attrs = new HashMap<>(Map.of("k", "v"));
    ModelRequest r = new ModelRequest(Operation.CHAT, "m", messages, List.of(), Map.of(),
        Parameters.DEFAULTS, null, null, null, null, null, attrs);
    // When the caller mutates them
    messages.add(Message.user("two"));
    attrs.put("k2", "v2");
    // Then the request is unchanged and its collections are unmodifiable
    assertThat(r.messages()).hasSize(1);
    assertThat(r.attributes()).containsOnlyKeys("k");
    assertThatThrownBy(() -> r.messages().add(Message.user("x"))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.inputs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    List<String> texts = r.texts();
    texts.add("x");
    assertThat(r.texts()).containsExactly("one");
  }

  @Test
  void embeddingInputs_mutatingSourceList_doesNotChangeRequest() {
    List<String> inputs = new ArrayList<>(List.of("a", "b"));
    ModelRequest r = ModelRequest.builder(Operation.EMBEDDING).inputs(inputs).build();
    inputs.clear();
    assertThat(r.inputs()).containsExactly("a", "b");
    assertThatThrownBy(() -> r.texts().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withers_returnCopies_originalUnchanged() {
    // Given a request
    ModelRequest r = ModelRequest.chat("hi");
    // When derived
    ModelRequest t = r.tenant("acme").principal("bob").attribute("k", "v").timeout(Duration.ofSeconds(2))
        .requestId("id-1").model("big");
    // Then the original is untouched and the copy carries everything
    assertThat(r.tenant()).isNull();
    assertThat(r.attributes()).isEmpty();
    assertThat(r.model()).isEqualTo(ModelRequest.DEFAULT_MODEL);
    assertThat(t.tenant()).isEqualTo("acme");
    assertThat(t.principal()).isEqualTo("bob");
    assertThat(t.attributes()).containsEntry("k", "v");
    assertThat(t.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.requestId()).isEqualTo("id-1");
    assertThat(t.toBuilder().build()).isEqualTo(t);
  }

  @Property(tries = 100)
  void toString_neverShowsInputText(@ForAll @AlphaChars @StringLength(max = 40) String suffix) {
    // Given requests whose text carries a canary
    String text = Canary.PROMPT + suffix;
    ModelRequest chat = ModelRequest.builder(Operation.CHAT).system(text).user(text)
        .attribute("k", "v").tenant("acme").build();
    ModelRequest completion = ModelRequest.completion(text);
    ModelRequest embed = ModelRequest.embedding(text, text);
    // When printed / Then no canary, but sizes are shown
    assertNoCanary(chat, completion, embed, chat.messages(), Message.user(text));
    assertThat(chat.toString()).contains("messages=2").contains("chars=" + 2 * text.length());
    assertThat(chat.texts()).containsExactly(text, text);
    assertThat(chat.inputChars()).isEqualTo(2L * text.length());
  }

  @Test
  void attributes_nullNameOrValue_rejected() {
    ModelRequest r = ModelRequest.chat("hi");
    assertThatThrownBy(() -> r.attribute(null, "v")).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> r.attribute("k", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
  }
}
