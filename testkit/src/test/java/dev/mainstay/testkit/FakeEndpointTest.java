package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Prediction;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class FakeEndpointTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final Async async = new Async();

  @AfterEach
  void tearDown() throws InterruptedException {
    async.close();
  }

  @Test
  void script_playsStepsInOrderAndRecordsRequests() throws Exception {
    // Given answer, transient failure, hang, delayed answer
    FakeEndpoint fake = FakeEndpoint.builder("a")
        .thenAnswer("x")
        .thenFail(ErrorKind.TRANSIENT)
        .thenHang()
        .thenAnswerAfter(Duration.ofMillis(200), "y")
        .timeSource(time)
        .build();
    // When called four times
    ModelResponse first = fake.call(ModelRequest.chat("one"));
    ModelException second = catchThrowableOfType(ModelException.class, () -> fake.call(ModelRequest.chat("two")));
    Future<ModelResponse> third = async.call(fake, ModelRequest.chat("three"));
    fake.awaitCalls(3, Async.REAL_WAIT);
    Future<ModelResponse> fourth = async.call(fake, ModelRequest.chat("four"));
    time.awaitScheduled(1, Async.REAL_WAIT);
    time.advance(Duration.ofMillis(200));
    // Then each step played in turn and every request was recorded
    assertThat(first.text()).isEqualTo("x");
    assertThat(first.endpointId()).isEqualTo("a");
    assertThat(second.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(fourth.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("y");
    assertThat(third.isDone()).isFalse();
    third.cancel(true);
    assertThat(fake.requests()).extracting(r -> r.messages().get(0).text()).containsExactly("one", "two", "three", "four");
    assertThat(fake.lastRequest().messages().get(0).text()).isEqualTo("four");
  }

  @Test
  void hang_interrupted_endsCancelled() throws Exception {
    // Given a hanging fake
    FakeEndpoint fake = FakeEndpoint.builder("a").thenHang().build();
    Future<ModelResponse> f = async.call(fake, ModelRequest.chat("x"));
    fake.awaitCalls(1, Async.REAL_WAIT);
    // When the thread is interrupted
    f.cancel(true);
    long deadline = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (fake.stats().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // Then the call ended CANCELLED
    assertThat(fake.stats().failures(ErrorKind.CANCELLED)).isEqualTo(1);
    assertThat(fake.stats().hung()).isEqualTo(1);
  }

  @Test
  void scriptExhausted_failsVisiblyUnlessRepeatLast() {
    // Given a one-step fake and a repeating one
    FakeEndpoint once = FakeEndpoint.builder("a").thenAnswer("x").build();
    FakeEndpoint repeating = FakeEndpoint.builder("b").thenAnswer("x").thenAnswer("z").repeatLast().build();
    once.call(ModelRequest.chat("q"));
    // When called past the script / Then the plain one throws naming the call; the other repeats
    assertThatThrownBy(() -> once.call(ModelRequest.chat("q")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("call 2").hasMessageContaining("1 step");
    for (int i = 0; i < 3; i++) {
      repeating.call(ModelRequest.chat("q"));
    }
    assertThat(repeating.call(ModelRequest.chat("q")).text()).isEqualTo("z");
  }

  @Test
  void otherSteps_rateLimitedThrowNullRespond() {
    // Given each remaining kind of step
    RuntimeException bug = new IllegalStateException("adapter bug");
    ModelResponse canned = ModelResponse.builder(Operation.PREDICT).prediction(Prediction.of("fraud", 0.9)).build();
    FakeEndpoint fake = FakeEndpoint.builder("a")
        .thenRateLimited(Duration.ofSeconds(3))
        .thenThrow(bug)
        .thenReturnNull()
        .thenRespond(canned)
        .thenRespond(r -> ModelResponse.ofText("len=" + r.messages().get(0).text().length()))
        .thenFailAfter(Duration.ZERO, ErrorKind.AUTHENTICATION)
        .build();
    // When each is called
    ModelException rl = catchThrowableOfType(ModelException.class, () -> fake.call(ModelRequest.chat("x")));
    assertThatThrownBy(() -> fake.call(ModelRequest.chat("x"))).isSameAs(bug);
    assertThat(fake.call(ModelRequest.chat("x"))).isNull();
    assertThat(fake.call(ModelRequest.predict(Map.of("f", 1))).prediction().label()).isEqualTo("fraud");
    assertThat(fake.call(ModelRequest.chat("abcd")).text()).isEqualTo("len=4");
    assertThatThrownBy(() -> fake.call(ModelRequest.chat("x"))).isInstanceOf(ModelException.class);
    // Then they behaved as scripted and were counted
    assertThat(rl.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(rl.retryAfter()).contains(Duration.ofSeconds(3));
    EndpointStats s = fake.stats();
    assertThat(s.received()).isEqualTo(6);
    assertThat(s.unexpected()).isEqualTo(1);
    assertThat(s.nulls()).isEqualTo(1);
    assertThat(s.succeeded()).isEqualTo(2);
    assertThat(s.failures()).containsOnlyKeys(ErrorKind.RATE_LIMITED, ErrorKind.AUTHENTICATION);
  }

  @Test
  void thenAnswer_onEmbeddingRequest_explainsMismatch() {
    // Given a text step / When an embedding request arrives / Then a clear error
    FakeEndpoint fake = FakeEndpoint.builder("a").thenAnswer("x").build();
    assertThatThrownBy(() -> fake.call(ModelRequest.embedding("t"))).hasMessageContaining("thenRespond");
  }

  @Test
  void delayedAnswer_interrupted_endsCancelled() throws Exception {
    // Given an answer after an hour of manual time
    FakeEndpoint fake = FakeEndpoint.builder("a").thenAnswerAfter(Duration.ofHours(1), "late").timeSource(time).build();
    Future<ModelResponse> f = async.call(fake, ModelRequest.chat("x"));
    time.awaitScheduled(1, Async.REAL_WAIT);
    // When interrupted
    f.cancel(true);
    long deadline = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (fake.stats().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // Then CANCELLED, without time passing
    assertThat(fake.stats().failures(ErrorKind.CANCELLED)).isEqualTo(1);
  }

  @Test
  void builder_validates() {
    // Then an empty script, a foreign info and double setters are rejected
    assertThatThrownBy(() -> FakeEndpoint.builder("a").build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FakeEndpoint.builder("a").info(EndpointInfo.builder("b").build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeEndpoint.builder("a").repeatLast().repeatLast()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> FakeEndpoint.builder("a").thenAnswerAfter(Duration.ofMillis(-1), "x"))
        .isInstanceOf(IllegalArgumentException.class);
    FakeEndpoint custom = FakeEndpoint.builder("a").info(EndpointInfo.builder("a").tier(2).build()).thenAnswer("x").build();
    assertThat(custom.info().tier()).isEqualTo(2);
  }

  @Test
  void lastRequest_none_throws() {
    assertThatThrownBy(() -> FakeEndpoint.answering("a", "x").lastRequest()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closed_hangReleasedWithUnavailable() throws Exception {
    // Given a hanging call
    FakeEndpoint fake = FakeEndpoint.builder("a").thenHang().build();
    Future<ModelResponse> f = async.call(fake, ModelRequest.chat("x"));
    fake.awaitCalls(1, Async.REAL_WAIT);
    // When closed / Then it ends UNAVAILABLE
    fake.close();
    ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> f.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertThat(((ModelException) e.getCause()).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
  }
}
