package dev.mainstay.cache;

import static dev.mainstay.cache.Fixtures.det;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.cache.Fixtures.CountingModel;
import dev.mainstay.cache.Fixtures.Events;
import dev.mainstay.core.CallFacts;
import dev.mainstay.core.Embedding;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SemanticCacheTest {
  private final ManualTimeSource ts = new ManualTimeSource();
  private final CountingModel model = CountingModel.echo();
  private final Events events = new Events();
  private final ResponseCache cache =
      Fixtures.syncCache().semantic(Embedder.hashing(), 0.8).build();
  private final ModelClient client = Fixtures.client(ts, cache, model, events);

  @Test
  void call_paraphraseInSamePartition_semanticHit() {
    // Given
    ModelResponse first = client.call(det("How do I reset my password?").tenant("acme"));
    // When
    ModelResponse second = client.call(det("how do I reset my password").tenant("acme"));
    // Then
    assertThat(model.calls).hasValue(1);
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.facts()).isEqualTo(new CallFacts(0, true, false, false));
    assertThat(Double.parseDouble(second.attributes().get(CacheAttributes.SIMILARITY)))
        .isGreaterThanOrEqualTo(0.8);
    assertThat(events.of(CacheHitEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.semantic()).isTrue());
    assertThat(cache.semanticEntries()).isEqualTo(1);
  }

  @Test
  void call_negatedOrOtherNumber_neverServedTheAnswerOfTheOriginal() {
    // Given: an embedder that finds every pair of texts identical, at the lowest threshold
    CountingModel m = CountingModel.echo();
    ResponseCache blind = Fixtures.syncCache()
        .semantic((text, deadline) -> new float[] {1, 0, 0}, 0.01).build();
    ModelClient c = Fixtures.client(ts, blind, m);
    c.call(det("How do I cancel my subscription?"));
    c.call(det("What is the status of order 4711?"));
    // When
    ModelResponse negated = c.call(det("How do I not cancel my subscription?"));
    ModelResponse contraction = c.call(det("Why can't I cancel my subscription?"));
    ModelResponse otherNumber = c.call(det("What is the status of order 4712?"));
    ModelResponse reworded = c.call(det("how can I cancel the subscription"));
    ModelResponse sameNumber = c.call(det("status of order 4711 please"));
    // Then: only the rewordings with the same numbers and negation hit
    assertThat(negated.facts().cached()).isFalse();
    assertThat(contraction.text()).endsWith("How do I not cancel my subscription?"); // negated, like it
    assertThat(otherNumber.facts().cached()).isFalse();
    assertThat(reworded.facts().cached()).isTrue();
    assertThat(sameNumber.facts().cached()).isTrue();
    assertThat(reworded.text()).endsWith("How do I cancel my subscription?");
    assertThat(sameNumber.text()).endsWith("What is the status of order 4711?");
    assertThat(m.calls).hasValue(4);
  }

  @Test
  void call_negatedQuestionCachedFirst_plainQuestionMisses() {
    // Given
    client.call(det("Why does the app not start?"));
    // When
    ModelResponse plain = client.call(det("Why does the app start?"));
    // Then
    assertThat(plain.facts().cached()).isFalse();
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_unrelatedQuestion_miss() {
    // Given
    client.call(det("How do I reset my password?"));
    // When
    ModelResponse other = client.call(det("What time does the store open on Sunday?"));
    // Then
    assertThat(other.facts().cached()).isFalse();
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_sameWordingOtherTenantModelOrParameters_noSemanticHit() {
    // Given
    client.call(det("How do I reset my password?").tenant("acme"));
    // When
    client.call(det("how do I reset my password").tenant("globex"));
    client.call(det("how do I reset my password").tenant("acme").model("other-model"));
    client.call(det("how do I reset my password").tenant("acme")
        .parameters(Parameters.builder().temperature(0).maxTokens(50).build()));
    // Then
    assertThat(model.calls).hasValue(4);
    assertThat(events.of(CacheHitEvent.class)).isEmpty();
  }

  @Test
  void call_differentEarlierMessages_noSemanticHit() {
    // Given
    ModelRequest a = ModelRequest.chat(List.of(Message.system("You are a bank assistant."),
        Message.user("How do I reset my password?"))).parameters(Fixtures.DETERMINISTIC);
    ModelRequest b = ModelRequest.chat(List.of(Message.system("You are a game assistant."),
        Message.user("how do I reset my password"))).parameters(Fixtures.DETERMINISTIC);
    // When
    client.call(a);
    client.call(b);
    // Then
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_semanticEntryExpired_miss() {
    // Given
    client.call(det("How do I reset my password?"));
    ts.advance(Duration.ofHours(2));
    // When
    ModelResponse r = client.call(det("how do I reset my password"));
    // Then
    assertThat(r.facts().cached()).isFalse();
  }

  @Test
  void call_embedderFails_plainMissNotFailure() {
    // Given
    ResponseCache failing = Fixtures.syncCache().semantic((text, deadline) -> {
      throw new ModelException(ErrorKind.UNAVAILABLE, "embedder down");
    }, 0.8).build();
    ModelClient c = Fixtures.client(ts, failing, model);
    // When
    ModelResponse r = c.call(det("q"));
    // Then
    assertThat(r.facts().cached()).isFalse();
    assertThat(c.call(det("q")).facts().cached()).isTrue(); // exact cache still works
  }

  @Test
  void embedderOf_modelClient_usesEmbeddingOperation() {
    // Given
    CountingModel embeddings = new CountingModel(r -> {
      assertThat(r.operation()).isEqualTo(Operation.EMBEDDING);
      assertThat(r.model()).isEqualTo("embed-small");
      return ModelResponse.builder(Operation.EMBEDDING)
          .embedding(Embedding.of(r.inputs().get(0).length(), 1f)).build();
    });
    ResponseCache viaClient = Fixtures.syncCache()
        .semantic(Embedder.of(embeddings, "embed-small"), 0.99).build();
    ModelClient c = Fixtures.client(ts, viaClient, model);
    // When
    c.call(det("abcd"));
    ModelResponse r = c.call(det("wxyz")); // same length: same vector in this toy embedder
    // Then
    assertThat(r.facts().cached()).isTrue();
    assertThat(embeddings.calls.get()).isEqualTo(2);
  }
}
