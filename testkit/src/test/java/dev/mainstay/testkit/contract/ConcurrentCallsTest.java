package dev.mainstay.testkit.contract;

import static dev.mainstay.testkit.contract.ContractFixtures.BEHAVIOUR;
import static dev.mainstay.testkit.contract.ContractFixtures.PROMPT;
import static dev.mainstay.testkit.contract.ContractFixtures.REAL_WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.CallFailedEvent;
import dev.mainstay.core.event.CallSucceededEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.testkit.ManualTimeSource;
import dev.mainstay.testkit.contract.ContractFixtures.Behaviour;
import dev.mainstay.testkit.contract.ContractFixtures.Recorder;
import dev.mainstay.testkit.contract.ContractFixtures.ScriptedEndpoint;
import dev.mainstay.testkit.contract.ContractFixtures.TrackingExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many callers, a mix of faults: every call still ends exactly once and every permit comes back. */
final class ConcurrentCallsTest {
  private static final int THREADS = 32;
  private static final int CALLS_PER_THREAD = 200;
  private static final int MAX_ATTEMPTS = 64;
  private static final Duration TIMEOUT = Duration.ofMillis(200);
  private static final List<Behaviour> MIX = List.of(
      Behaviour.OK, Behaviour.OK, Behaviour.OK, Behaviour.OK, Behaviour.OK, Behaviour.OK,
      Behaviour.THROW, Behaviour.RETURN_NULL, Behaviour.RATE_LIMITED,
      Behaviour.HANG, Behaviour.SLOW, Behaviour.STUBBORN);

  private final ManualTimeSource time = new ManualTimeSource();
  private final TrackingExecutor executor = new TrackingExecutor();
  private final AtomicBoolean driving = new AtomicBoolean(true);

  @AfterEach
  void tearDown() {
    driving.set(false);
    executor.shutdownNow();
  }

  /** What each behaviour may end with; TIMEOUT and OVERLOADED are always legitimate under load. */
  private static Set<String> allowed(Behaviour b) {
    Set<String> out = new java.util.HashSet<>(Set.of(ErrorKind.TIMEOUT.name(), ErrorKind.OVERLOADED.name()));
    switch (b) {
      case OK:
        out.add("OK");
        break;
      case THROW:
        out.add(ErrorKind.UNAVAILABLE.name());
        break;
      case RETURN_NULL:
        out.add(ErrorKind.INVALID_OUTPUT.name());
        break;
      case RATE_LIMITED:
        out.add(ErrorKind.RATE_LIMITED.name());
        break;
      case STUBBORN:
        // It comes back 400 ms after it started. With time moving on its own thread, a caller whose
        // deadline timer fired but which has not yet woken may find that answer ready and return
        // it: late by the caller's scheduling latency, never by the endpoint's hang.
        out.add("OK");
        break;
      default:
        break; // HANG and SLOW outlive any deadline here
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(AttemptIsolation.class)
  void manyCallers_mixOfFaults_everyCallEndsExactlyOnceAndPermitsComeBack(AttemptIsolation isolation)
      throws Exception {
    // Given a client over an endpoint with a mix of faults, and a thread that keeps time moving
    ScriptedEndpoint endpoint = new ScriptedEndpoint(time, Behaviour.OK);
    Recorder recorder = new Recorder();
    ModelClient client = Mainstay.client("stress").endpoint(endpoint).timeSource(time).executor(executor)
        .timeout(TIMEOUT).maxConcurrentAttempts(MAX_ATTEMPTS).attemptIsolation(isolation)
        .listener(recorder).build();
    // STUBBORN ignores the interrupt: under CALLER isolation the caller itself would be stuck past
    // its deadline (documented for AttemptIsolation.CALLER), so that mix leaves it out.
    List<Behaviour> mix = new ArrayList<>(MIX);
    if (isolation == AttemptIsolation.CALLER) {
      mix.remove(Behaviour.STUBBORN);
    }
    Thread driver = new Thread(() -> {
      while (driving.get()) {
        time.advance(Duration.ofMillis(1));
        LockSupport.parkNanos(50_000); // pacing only; every deadline is on the manual clock
      }
    }, "time-driver");
    driver.setDaemon(true);
    driver.start();

    // When 32 threads make 200 calls each, half with call and half with callAsync
    Map<String, Behaviour> asked = new ConcurrentHashMap<>();
    Map<String, String> outcome = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    List<Thread> callers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(THREADS);
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      Thread caller = new Thread(() -> {
        Random random = new Random(id);
        try {
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            Behaviour b = mix.get(random.nextInt(mix.size()));
            String rid = "t" + id + "-" + i;
            asked.put(rid, b);
            completions.put(rid, new AtomicInteger());
            ModelRequest r = ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, b.name()).requestId(rid);
            String result;
            if (random.nextBoolean()) {
              result = syncCall(client, r);
              completions.get(rid).incrementAndGet();
            } else {
              CompletableFuture<ModelResponse> f = client.callAsync(r);
              f.whenComplete((x, e) -> completions.get(rid).incrementAndGet());
              result = asyncCall(f);
            }
            if (outcome.putIfAbsent(rid, result) != null) {
              outcome.put(rid, "DUPLICATE");
            }
          }
        } finally {
          done.countDown();
        }
      }, "caller-" + t);
      caller.setDaemon(true);
      callers.add(caller);
      caller.start();
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).as("all callers finished").isTrue();
    executor.awaitIdle(); // every attempt, even the stubborn ones, has returned
    driving.set(false);
    driver.join(REAL_WAIT.toMillis());

