package dev.mainstay.testkit.contract;

import static dev.mainstay.testkit.contract.ContractFixtures.ANSWER;
import static dev.mainstay.testkit.contract.ContractFixtures.BEHAVIOUR;
import static dev.mainstay.testkit.contract.ContractFixtures.PROMPT;
import static dev.mainstay.testkit.contract.ContractFixtures.REAL_WAIT;
import static dev.mainstay.testkit.contract.ContractFixtures.assertNoCanary;
import static dev.mainstay.testkit.contract.ContractFixtures.failure;
import static dev.mainstay.testkit.contract.ContractFixtures.start;
import static dev.mainstay.testkit.contract.ContractFixtures.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.CallFailedEvent;
import dev.mainstay.core.event.CallSucceededEvent;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.contract.ContractFixtures.Behaviour;
import dev.mainstay.testkit.contract.ContractFixtures.Mode;
import dev.mainstay.testkit.contract.ContractFixtures.Recorder;
import dev.mainstay.testkit.contract.ContractFixtures.ScriptedEndpoint;
import dev.mainstay.testkit.contract.ContractFixtures.TrackingExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ModelClient contract of a built client: every call ends exactly once, by its deadline, with
 * a response or a typed ModelException, whatever the endpoint or the caller does.
 */
final class CallContractTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ManualTimeSource time = new ManualTimeSource();
  private final TrackingExecutor executor = new TrackingExecutor();
  private final Recorder recorder = new Recorder();
  private ScriptedEndpoint endpoint = new ScriptedEndpoint(time, Behaviour.OK);

  @AfterEach
  void tearDown() {
    endpoint.release();
    executor.shutdownNow();
  }

  private ModelClient client(Behaviour behaviour, AttemptIsolation isolation) {
    return client(behaviour, isolation, TIMEOUT);
  }

  private ModelClient client(Behaviour behaviour, AttemptIsolation isolation, Duration timeout) {
    endpoint = new ScriptedEndpoint(time, behaviour);
    return Mainstay.client("contract").endpoint(endpoint).timeSource(time).executor(executor)
        .timeout(timeout).maxConcurrentAttempts(1).attemptIsolation(isolation).listener(recorder).build();
  }

  private static ModelRequest request() {
    return ModelRequest.chat(PROMPT);
  }

  private static ModelRequest ok() {
    return request().attribute(BEHAVIOUR, Behaviour.OK.name());
  }

  static Stream<Arguments> modesAndIsolations() {
    List<Arguments> out = new ArrayList<>();
    for (Mode m : Mode.values()) {
      for (AttemptIsolation i : AttemptIsolation.values()) {
        out.add(Arguments.of(m, i));
      }
    }
    return out.stream();
  }

  /** Exactly one call event, and it is a failure of the given kind and duration. */
  private CallFailedEvent singleCallFailure(ErrorKind kind, Duration took) {
    assertThat(recorder.of(CallSucceededEvent.class)).isEmpty();
    List<CallFailedEvent> failed = recorder.of(CallFailedEvent.class);
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).kind()).isEqualTo(kind);
    assertThat(failed.get(0).duration()).isEqualTo(took);
    return failed.get(0);
  }

  /** Every attempt permit is back: with maxConcurrentAttempts = 1 a further call succeeds. */
  private void assertPermitsReleased(ModelClient client) throws InterruptedException {
    executor.awaitIdle();
    assertThat(client.call(ok()).text()).isEqualTo(ANSWER);
  }

  // ------------------------------------------------------------------ endpoint faults

  @ParameterizedTest
  @MethodSource("modesAndIsolations")
  void call_endpointHangs_timesOutExactlyAtDeadline(Mode mode, AttemptIsolation isolation) throws Exception {
    // Given an endpoint that blocks until interrupted
    ModelClient client = client(Behaviour.HANG, isolation);
    CompletableFuture<ModelResponse> call = start(client, request(), mode);
    endpoint.awaitEntered(1);
    time.awaitScheduled(1, REAL_WAIT);

    // When time reaches one nanosecond before the deadline, then the deadline
    time.advance(TIMEOUT.minusNanos(1));
    assertThat(call).isNotDone();
    time.advance(Duration.ofNanos(1));

    // Then the call ends with TIMEOUT, at exactly the deadline on the manual clock
    ModelException e = failure(call);
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.endpointId()).contains("ep");
    assertThat(e.attempt()).isEqualTo(1);
    singleCallFailure(ErrorKind.TIMEOUT, TIMEOUT);
    assertThat(time.nanoTime()).isEqualTo(TIMEOUT.toNanos());
    // and the endpoint was interrupted and gave up; every permit is back
    executor.awaitIdle();
    assertThat(endpoint.interrupts).hasValue(1);
    assertThat(endpoint.finished).hasValue(1);
    assertNoCanary(e, recorder.events);
    assertPermitsReleased(client);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void call_endpointIgnoresInterrupts_callerStillReturnsAtDeadline(Mode mode) throws Exception {
    // Given an endpoint that swallows interrupts (a stuck native or socket call)
    ModelClient client = client(Behaviour.HANG_IGNORING_INTERRUPTS, AttemptIsolation.EXECUTOR);
    CompletableFuture<ModelResponse> call = start(client, request(), mode);
    endpoint.awaitEntered(1);
    time.awaitScheduled(1, REAL_WAIT);

    // When the deadline passes
    time.advance(TIMEOUT);

    // Then the caller gets TIMEOUT at the deadline although the endpoint is still stuck
    assertThat(failure(call).kind()).isEqualTo(ErrorKind.TIMEOUT);
    singleCallFailure(ErrorKind.TIMEOUT, TIMEOUT);
    assertThat(endpoint.finished).hasValue(0);
    // and the stuck attempt still holds its permit, so the bound stays honest
    assertThatThrownBy(() -> client.call(ok()))
        .isInstanceOfSatisfying(ModelException.class, x -> assertThat(x.kind()).isEqualTo(ErrorKind.OVERLOADED));
    // until it returns; then the permit is back
    endpoint.release();
    assertPermitsReleased(client);
    assertThat(endpoint.interrupts.get()).isGreaterThanOrEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("modesAndIsolations")
  void call_endpointSlowerThanDeadline_timesOutAtDeadline(Mode mode, AttemptIsolation isolation) throws Exception {
    // Given an endpoint that would answer after an hour (sleeping on the time source)
    ModelClient client = client(Behaviour.SLOW, isolation);
    CompletableFuture<ModelResponse> call = start(client, request(), mode);
    endpoint.awaitEntered(1);
    time.awaitScheduled(2, REAL_WAIT); // the call's timer and the endpoint's sleep

    // When the deadline passes
    time.advance(TIMEOUT);

    // Then TIMEOUT at exactly the deadline, and the endpoint's sleep was cut short
    assertThat(failure(call).kind()).isEqualTo(ErrorKind.TIMEOUT);
    singleCallFailure(ErrorKind.TIMEOUT, TIMEOUT);
    executor.awaitIdle();
    assertThat(endpoint.interrupts).hasValue(1);
    assertPermitsReleased(client);
  }

  static Stream<Arguments> immediateFaults() {
    List<Arguments> out = new ArrayList<>();
    for (Arguments mi : modesAndIsolations().toArray(Arguments[]::new)) {
      out.add(Arguments.of(mi.get()[0], mi.get()[1], Behaviour.THROW, ErrorKind.UNAVAILABLE));
      out.add(Arguments.of(mi.get()[0], mi.get()[1], Behaviour.RETURN_NULL, ErrorKind.INVALID_OUTPUT));
      out.add(Arguments.of(mi.get()[0], mi.get()[1], Behaviour.RATE_LIMITED, ErrorKind.RATE_LIMITED));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("immediateFaults")
  void call_endpointFailsAtOnce_typedExceptionAttributedToTheAttempt(
      Mode mode, AttemptIsolation isolation, Behaviour behaviour, ErrorKind expected) throws Exception {
    // Given an endpoint that throws an unchecked exception, returns null or is rate limited
    ModelClient client = client(behaviour, isolation);
    // When called
    ModelException e = failure(start(client, request(), mode));
    // Then a ModelException of the right kind, from endpoint 'ep', attempt 1, with no time spent
    assertThat(e.kind()).isEqualTo(expected);
    assertThat(e.endpointId()).contains("ep");
    assertThat(e.attempt()).isEqualTo(1);
    if (behaviour == Behaviour.THROW) {
      assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("endpoint bug");
    }
    if (behaviour == Behaviour.RATE_LIMITED) {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }
    singleCallFailure(expected, Duration.ZERO);
    assertThat(endpoint.calls).hasValue(1);
    assertNoCanary(e, recorder.events);
    assertPermitsReleased(client);
  }

  // ------------------------------------------------------------------ the caller

  static Stream<Arguments> interruptCases() {
    return Stream.of(
        Arguments.of(AttemptIsolation.EXECUTOR, Behaviour.HANG),
        Arguments.of(AttemptIsolation.EXECUTOR, Behaviour.HANG_IGNORING_INTERRUPTS),
        Arguments.of(AttemptIsolation.CALLER, Behaviour.HANG));
  }

  @ParameterizedTest
  @MethodSource("interruptCases")
  void call_callerInterrupted_endsCancelledAndKeepsTheInterruptFlag(
      AttemptIsolation isolation, Behaviour behaviour) throws Exception {
    // Given a caller blocked in a call to a hanging endpoint
    ModelClient client = client(behaviour, isolation);
    CompletableFuture<ModelException> outcome = new CompletableFuture<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      try {
        client.call(request());
        outcome.completeExceptionally(new AssertionError("call returned"));
      } catch (ModelException e) {
        flagAfter.set(Thread.currentThread().isInterrupted());
        outcome.complete(e);
      } catch (Throwable t) {
        outcome.completeExceptionally(t);
      }
    }, "interrupted-caller");
    caller.start();
    endpoint.awaitEntered(1);

    // When the caller's thread is interrupted
    caller.interrupt();

    // Then the call ends at once (no time passes) with CANCELLED, and the flag is still set
    ModelException e = outcome.get(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(flagAfter).isTrue();
    assertThat(time.nanoTime()).isZero();
    singleCallFailure(ErrorKind.CANCELLED, Duration.ZERO);
    assertThat(recorder.of(AttemptFailedEvent.class)).extracting(AttemptFailedEvent::kind)
        .containsExactly(ErrorKind.CANCELLED);
    endpoint.release();
    caller.join(REAL_WAIT.toMillis());
    assertPermitsReleased(client);
  }

  @ParameterizedTest
  @EnumSource(AttemptIsolation.class)
  void call_callerAlreadyInterrupted_endsCancelledWithoutWaiting(AttemptIsolation isolation) throws Exception {
    // Given a caller whose interrupt flag is set before it calls a hanging endpoint
    ModelClient client = client(Behaviour.HANG, isolation);
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      Thread.currentThread().interrupt();
      try {
        outcome.set(client.call(request()));
      } catch (RuntimeException e) {
        outcome.set(e);
      }
      flagAfter.set(Thread.currentThread().isInterrupted());
    });
    // When it calls
    caller.start();
    caller.join(REAL_WAIT.toMillis());
    // Then it is cancelled at once and keeps its flag
    assertThat(caller.isAlive()).isFalse();
    assertThat(outcome.get()).isInstanceOfSatisfying(ModelException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(flagAfter).isTrue();
    singleCallFailure(ErrorKind.CANCELLED, Duration.ZERO);
    assertPermitsReleased(client);
  }

  @ParameterizedTest
  @EnumSource(AttemptIsolation.class)
  void callAsync_futureCancelled_interruptsTheCallWhichEndsCancelledOnce(AttemptIsolation isolation)
      throws Exception {
    // Given an async call to a hanging endpoint
    ModelClient client = client(Behaviour.HANG, isolation);
    CompletableFuture<ModelResponse> call = client.callAsync(request());
    endpoint.awaitEntered(1);

    // When the future is cancelled
    assertThat(call.cancel(true)).isTrue();

    // Then the future is cancelled, the endpoint is interrupted, and the call ends exactly once
    // with CANCELLED (never counted against the endpoint), releasing its permit
    assertThat(call).isCancelled();
    assertThatThrownBy(call::join).isInstanceOf(CancellationException.class);
    executor.awaitIdle();
    assertThat(endpoint.interrupts).hasValue(1);
    singleCallFailure(ErrorKind.CANCELLED, Duration.ZERO);
    assertThat(recorder.of(AttemptFailedEvent.class)).extracting(AttemptFailedEvent::kind)
        .containsExactly(ErrorKind.CANCELLED);
    assertThat(ErrorKind.CANCELLED.endpointFault()).isFalse();
    assertPermitsReleased(client);
  }

  // ------------------------------------------------------------------ deadlines and timeouts

  @ParameterizedTest
  @EnumSource(Mode.class)
  void call_noTimeLeft_failsFastWithoutReachingTheEndpoint(Mode mode) throws Exception {
    // Given a request whose deadline has passed by the time it is called
    ModelClient client = client(Behaviour.OK, AttemptIsolation.EXECUTOR);
    ModelRequest late = request().deadline(Deadline.after(Duration.ofSeconds(1), time));
    time.advance(Duration.ofSeconds(1));
    // When called
    ModelException e = failure(start(client, late, mode));
    // Then TIMEOUT at once, the endpoint never reached, no attempt made
    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(e.endpointId()).isEmpty();
    assertThat(endpoint.calls).hasValue(0);
    assertThat(recorder.of(AttemptStartedEvent.class)).isEmpty();
    singleCallFailure(ErrorKind.TIMEOUT, Duration.ZERO);
    assertThat(time.scheduled()).isZero();
  }

  static Stream<Arguments> timeoutCases() {
    Duration dflt = Duration.ofSeconds(10);
    return Stream.of(
        // request timeout shorter than the client's: it wins
        Arguments.of(dflt, Duration.ofSeconds(2), null, Duration.ofSeconds(2)),
        // request timeout longer than the client's: it still wins (it overrides the default)
        Arguments.of(dflt, Duration.ofSeconds(20), null, Duration.ofSeconds(20)),
        // a sooner request deadline is honoured
        Arguments.of(dflt, null, Duration.ofSeconds(3), Duration.ofSeconds(3)),
        // a later request deadline is bounded by the client's timeout (documented)
        Arguments.of(dflt, null, Duration.ofSeconds(60), dflt),
        // deadline and timeout together: the sooner of the two
        Arguments.of(dflt, Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(4)),
        Arguments.of(dflt, Duration.ofSeconds(8), Duration.ofSeconds(5), Duration.ofSeconds(5)),
        // no request setting: the client's default
        Arguments.of(dflt, null, null, dflt));
  }

  @ParameterizedTest
  @MethodSource("timeoutCases")
  void call_timeoutAndDeadline_callEndsAtTheEffectiveDeadline(
      Duration clientTimeout, Duration requestTimeout, Duration requestDeadline, Duration expected)
      throws Exception {
    // Given a hanging endpoint, a client default and the request's own timeout/deadline
    ModelClient client = client(Behaviour.HANG, AttemptIsolation.EXECUTOR, clientTimeout);
    ModelRequest r = request();
    if (requestTimeout != null) {
      r = r.timeout(requestTimeout);
    }
    if (requestDeadline != null) {
      r = r.deadline(Deadline.after(requestDeadline, time));
    }
    CompletableFuture<ModelResponse> call = start(client, r, Mode.CALL);
    endpoint.awaitEntered(1);
    time.awaitScheduled(1, REAL_WAIT);

    // When time runs to one nanosecond before the expected deadline, the timer is still pending
    time.advance(expected.minusNanos(1));
    assertThat(time.scheduled()).isEqualTo(1);
    assertThat(call).isNotDone();
    // and at the deadline
    time.advance(Duration.ofNanos(1));

    // Then the call ends with TIMEOUT exactly then
    assertThat(failure(call).kind()).isEqualTo(ErrorKind.TIMEOUT);
    singleCallFailure(ErrorKind.TIMEOUT, expected);
  }

  @Test
  void call_concurrentAttemptsOverTheBound_overloadedWithoutReachingTheEndpoint() throws Exception {
    // Given a client bounded to one attempt at a time, with one call hanging
    ModelClient client = client(Behaviour.HANG, AttemptIsolation.EXECUTOR);
    CompletableFuture<ModelResponse> first = start(client, request(), Mode.CALL);
    endpoint.awaitEntered(1);

    // When a second call arrives (sync and async)
    ModelException second = failure(start(client, ok(), Mode.CALL));
    ModelException third = failure(client.callAsync(ok()));

    // Then both fail fast with OVERLOADED and never reach the endpoint
    assertThat(second.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(third.kind()).isEqualTo(ErrorKind.OVERLOADED);
    assertThat(second.getMessage()).contains("maxConcurrentAttempts");
    assertThat(endpoint.calls).hasValue(1);
    assertThat(time.nanoTime()).isZero();
    assertThat(recorder.of(AttemptFailedEvent.class)).extracting(AttemptFailedEvent::kind)
        .containsExactly(ErrorKind.OVERLOADED, ErrorKind.OVERLOADED);
    // and the first still ends at its deadline
    time.awaitScheduled(1, REAL_WAIT);
    time.advance(TIMEOUT);
    assertThat(failure(first).kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertPermitsReleased(client);
  }

  @ParameterizedTest
  @MethodSource("modesAndIsolations")
  void call_endpointAnswers_responseWithEndpointIdAndNoTimeSpent(Mode mode, AttemptIsolation isolation)
      throws Exception {
    ModelClient client = client(Behaviour.OK, isolation);
    ModelResponse r = success(start(client, request(), mode));
    assertThat(r.text()).isEqualTo(ANSWER);
    assertThat(r.endpointId()).isEqualTo("ep");
    assertThat(time.scheduled()).isZero();
    assertNoCanary(r, recorder.events);
  }
}
