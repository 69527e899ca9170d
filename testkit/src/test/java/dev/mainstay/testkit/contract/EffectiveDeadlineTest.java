package dev.mainstay.testkit.contract;

import static dev.mainstay.testkit.contract.ContractFixtures.PROMPT;
import static dev.mainstay.testkit.contract.ContractFixtures.REAL_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.CallFailedEvent;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.contract.ContractFixtures.Behaviour;
import dev.mainstay.testkit.contract.ContractFixtures.Mode;
import dev.mainstay.testkit.contract.ContractFixtures.Recorder;
import dev.mainstay.testkit.contract.ContractFixtures.ScriptedEndpoint;
import dev.mainstay.testkit.contract.ContractFixtures.TrackingExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Whatever mix of client timeout, request timeout and request deadline, a call to a hanging
 * endpoint ends with TIMEOUT at exactly the effective deadline: the request's timeout replaces the
 * client's; a request deadline is honoured when sooner; the sooner of the remaining bounds wins.
 */
final class EffectiveDeadlineTest {
  private static final TrackingExecutor EXECUTOR = new TrackingExecutor();

  @AfterContainer
  static void shutdown() {
    EXECUTOR.shutdownNow();
  }

  @Property(tries = 60)
  void hangingCall_anyTimeoutMix_endsAtTheEffectiveDeadline(
      @ForAll @LongRange(min = 1, max = 60_000) long clientMs,
      @ForAll @LongRange(min = 0, max = 60_000) long requestMs,
      @ForAll @LongRange(min = 0, max = 60_000) long deadlineMs,
      @ForAll Mode mode,
      @ForAll AttemptIsolation isolation) throws Exception {
    // Given a hanging endpoint and a client/request timing mix (0 = not set)
    ManualTimeSource time = new ManualTimeSource();
    Recorder recorder = new Recorder();
    ScriptedEndpoint endpoint = new ScriptedEndpoint(time, Behaviour.HANG);
    ModelClient client = Mainstay.client("deadlines").endpoint(endpoint).timeSource(time).executor(EXECUTOR)
        .timeout(Duration.ofMillis(clientMs)).attemptIsolation(isolation).listener(recorder).build();
    ModelRequest r = ModelRequest.chat(PROMPT);
    if (requestMs > 0) {
      r = r.timeout(Duration.ofMillis(requestMs));
    }
    if (deadlineMs > 0) {
      r = r.deadline(Deadline.after(Duration.ofMillis(deadlineMs), time));
    }
    long bound = requestMs > 0 ? requestMs : clientMs;
    Duration expected = Duration.ofMillis(deadlineMs > 0 ? Math.min(deadlineMs, bound) : bound);

    // When the call runs and time advances to just before, then to, the expected deadline
    CompletableFuture<ModelResponse> call = ContractFixtures.start(client, r, mode);
    endpoint.awaitEntered(1);
    time.awaitScheduled(1, REAL_WAIT);
    time.advance(expected.minusNanos(1));
    assertThat(time.scheduled()).as("the call's timer is still pending").isEqualTo(1);
    assertThat(call).isNotDone();
    time.advance(Duration.ofNanos(1));

    // Then it ends with TIMEOUT, exactly then
    assertThat(ContractFixtures.failure(call).kind()).isEqualTo(ErrorKind.TIMEOUT);
    List<CallFailedEvent> failed = recorder.of(CallFailedEvent.class);
    assertThat(failed).hasSize(1);
    assertThat(failed.get(0).duration()).isEqualTo(expected);
  }
}
