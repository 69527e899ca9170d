package dev.mainstay.testkit.contract;

import static dev.mainstay.testkit.contract.ContractFixtures.ANSWER;
import static dev.mainstay.testkit.contract.ContractFixtures.BEHAVIOUR;
import static dev.mainstay.testkit.contract.ContractFixtures.PROMPT;
import static dev.mainstay.testkit.contract.ContractFixtures.assertNoCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.CallFacts;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Usage;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import dev.mainstay.core.event.CallFailedEvent;
import dev.mainstay.core.event.CallSucceededEvent;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.contract.ContractFixtures.Behaviour;
import dev.mainstay.testkit.contract.ContractFixtures.Recorder;
import dev.mainstay.testkit.contract.ContractFixtures.ScriptedEndpoint;
import dev.mainstay.testkit.contract.ContractFixtures.TrackingExecutor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a built client publishes: one call event per call, attempt events, never prompt text. */
final class EventsContractTest {
  private final ManualTimeSource time = new ManualTimeSource();
  private final TrackingExecutor executor = new TrackingExecutor();
  private final ScriptedEndpoint endpoint = new ScriptedEndpoint(time, Behaviour.OK);
  private final Recorder recorder = new Recorder();

  @AfterEach
  void tearDown() {
    endpoint.release();
    executor.shutdownNow();
  }

  private ModelClient client(EventListener... listeners) {
    var b = Mainstay.client("events").endpoint(endpoint).timeSource(time).executor(executor);
    for (EventListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  @Test
  void success_publishesAttemptEventsThenOneCallSucceeded() throws Exception {
    // Given a client with a recording listener
    ModelClient client = client(recorder);
    // When a call succeeds (many times, so an ordering race would show)
    for (int i = 0; i < 200; i++) {
      recorder.events.clear();
      client.call(ModelRequest.chat(PROMPT).tenant("acme"));
      // Then: started, succeeded, then the call's own event, all for the same request id
      assertThat(recorder.names()).containsExactly(
          "AttemptStartedEvent", "AttemptSucceededEvent", "CallSucceededEvent");
    }
    CallSucceededEvent call = recorder.of(CallSucceededEvent.class).get(0);
    AttemptStartedEvent started = recorder.of(AttemptStartedEvent.class).get(0);
    AttemptSucceededEvent ok = recorder.of(AttemptSucceededEvent.class).get(0);
    assertThat(call.client()).isEqualTo("events");
    assertThat(call.requestId()).isNotBlank().isEqualTo(started.requestId()).isEqualTo(ok.requestId());
    assertThat(call.operation()).isEqualTo(Operation.CHAT);
    assertThat(call.model()).isEqualTo(ModelRequest.DEFAULT_MODEL);
    assertThat(call.endpointId()).isEqualTo("ep");
    assertThat(call.facts()).isEqualTo(CallFacts.FIRST_ATTEMPT);
    assertThat(call.usage()).isEqualTo(new Usage(3, 5));
    assertThat(call.duration()).isEqualTo(Duration.ZERO);
    assertThat(call.at()).isEqualTo(time.now());
    assertThat(started.endpointId()).isEqualTo("ep");
    assertThat(started.attempt()).isEqualTo(1);
    assertThat(started.hedge()).isFalse();
    assertNoCanary(recorder.events);
  }

  @Test
  void attemptEnd_isPublishedBeforeTheWaitingCallerResumes() throws Exception {
    // Given a caller already waiting on its attempt, and a listener that, on the attempt's end,
    // gives the caller 300 ms to (wrongly) publish the call's end first
    CountDownLatch callSeen = new CountDownLatch(1);
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    EventListener probe = e -> {
      if (e instanceof AttemptSucceededEvent) {
        try {
          order.add(callSeen.await(300, TimeUnit.MILLISECONDS) ? "call-before-attempt-ended" : "attempt");
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
        }
      } else if (e instanceof CallSucceededEvent) {
        order.add("call");
        callSeen.countDown();
      }
    };
    endpoint.hold = new CountDownLatch(1);
    ModelClient client = client(probe);
    var call = ContractFixtures.start(client,
        ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, Behaviour.GATE.name()), ContractFixtures.Mode.CALL);
    endpoint.awaitEntered(1);
    time.awaitScheduled(1, ContractFixtures.REAL_WAIT); // the caller is waiting on the attempt
    // When the endpoint answers
    endpoint.hold.countDown();
    // Then the attempt's end is published before the caller can publish the call's end
    assertThat(ContractFixtures.success(call).text()).isEqualTo(ANSWER);
    assertThat(order).containsExactly("attempt", "call");
  }

  @Test
  void requestId_givenByCaller_isKeptInEvents() {
    ModelClient client = client(recorder);
    client.call(ModelRequest.chat(PROMPT).requestId("req-42"));
    assertThat(recorder.events).extracting(ModelEvent::requestId).containsOnly("req-42");
  }

  @ParameterizedTest
  @CsvSource({"THROW, UNAVAILABLE", "RETURN_NULL, INVALID_OUTPUT", "RATE_LIMITED, RATE_LIMITED"})
  void failure_publishesAttemptFailedThenCallFailedWithTheKind(Behaviour behaviour, ErrorKind kind) {
    // Given a failing endpoint
    ModelClient client = client(recorder);
    // When called
    assertThatThrownBy(() -> client.call(ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, behaviour.name())))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    // Then attempt and call events carry the kind, in order
    assertThat(recorder.names()).containsExactly("AttemptStartedEvent", "AttemptFailedEvent", "CallFailedEvent");
    assertThat(recorder.of(AttemptFailedEvent.class).get(0).kind()).isEqualTo(kind);
    assertThat(recorder.of(AttemptFailedEvent.class).get(0).endpointId()).isEqualTo("ep");
    assertThat(recorder.of(CallFailedEvent.class).get(0).kind()).isEqualTo(kind);
    assertNoCanary(recorder.events);
  }

