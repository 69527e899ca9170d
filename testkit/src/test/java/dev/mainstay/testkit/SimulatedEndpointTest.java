package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mainstay.core.Deadline;
import dev.mainstay.core.Embedding;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class SimulatedEndpointTest {
  private static final String CANARY = "CANARY-prompt-51b2-do-not-log";
  private final ManualTimeSource time = new ManualTimeSource();
  private final Async async = new Async();

  @AfterEach
  void tearDown() throws InterruptedException {
    async.close();
  }

  private static ModelException failure(Future<ModelResponse> f) throws Exception {
    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> f.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertThat(e).as("call should have failed").isNotNull();
    assertThat(e.getCause()).isInstanceOf(ModelException.class);
    return (ModelException) e.getCause();
  }

  @Test
  void chat_echo_answersLastUserMessageWithUsageAndInfo() {
    // Given an echoing endpoint
    SimulatedEndpoint sim = SimulatedEndpoint.builder("a").model("m-1").build();
    // When it answers a conversation
    ModelResponse r = sim.call(ModelRequest.chat(List.of(
        Message.system("be brief"), Message.user("first"), Message.assistant("ok"), Message.user("hello there"))));
    // Then the answer is the last user message, with usage, finish reason, model and endpoint
    assertThat(r.text()).isEqualTo("hello there");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage().outputTokens()).isEqualTo(3);
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.model()).isEqualTo("m-1");
    assertThat(r.endpointId()).isEqualTo("a");
    assertThat(sim.stats().succeeded()).isEqualTo(1);
  }

  @Test
  void chat_template_fillsPlaceholders() {
    // Given a templated endpoint
    SimulatedEndpoint sim = SimulatedEndpoint.builder("primary").template("answer {n} from {id} ({model}, {op}): {input}").build();
    // When it answers twice
    sim.call(ModelRequest.chat("x"));
    ModelResponse r = sim.call(ModelRequest.completion("q"));
    // Then the placeholders are filled per call
    assertThat(r.text()).isEqualTo("answer 2 from primary (sim-1, completion): q");
    assertThat(r.operation()).isEqualTo(Operation.COMPLETION);
  }

  @Test
  void chat_maxTokensBelowAnswer_truncatesWithLengthFinish() {
    // Given a request allowing 2 output tokens
    SimulatedEndpoint sim = SimulatedEndpoint.builder("a").build();
    ModelRequest req = ModelRequest.builder(Operation.CHAT).user("a fairly long answer text")
        .parameters(Parameters.builder().maxTokens(2).build()).build();
    // When it answers
    ModelResponse r = sim.call(req);
    // Then the answer is cut to about 2 tokens and the finish reason says so
    assertThat(r.text()).hasSize(8);
    assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void chat_promptOverContextWindow_failsContextTooLongWithoutEchoingPrompt() {
    // Given a 10-token window
    SimulatedEndpoint sim = SimulatedEndpoint.builder("a").maxContextTokens(10).build();
    // When a long prompt arrives
    ModelException e = catchThrowableOfType(ModelException.class,
        () -> sim.call(ModelRequest.chat(CANARY + " " + "x".repeat(100))));
    // Then it fails CONTEXT_TOO_LONG, and the message carries no prompt text
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_TOO_LONG);
    assertThat(e.getMessage()).doesNotContain(CANARY);
    assertThat(sim.stats().failures(ErrorKind.CONTEXT_TOO_LONG)).isEqualTo(1);
  }

  @Test
  void call_operationNotServed_failsNotFound() {
    // Given a chat-only endpoint
    SimulatedEndpoint sim = SimulatedEndpoint.builder("a").operations(Operation.CHAT).build();
    // When asked for an embedding / Then NOT_FOUND
    assertThatThrownBy(() -> sim.call(ModelRequest.embedding("x")))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  @Test
  void embedding_sameText_sameUnitVectorAndSharedWordsAreCloser() {
    // Given two endpoints with different seeds and 32 dimensions
    SimulatedEndpoint a = SimulatedEndpoint.builder("a").embeddingDimensions(32).seed(1).build();
    SimulatedEndpoint b = SimulatedEndpoint.builder("b").embeddingDimensions(32).seed(2).build();
    // When they embed texts
    List<Embedding> ea = a.call(ModelRequest.embedding("the cat sat", "the cat sat on the mat", "quarterly revenue report")).embeddings();
    Embedding eb = b.call(ModelRequest.embedding("the cat sat")).embeddings().get(0);
    // Then the same text gives the same unit vector everywhere, and shared words mean closer vectors
    assertThat(ea).hasSize(3);
    assertThat(ea.get(0)).isEqualTo(eb);
    assertThat(ea.get(0).dimensions()).isEqualTo(32);
    assertThat(dot(ea.get(0), ea.get(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    assertThat(dot(ea.get(0), ea.get(1))).isGreaterThan(dot(ea.get(0), ea.get(2)));
  }

  private static double dot(Embedding x, Embedding y) {
    double s = 0;
    for (int i = 0; i < x.dimensions(); i++) {
      s += x.get(i) * y.get(i);
    }
    return s;
  }

  @Test
  void predict_normalThenShift_meanMovesAfterCallN() {
    // Given scores normal(0.2, 0.05) that shift to normal(0.8, 0.05) after call 200
    SimulatedEndpoint sim = SimulatedEndpoint.builder("fraud").operations(Operation.PREDICT)
        .predictions(ScoreDistribution.normal(0.2, 0.05, 0.5, "fraud", "legit"))
        .shiftPredictionsAfter(200, ScoreDistribution.normal(0.8, 0.05, 0.5, "fraud", "legit"))
        .seed(7).build();
    // When 400 predictions are made
    List<Prediction> ps = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      ps.add(sim.call(ModelRequest.predict(Map.of("amount", i))).prediction());
    }
    // Then scores sit in [0, 1], labels follow the threshold, and the mean moves after call 200
    double before = ps.subList(0, 200).stream().mapToDouble(Prediction::score).average().orElseThrow();
    double after = ps.subList(200, 400).stream().mapToDouble(Prediction::score).average().orElseThrow();
    assertThat(before).isBetween(0.18, 0.22);
    assertThat(after).isBetween(0.78, 0.82);
    assertThat(ps).allSatisfy(p -> {
      assertThat(p.score()).isBetween(0.0, 1.0);
      assertThat(p.label()).isEqualTo(p.score() >= 0.5 ? "fraud" : "legit");
    });
  }

  @Test
  void predict_categorical_labelsFollowProbabilities() {
    // Given a 70/30 classifier that shifts to 10/90 after call 500
    SimulatedEndpoint sim = SimulatedEndpoint.builder("cls").operations(Operation.PREDICT)
        .predictions(ScoreDistribution.categorical(Map.of("cat", 0.7, "dog", 0.3)))
        .shiftPredictionsAfter(500, ScoreDistribution.categorical(Map.of("cat", 0.1, "dog", 0.9)))
        .build();
    // When 1000 predictions are made
    int catsBefore = 0;
    int catsAfter = 0;
    for (int i = 0; i < 1000; i++) {
      Prediction p = sim.call(ModelRequest.predict(Map.of("x", 1))).prediction();
      if ("cat".equals(p.label())) {
        if (i < 500) {
          catsBefore++;
        } else {
          catsAfter++;
        }
      }
    }
    // Then the label shares follow the probabilities before and after the shift
    assertThat(catsBefore).isBetween(315, 385);
    assertThat(catsAfter).isBetween(25, 75);
  }

  @Test
  void latency_waitedOnTimeSource_noRealSleep() throws Exception {
    // Given a 5-minute fixed latency on manual time
    SimulatedEndpoint sim = SimulatedEndpoint.builder("slow").latency(LatencyModel.fixed(Duration.ofMinutes(5))).timeSource(time).build();
    // When a call starts
    Future<ModelResponse> f = async.call(sim, ModelRequest.chat("hi"));
    time.awaitScheduled(1, Async.REAL_WAIT);
    // Then it is waiting, and answers once manual time passes 5 minutes
    assertThat(f.isDone()).isFalse();
    assertThat(sim.stats().inFlight()).isEqualTo(1);
    time.advance(Duration.ofMinutes(5).minusNanos(1));
    assertThat(f.isDone()).isFalse();
    time.advance(Duration.ofNanos(1));
    assertThat(f.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS).text()).isEqualTo("hi");
    assertThat(sim.stats().inFlight()).isZero();
  }

  @Test
  void latency_interrupted_endsCancelledPromptly() throws Exception {
    // Given a call waiting a long latency
    SimulatedEndpoint sim = SimulatedEndpoint.builder("slow").latency(LatencyModel.fixed(Duration.ofHours(1))).timeSource(time).build();
    Future<ModelResponse> f = async.call(sim, ModelRequest.chat("hi"));
    time.awaitScheduled(1, Async.REAL_WAIT);
    // When its thread is interrupted
    f.cancel(true);
    // Then the endpoint counts a CANCELLED failure without any time passing
    long deadline = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (sim.stats().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(sim.stats().failures(ErrorKind.CANCELLED)).isEqualTo(1);
    assertThat(time.scheduled()).isZero();
  }

  @Test
  void latency_longerThanDeadline_timesOutAtDeadline() throws Exception {
    // Given a 10 s latency and a request with a 2 s deadline on the same manual time
    SimulatedEndpoint sim = SimulatedEndpoint.builder("slow").latency(LatencyModel.fixed(Duration.ofSeconds(10))).timeSource(time).build();
    ModelRequest req = ModelRequest.builder(Operation.CHAT).user("hi").deadline(Deadline.after(Duration.ofSeconds(2), time)).build();
    // When the call runs and 2 s pass
    Future<ModelResponse> f = async.call(sim, req);
    time.awaitScheduled(1, Async.REAL_WAIT);
    time.advance(Duration.ofSeconds(2));
    // Then it ends TIMEOUT at the deadline
    assertThat(failure(f).kind()).isEqualTo(ErrorKind.TIMEOUT);
  }

  @Test
  void hang_untilInterrupted_thenCancelled() throws Exception {
    // Given an endpoint whose every call hangs
    SimulatedEndpoint sim = SimulatedEndpoint.builder("h").faults(Faults.builder().hangRate(1.0).build()).timeSource(time).build();
    Future<ModelResponse> f = async.call(sim, ModelRequest.chat("hi"));
    long deadline = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (sim.stats().hung() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // When a day passes, the call still hangs (it ignores time); when interrupted, it ends
    time.advance(Duration.ofDays(1));
    assertThat(f.isDone()).isFalse();
    f.cancel(true);
    while (sim.stats().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // Then it is counted as hung and CANCELLED
    assertThat(sim.stats().hung()).isEqualTo(1);
    assertThat(sim.stats().failures(ErrorKind.CANCELLED)).isEqualTo(1);
  }

  @Test
  void hang_endpointClosed_releasesWithUnavailable() throws Exception {
    // Given a hanging call
    SimulatedEndpoint sim = SimulatedEndpoint.builder("h").faults(Faults.builder().hangRate(1.0).build()).build();
    Future<ModelResponse> f = async.call(sim, ModelRequest.chat("hi"));
    long deadline = System.nanoTime() + Async.REAL_WAIT.toNanos();
    while (sim.stats().hung() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    // When the endpoint closes
    sim.close();
    // Then the call ends UNAVAILABLE, and new calls are refused
    assertThat(failure(f).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThatThrownBy(() -> sim.call(ModelRequest.chat("x"))).isInstanceOf(ModelException.class);
  }

  @Test
  void rateLimited_carriesRetryAfter() {
    // Given every call rate-limited with a 2 s hint
    SimulatedEndpoint sim = SimulatedEndpoint.builder("rl").faults(Faults.builder().rateLimited(1.0, Duration.ofSeconds(2)).build()).build();
    // When called / Then RATE_LIMITED with retryAfter, endpoint id set, no prompt text
    ModelException e = catchThrowableOfType(ModelException.class, () -> sim.call(ModelRequest.chat(CANARY)));
    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    assertThat(e.endpointId()).contains("rl");
    assertThat(e.getMessage()).doesNotContain(CANARY);
  }

  @Test
  void throwAndNull_breakTheContractOnPurposeAndAreCounted() {
    // Given call 1 throws unexpectedly and call 2 returns null
    SimulatedEndpoint sim = SimulatedEndpoint.builder("bad").faults(Faults.builder()
        .outageCalls(1, 1, FaultAction.throwUnexpected())
        .outageCalls(2, 2, FaultAction.returnNull()).build()).build();
    // When called twice / Then an IllegalStateException, then null, each counted
    assertThatThrownBy(() -> sim.call(ModelRequest.chat("x"))).isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(ModelException.class);
    assertThat(sim.call(ModelRequest.chat("x"))).isNull();
    assertThat(sim.stats().unexpected()).isEqualTo(1);
    assertThat(sim.stats().nulls()).isEqualTo(1);
    assertThat(sim.call(ModelRequest.chat("x")).text()).isEqualTo("x");
  }

  @Test
  void outageCalls_failOnlyThatRange() {
    // Given an outage over calls 3..5
    SimulatedEndpoint sim = SimulatedEndpoint.builder("o").faults(Faults.builder().outageCalls(3, 5).build()).build();
    // When called 7 times
    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      try {
        sim.call(ModelRequest.chat("x"));
        outcomes.add("ok");
      } catch (ModelException e) {
        outcomes.add(e.kind().name());
      }
    }
    // Then exactly calls 3..5 fail UNAVAILABLE
    assertThat(outcomes).containsExactly("ok", "ok", "UNAVAILABLE", "UNAVAILABLE", "UNAVAILABLE", "ok", "ok");
    assertThat(sim.stats().failures()).containsExactly(Map.entry(ErrorKind.UNAVAILABLE, 3L));
  }

  @Test
  void outageWindow_relativeToStartOnTimeSource() {
    // Given an outage from 10 s to 20 s after build, on manual time
    SimulatedEndpoint sim = SimulatedEndpoint.builder("w").timeSource(time)
        .faults(Faults.builder().outage(Duration.ofSeconds(10), Duration.ofSeconds(20), FaultAction.fail(ErrorKind.OVERLOADED)).build()).build();
    // When called before, inside and after the window
    sim.call(ModelRequest.chat("x"));
    time.advance(Duration.ofSeconds(10));
    ModelException inside = catchThrowableOfType(ModelException.class, () -> sim.call(ModelRequest.chat("x")));
    time.advance(Duration.ofSeconds(10));
    // Then only the call inside fails, with the window's kind
    assertThat(inside.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(sim.call(ModelRequest.chat("x")).text()).isEqualTo("x");
  }

  @Test
  void startOutage_overridesPlanUntilEnded() {
    // Given a healthy endpoint
    SimulatedEndpoint sim = SimulatedEndpoint.builder("d").build();
    // When an outage is started, then ended
    sim.startOutage();
    ModelException e = catchThrowableOfType(ModelException.class, () -> sim.call(ModelRequest.chat("x")));
    sim.endOutage();
    // Then calls fail during it and succeed after
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(sim.call(ModelRequest.chat("x")).text()).isEqualTo("x");
    assertThat(sim.stats().received()).isEqualTo(2);
  }

  @Test
  void errorRate_sameSeed_sameOutcomesAndRoughlyTheRate() {
    // Given two identical endpoints with a 20% TRANSIENT rate
    Faults f = Faults.builder().errorRate(ErrorKind.TRANSIENT, 0.2).build();
    SimulatedEndpoint a = SimulatedEndpoint.builder("x").faults(f).seed(42).build();
    SimulatedEndpoint b = SimulatedEndpoint.builder("x").faults(f).seed(42).build();
    SimulatedEndpoint other = SimulatedEndpoint.builder("y").faults(f).seed(42).build();
    // When each gets 1000 calls
    String sa = outcomes(a, 1000);
    String sb = outcomes(b, 1000);
    String so = outcomes(other, 1000);
    // Then same seed and id give identical sequences, another id another one, and the rate is about 20%
    assertThat(sa).isEqualTo(sb);
    assertThat(so).isNotEqualTo(sa);
    long failures = sa.chars().filter(c -> c == 'T').count();
    assertThat(failures).isBetween(150L, 250L);
  }

  static String outcomes(SimulatedEndpoint e, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      try {
        e.call(ModelRequest.chat("x"));
        sb.append('.');
      } catch (ModelException ex) {
        sb.append(ex.kind().name().charAt(0));
      }
    }
    return sb.toString();
  }

  @Test
  void builder_setTwice_throwsIllegalState() {
    // Given a builder with a latency / When set again / Then IllegalStateException
    SimulatedEndpoint.Builder b = SimulatedEndpoint.builder("a").latency(LatencyModel.none());
    assertThatThrownBy(() -> b.latency(LatencyModel.none())).isInstanceOf(IllegalStateException.class).hasMessageContaining("latency");
    assertThatThrownBy(() -> SimulatedEndpoint.builder("a").echo().template("t")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SimulatedEndpoint.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatedEndpoint.builder("a").tier(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void info_carriesPlacementPriceAndContext() {
    // Given a fully described endpoint
    SimulatedEndpoint sim = SimulatedEndpoint.builder("eu-1").model("m").region("eu-west-1").zone("b").tier(1).weight(3)
        .pricePerMillion(0.15, 0.6).maxContextTokens(8192).operations(Operation.CHAT).build();
    // Then its info says so
    assertThat(sim.info()).satisfies(i -> {
      assertThat(i.provider()).isEqualTo("simulated");
      assertThat(i.region()).isEqualTo("eu-west-1");
      assertThat(i.zone()).isEqualTo("b");
      assertThat(i.tier()).isEqualTo(1);
      assertThat(i.weight()).isEqualTo(3);
      assertThat(i.inputPricePerMillion()).isEqualTo(0.15);
      assertThat(i.outputPricePerMillion()).isEqualTo(0.6);
      assertThat(i.maxContextTokens()).isEqualTo(8192);
      assertThat(i.operations()).containsExactly(Operation.CHAT);
    });
    assertThat(sim.toString()).contains("eu-1");
  }

  @Test
  void concurrentCalls_countersBalance() throws Exception {
    // Given an endpoint with mixed faults
    SimulatedEndpoint sim = SimulatedEndpoint.builder("c").faults(Faults.builder()
        .errorRate(ErrorKind.TRANSIENT, 0.2).throwRate(0.05).nullRate(0.05).build()).build();
    List<Future<ModelResponse>> fs = new ArrayList<>();
    // When 8 threads make 400 calls
    for (int i = 0; i < 400; i++) {
      fs.add(async.call(sim, ModelRequest.chat("x")));
    }
    for (Future<ModelResponse> f : fs) {
      try {
        f.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException expected) {
        // counted below
      }
    }
    // Then every call is counted exactly once
    EndpointStats s = sim.stats();
    assertThat(s.received()).isEqualTo(400);
    assertThat(s.inFlight()).isZero();
    assertThat(s.completed()).isEqualTo(400);
    assertThat(s.unexpected()).isPositive();
    assertThat(s.nulls()).isPositive();
  }

  @Test
  void stats_minus_givesPhaseDelta() throws TimeoutException {
    // Given a snapshot after 2 calls
    SimulatedEndpoint sim = SimulatedEndpoint.builder("s").faults(Faults.builder().outageCalls(4, 4).build()).build();
    sim.call(ModelRequest.chat("x"));
    sim.call(ModelRequest.chat("x"));
    EndpointStats before = sim.stats();
    // When 2 more calls happen, one failing
    sim.call(ModelRequest.chat("x"));
    assertThatThrownBy(() -> sim.call(ModelRequest.chat("x"))).isInstanceOf(ModelException.class);
    // Then the delta shows just those
    EndpointStats delta = sim.stats().minus(before);
    assertThat(delta.received()).isEqualTo(2);
    assertThat(delta.succeeded()).isEqualTo(1);
    assertThat(delta.failures(ErrorKind.UNAVAILABLE)).isEqualTo(1);
  }
}