    // Then every call ended exactly once, with a response or a typed ModelException it may end with
    int total = THREADS * CALLS_PER_THREAD;
    assertThat(outcome).hasSize(total);
    assertThat(completions.values()).allSatisfy(c -> assertThat(c).hasValue(1));
    outcome.forEach((rid, result) ->
        assertThat(allowed(asked.get(rid))).as("%s asked %s ended %s", rid, asked.get(rid), result).contains(result));
    // and the events agree: exactly one call event per request, with the same outcome
    Map<String, String> fromEvents = new ConcurrentHashMap<>();
    for (ModelEvent e : recorder.events) {
      if (e instanceof CallSucceededEvent) {
        assertThat(fromEvents.put(e.requestId(), "OK")).as("second call event for %s", e.requestId()).isNull();
      } else if (e instanceof CallFailedEvent) {
        assertThat(fromEvents.put(e.requestId(), ((CallFailedEvent) e).kind().name()))
            .as("second call event for %s", e.requestId()).isNull();
      }
    }
    assertThat(fromEvents).isEqualTo(outcome);
    System.out.printf("isolation=%s outcomes=%s%n", isolation, new java.util.TreeMap<>(
        outcome.values().stream().collect(java.util.stream.Collectors.groupingBy(v -> v,
            java.util.stream.Collectors.counting()))));
    // and the mix really exercised the paths
    assertThat(outcome.values()).contains("OK", "TIMEOUT", "UNAVAILABLE", "INVALID_OUTPUT", "RATE_LIMITED");
    assertThat(outcome.values().stream().filter("OK"::equals).count()).isGreaterThan(total / 10);

    // and every permit came back: MAX_ATTEMPTS calls can be inside the endpoint at once, no more
    endpoint.gate = new CountDownLatch(MAX_ATTEMPTS);
    endpoint.hold = new CountDownLatch(1);
    List<CompletableFuture<ModelResponse>> burst = new ArrayList<>();
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      burst.add(client.callAsync(ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, Behaviour.GATE.name())));
    }
    assertThat(endpoint.gate.await(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("all %d attempts inside the endpoint at once", MAX_ATTEMPTS).isTrue();
    String extra = syncCall(client, ModelRequest.chat(PROMPT).attribute(BEHAVIOUR, "OK"));
    assertThat(extra).isEqualTo(ErrorKind.OVERLOADED.name());
    endpoint.hold.countDown();
    for (CompletableFuture<ModelResponse> f : burst) {
      assertThat(asyncCall(f)).isEqualTo("OK");
    }
    executor.awaitIdle();
  }

  private static String syncCall(ModelClient client, ModelRequest r) {
    try {
      client.call(r);
      return "OK";
    } catch (ModelException e) {
      return e.kind().name();
    } catch (RuntimeException e) {
      return "UNTYPED " + e;
    }
  }

  private static String asyncCall(CompletableFuture<ModelResponse> f) {
    try {
      f.get(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return "OK";
    } catch (ExecutionException e) {
      return e.getCause() instanceof ModelException
          ? ((ModelException) e.getCause()).kind().name()
          : "UNTYPED " + e.getCause();
    } catch (TimeoutException e) {
      return "LOST";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "INTERRUPTED";
    }
  }
}