  @Test
  void throwingListener_neverBreaksTheCall_andLaterListenersStillHearEverything() {
    // Given a listener that throws on every event, registered before a recording one
    AtomicInteger thrown = new AtomicInteger();
    EventListener bad = e -> {
      thrown.incrementAndGet();
      throw new IllegalStateException("listener bug");
    };
    ModelClient client = client(bad, recorder);
    // When calls succeed and fail
    assertThat(client.call(ModelRequest.chat(PROMPT)).text()).isEqualTo(ANSWER);
    assertThatThrownBy(() -> client.call(ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, "THROW")))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    // Then the outcomes are unaffected and the recorder heard all six events
    assertThat(thrown).hasValue(6);
    assertThat(recorder.names()).containsExactly(
        "AttemptStartedEvent", "AttemptSucceededEvent", "CallSucceededEvent",
        "AttemptStartedEvent", "AttemptFailedEvent", "CallFailedEvent");
  }

  @Test
  void listenerThrowingAnError_onAttemptEvent_callStillEndsAndNothingHangs() throws Exception {
    // Given a listener that fails an assertion (an Error, which the library never catches) on the
    // attempt's end event
    EventListener failing = e -> {
      if (e instanceof AttemptSucceededEvent) {
        throw new AssertionError("listener assertion failed");
      }
    };
    ModelClient client = client(failing, recorder);
    // When called / Then the attempt still ends and the call returns its response at once
    var call = ContractFixtures.start(client, ModelRequest.chat(PROMPT), ContractFixtures.Mode.CALL);
    assertThat(ContractFixtures.success(call).text()).isEqualTo(ANSWER);
    executor.awaitIdle();
    assertThat(recorder.names()).containsExactly("AttemptStartedEvent", "CallSucceededEvent");
  }

  @Test
  void typedListener_seesOnlyItsType() {
    List<CallSucceededEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ModelClient client = client(EventListener.of(CallSucceededEvent.class, seen::add));
    client.call(ModelRequest.chat(PROMPT));
    assertThat(seen).hasSize(1);
  }

  @Test
  void events_neverCarryPromptOrAnswerText_inAnyComponent() throws Exception {
    // Given calls whose prompt, answer and failures carry canaries
    ModelClient client = client(recorder);
    client.call(ModelRequest.chat(PROMPT).attribute("note", "x"));
    for (Behaviour b : List.of(Behaviour.THROW, Behaviour.RETURN_NULL, Behaviour.RATE_LIMITED)) {
      try {
        client.call(ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, b.name()));
      } catch (ModelException expected) {
        assertNoCanary(expected);
      }
    }
    // When every component of every event is rendered / Then no canary shows
    assertThat(recorder.events).hasSize(12);
    for (ModelEvent e : recorder.events) {
      assertThat(e.getClass().isRecord()).isTrue();
      for (RecordComponent c : e.getClass().getRecordComponents()) {
        assertNoCanary(c.getAccessor().invoke(e));
      }
      assertNoCanary(e);
    }
  }
}
