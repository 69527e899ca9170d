package dev.mainstay.cache;

import static dev.mainstay.cache.Fixtures.det;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.cache.Fixtures.CountingModel;
import dev.mainstay.cache.Fixtures.Events;
import dev.mainstay.core.CallFacts;
import dev.mainstay.core.Embedding;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.event.CacheEvictedEvent;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.core.event.CacheLoadedEvent;
import dev.mainstay.core.event.CacheMissEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class ResponseCacheTest {
  private final ManualTimeSource ts = new ManualTimeSource();
  private final CountingModel model = CountingModel.echo();
  private final Events events = new Events();

  private ModelClient client(ResponseCache cache) {
    return Fixtures.client(ts, cache, model, events);
  }

  @Test
  void call_repeatedDeterministicQuestion_servedFromCacheWithHitFacts() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    // When
    ModelResponse first = c.call(det("What is our refund policy?"));
    ModelResponse second = c.call(det("What is our refund policy?").requestId("other-id"));
    // Then
    assertThat(model.calls).hasValue(1);
    assertThat(first.facts().cached()).isFalse();
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.facts()).isEqualTo(new CallFacts(0, true, false, false));
    assertThat(events.of(CacheMissEvent.class)).hasSize(1);
    assertThat(events.of(CacheLoadedEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.stored()).isTrue());
    assertThat(events.of(CacheHitEvent.class)).singleElement()
        .satisfies(e -> assertThat(e.semantic()).isFalse());
  }

  @Test
  void call_nonDeterministicRequest_notCached() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    ModelRequest hot = ModelRequest.chat("Tell me a story")
        .parameters(Parameters.builder().temperature(0.8).build());
    // When
    c.call(hot);
    c.call(hot);
    c.call(ModelRequest.chat("no parameters at all"));
    c.call(ModelRequest.chat("no parameters at all"));
    // Then
    assertThat(model.calls).hasValue(4);
    assertThat(events.of(CacheMissEvent.class)).isEmpty();
  }

  @Test
  void call_nonDeterministicWithStoreDirective_cached() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    ModelRequest hot = ModelRequest.chat("Tell me a story")
        .parameters(Parameters.builder().temperature(0.8).build())
        .attribute(CacheAttributes.CACHE, "store");
    // When
    c.call(hot);
    ModelResponse second = c.call(hot);
    // Then
    assertThat(model.calls).hasValue(1);
    assertThat(second.facts().cached()).isTrue();
  }

  @Test
  void call_noStore_readsButNeverWrites() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    ModelRequest q = det("q").attribute(CacheAttributes.CACHE, "no-store");
    // When
    c.call(q);
    c.call(q);
    c.call(det("q")); // stores
    ModelResponse read = c.call(q);
    // Then
    assertThat(model.calls).hasValue(3);
    assertThat(read.facts().cached()).isTrue();
  }

  @Test
  void call_noCache_skipsReadButStoresFreshAnswer() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    c.call(det("q"));
    // When
    ModelResponse forced = c.call(det("q").attribute(CacheAttributes.CACHE, " No-Cache "));
    ModelResponse after = c.call(det("q"));
    // Then
    assertThat(model.calls).hasValue(2);
    assertThat(forced.facts().cached()).isFalse();
    assertThat(after.text()).isEqualTo(forced.text()).contains("answer #2");
    assertThat(events.of(CacheMissEvent.class)).extracting(CacheMissEvent::readSkipped)
        .containsExactly(false, true);
  }

  @Test
  void call_maxAge_rejectsOlderEntriesAndBoundsFreshness() {
    // Given
    ModelClient c = client(Fixtures.syncCache().timeToLive(Duration.ofHours(1)).build());
    c.call(det("q"));
    ts.advance(Duration.ofMinutes(10));
    // When: a request that accepts at most 5 minutes old answers
    ModelResponse strict = c.call(det("q").attribute(CacheAttributes.MAX_AGE, "PT5M"));
    ModelResponse lenient = c.call(det("q"));
    // Then
    assertThat(model.calls).hasValue(2);
    assertThat(strict.facts().cached()).isFalse();
    assertThat(lenient.facts().cached()).isTrue();
    // And: the entry stored by the strict request stays fresh only 5 minutes
    ts.advance(Duration.ofMinutes(6));
    assertThat(c.call(det("q")).facts().cached()).isFalse();
    assertThat(model.calls).hasValue(3);
  }

  @Test
  void call_malformedDirective_invalidRequest() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    // When / Then
    assertThatThrownBy(() -> c.call(det("q").attribute(CacheAttributes.CACHE, "forever")))
        .isInstanceOf(ModelException.class)
        .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    assertThatThrownBy(() -> c.call(det("q").attribute(CacheAttributes.MAX_AGE, "5 minutes")))
        .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    assertThat(model.calls).hasValue(0);
  }

  @Test
  void call_guardFlaggedAnswer_neverStored() {
    // Given
    model.behave(r -> ModelResponse.builder(Operation.CHAT).text("flagged")
        .attribute(CacheAttributes.GUARD_FLAGGED, "TRUE").build());
    ModelClient c = client(Fixtures.syncCache().build());
    // When
    c.call(det("q"));
    ModelResponse second = c.call(det("q"));
    // Then
    assertThat(model.calls).hasValue(2);
    assertThat(second.facts().cached()).isFalse();
    assertThat(events.of(CacheLoadedEvent.class)).extracting(CacheLoadedEvent::stored)
        .containsExactly(false, false);
  }

  @Test
  void call_requestFlaggedByInputGuard_answerNeverStored() {
    // Given an input guard flagged the request (it sets the shared attribute on what it forwards)
    model.behave(r -> ModelResponse.builder(Operation.CHAT).text("answer").build());
    ModelClient c = client(Fixtures.syncCache().build());
    ModelRequest flagged = det("q").attribute(CacheAttributes.GUARD_FLAGGED, "CONFUSABLES");
    // When the same flagged request comes twice
    c.call(flagged);
    ModelResponse second = c.call(flagged);
    // Then both reach the model: an answer to a flagged request is never replayed
    assertThat(model.calls).hasValue(2);
    assertThat(second.facts().cached()).isFalse();
  }

  @Test
  void call_guardFlagFalse_isStored() {
    // Given a response whose flag says "false"
    model.behave(r -> ModelResponse.builder(Operation.CHAT).text("fine")
        .attribute(CacheAttributes.GUARD_FLAGGED, "false").build());
    ModelClient c = client(Fixtures.syncCache().build());
    // When
    c.call(det("q"));
    ModelResponse second = c.call(det("q"));
    // Then it is cached
    assertThat(model.calls).hasValue(1);
    assertThat(second.facts().cached()).isTrue();
  }

  @Test
  void call_truncatedAnswer_storedOnlyWhenConfigured() {
    // Given
    model.behave(r -> ModelResponse.builder(Operation.CHAT).text("cut")
        .finishReason(FinishReason.LENGTH).build());
    ModelClient plain = client(Fixtures.syncCache().build());
    ModelClient lenient = client(Fixtures.syncCache().cacheTruncated(true).build());
    // When
    plain.call(det("q"));
    plain.call(det("q"));
    lenient.call(det("q"));
    lenient.call(det("q"));
    // Then
    assertThat(model.calls).hasValue(3);
  }

  @Test
  void call_failure_notCachedAndRetriedNextTime() {
    // Given
    ModelClient c = client(Fixtures.syncCache().build());
    model.failWith(ErrorKind.TRANSIENT);
    // When
    assertThatThrownBy(() -> c.call(det("q"))).isInstanceOf(ModelException.class);
    model.behave(r -> ModelResponse.ofText("recovered"));
    ModelResponse r = c.call(det("q"));
    // Then
    assertThat(r.text()).isEqualTo("recovered");
    assertThat(r.facts().cached()).isFalse();
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_pastTimeToLive_reloads() {
    // Given
    ModelClient c = client(Fixtures.syncCache().timeToLive(Duration.ofMinutes(5)).build());
    c.call(det("q"));
    // When
    ts.advance(Duration.ofMinutes(4));
    ModelResponse hit = c.call(det("q"));
    ts.advance(Duration.ofMinutes(1));
    ModelResponse miss = c.call(det("q"));
    // Then
    assertThat(hit.facts().cached()).isTrue();
    assertThat(miss.facts().cached()).isFalse();
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_expiredEntry_evictedWithEvent() {
    // Given
    ResponseCache cache = Fixtures.syncCache().timeToLive(Duration.ofMinutes(5)).build();
    ModelClient c = client(cache);
    c.call(det("q"));
    // When
    ts.advance(Duration.ofMinutes(6));
    cache.cleanUp();
    // Then
    assertThat(cache.entryCount()).isZero();
    assertThat(events.of(CacheEvictedEvent.class)).singleElement()
        .satisfies(e -> {
          assertThat(e.cause()).isEqualTo(CacheEvictedEvent.Cause.EXPIRED);
          assertThat(e.requestId()).isEmpty();
          assertThat(e.weightBytes()).isPositive();
        });
  }

  @Test
  void call_embeddings_cachedWithoutTemperature() {
    // Given
    model.behave(r -> ModelResponse.builder(Operation.EMBEDDING)
        .embedding(Embedding.of(1f, 2f, 3f)).build());
    ModelClient c = client(Fixtures.syncCache().build());
    // When
    c.call(ModelRequest.embedding("a", "b"));
    ModelResponse second = c.call(ModelRequest.embedding("a", "b"));
    c.call(ModelRequest.embedding("b", "a"));
    // Then
    assertThat(second.facts().cached()).isTrue();
    assertThat(second.embeddings()).containsExactly(Embedding.of(1f, 2f, 3f));
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_refreshAfterWrite_servesCachedAndReloadsInBackground() throws Exception {
    // Given
    ModelClient c = client(Fixtures.syncCache().timeToLive(Duration.ofMinutes(10))
        .refreshAfterWrite(Duration.ofMinutes(5)).build());
    ModelResponse first = c.call(det("q"));
    ts.advance(Duration.ofMinutes(6));
    // When
    ModelResponse served = c.call(det("q"));
    // Then: the stale-ish answer is served at once, and a reload happens off the caller's thread
    assertThat(served.text()).isEqualTo(first.text());
    assertThat(served.facts().cached()).isTrue();
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (events.of(CacheLoadedEvent.class).stream().noneMatch(CacheLoadedEvent::refresh)
        && System.nanoTime() < end) {
      Thread.onSpinWait();
    }
    assertThat(model.calls).hasValue(2);
    ModelResponse refreshed = c.call(det("q"));
    assertThat(refreshed.text()).contains("answer #2");
    assertThat(refreshed.facts().cached()).isTrue();
  }

  @Test
  void decorate_secondClient_rejected() {
    // Given
    ResponseCache cache = Fixtures.syncCache().build();
    client(cache);
    // When / Then
    assertThatThrownBy(() -> client(cache)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_setTwiceOrInvalid_throws() {
    assertThatThrownBy(() -> ResponseCache.inMemory().timeToLive(Duration.ofMinutes(1))
        .timeToLive(Duration.ofMinutes(2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ResponseCache.inMemory().maximumBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseCache.inMemory().timeToLive(Duration.ofMinutes(1))
        .refreshAfterWrite(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ResponseCache.inMemory().semantic(Embedder.hashing(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventsAndDescriptions_neverContainPromptOrAnswerText() {
    // Given
    String canary = "CANARY-7f3e-secret-prompt";
    model.behave(r -> ModelResponse.ofText("CANARY-answer-91ab"));
    ResponseCache cache = Fixtures.syncCache().timeToLive(Duration.ofMinutes(1))
        .staleIfError(Duration.ofMinutes(5)).build();
    ModelClient c = client(cache);
    // When
    c.call(det(canary));
    c.call(det(canary));
    ts.advance(Duration.ofMinutes(2));
    model.failWith(ErrorKind.UNAVAILABLE);
    c.call(det(canary));
    // Then
    assertThat(events.all).isNotEmpty();
    for (ModelEvent e : events.all) {
      assertThat(e.toString()).doesNotContain("CANARY");
    }
    assertThat(cache.toString()).doesNotContain("CANARY");
    assertThat(cache.keyOf(det(canary)).toString()).doesNotContain("CANARY");
    assertThat(c.toString()).doesNotContain("CANARY");
  }
}
