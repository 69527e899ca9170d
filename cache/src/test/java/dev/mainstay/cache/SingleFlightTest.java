package dev.mainstay.cache;

import static dev.mainstay.cache.Fixtures.det;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.cache.Fixtures.CountingModel;
import dev.mainstay.cache.Fixtures.Events;
import dev.mainstay.core.CallFacts;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class SingleFlightTest {
  private static final int WAITERS = 15;

  private final ManualTimeSource ts = new ManualTimeSource();
  private final ExecutorService pool = Executors.newFixedThreadPool(WAITERS + 2);
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<ModelResponse> answer =
      new AtomicReference<>(ModelResponse.ofText("the one answer"));
  private final AtomicReference<ModelException> failure = new AtomicReference<>();
  private final CountingModel model = new CountingModel(r -> {
    entered.countDown();
    try {
      if (!release.await(20, TimeUnit.SECONDS)) {
        throw new ModelException(ErrorKind.TIMEOUT, "test latch never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(ErrorKind.CANCELLED, "interrupted");
    }
    ModelException f = failure.get();
    if (f != null) {
      throw f;
    }
    return answer.get();
  });
  private final Events events = new Events();
  private final ModelClient client =
      Fixtures.client(ts, Fixtures.syncCache().build(), model, events);

  @AfterEach
  void tearDown() {
    release.countDown();
    pool.shutdownNow();
  }

  /** Starts the loader, waits until it is inside the model, then starts the waiters. */
  private List<CompletableFuture<ModelResponse>> launch(ModelRequest loaderRequest,
      ModelRequest waiterRequest, int waiters) throws Exception {
    List<CompletableFuture<ModelResponse>> calls = new ArrayList<>();
    calls.add(CompletableFuture.supplyAsync(() -> client.call(loaderRequest), pool));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    // the loader's caller thread schedules its own wait timer after handing the attempt to the
    // executor, so possibly after the model was entered: count it before counting the waiters
    ts.awaitScheduled(1, Duration.ofSeconds(10));
    int base = ts.scheduled();
    for (int i = 0; i < waiters; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> client.call(waiterRequest), pool));
    }
    // every waiter schedules its own deadline timer on the time source before it blocks
    ts.awaitScheduled(base + waiters, Duration.ofSeconds(10));
    return calls;
  }

  @Test
  void call_concurrentIdenticalMisses_oneInnerCall() throws Exception {
    // Given
    List<CompletableFuture<ModelResponse>> calls = launch(det("q"), det("q"), WAITERS);
    // When
    release.countDown();
    // Then
    List<ModelResponse> results = new ArrayList<>();
    for (CompletableFuture<ModelResponse> c : calls) {
      results.add(c.get(10, TimeUnit.SECONDS));
    }
    assertThat(model.calls).hasValue(1);
    assertThat(results).extracting(ModelResponse::text).containsOnly("the one answer");
    assertThat(results.get(0).facts().cached()).isFalse();
    assertThat(results.subList(1, results.size())).extracting(ModelResponse::facts)
        .containsOnly(new CallFacts(0, true, false, false));
    assertThat(events.of(CacheHitEvent.class)).hasSize(WAITERS).allMatch(CacheHitEvent::coalesced);
    // and the answer is now cached
    assertThat(client.call(det("q")).facts().cached()).isTrue();
    assertThat(model.calls).hasValue(1);
  }

  @Test
  void call_loadFails_failsOnlyItsWaitersAndIsNotCached() throws Exception {
    // Given
    failure.set(new ModelException(ErrorKind.INVALID_REQUEST, "scripted"));
    List<CompletableFuture<ModelResponse>> calls = launch(det("q"), det("q"), WAITERS);
    // When
    release.countDown();
    // Then
    for (CompletableFuture<ModelResponse> c : calls) {
      assertThat(c).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
          .satisfies(e -> assertThat(((ModelException) e.getCause()).kind())
              .isEqualTo(ErrorKind.INVALID_REQUEST));
    }
    assertThat(model.calls).hasValue(1);
    // the next caller loads afresh
    failure.set(null);
    assertThat(client.call(det("q")).text()).isEqualTo("the one answer");
    assertThat(model.calls).hasValue(2);
  }

  @Test
  void call_waiterDeadlinePasses_waiterTimesOutWhileLoadContinues() throws Exception {
    // Given: a loader with a long timeout, a waiter with a short one
    List<CompletableFuture<ModelResponse>> calls = launch(
        det("q").timeout(Duration.ofMinutes(5)), det("q").timeout(Duration.ofSeconds(2)), 1);
    // When
    ts.advance(Duration.ofSeconds(3));
    // Then
    assertThat(calls.get(1)).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .satisfies(e -> assertThat(((ModelException) e.getCause()).kind()).isEqualTo(ErrorKind.TIMEOUT));
    assertThat(calls.get(0)).isNotDone();
    release.countDown();
    assertThat(calls.get(0).get(10, TimeUnit.SECONDS).text()).isEqualTo("the one answer");
    assertThat(model.calls).hasValue(1);
  }

  @Test
  void call_waiterCancelled_loaderUnaffected() throws Exception {
    // Given
    List<CompletableFuture<ModelResponse>> calls = new ArrayList<>();
    calls.add(CompletableFuture.supplyAsync(() -> client.call(det("q")), pool));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    // the loader's caller thread schedules its own wait timer after handing the attempt to the
    // executor, so possibly after the model was entered: count it before counting the waiters
    ts.awaitScheduled(1, Duration.ofSeconds(10));
    int base = ts.scheduled();
    CompletableFuture<ModelResponse> waiter = client.callAsync(det("q"));
    ts.awaitScheduled(base + 1, Duration.ofSeconds(10));
    // When
    waiter.cancel(true);
    release.countDown();
    // Then
    assertThat(calls.get(0).get(10, TimeUnit.SECONDS).text()).isEqualTo("the one answer");
    assertThat(model.calls).hasValue(1);
    assertThat(client.call(det("q")).facts().cached()).isTrue();
  }

  @Test
  void call_differentTenants_neverCoalesced() throws Exception {
    // Given
    CompletableFuture<ModelResponse> a =
        CompletableFuture.supplyAsync(() -> client.call(det("q").tenant("acme")), pool);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<ModelResponse> b =
        CompletableFuture.supplyAsync(() -> client.call(det("q").tenant("globex")), pool);
    // When
    release.countDown();
    // Then
    assertThat(a.get(10, TimeUnit.SECONDS).facts().cached()).isFalse();
    assertThat(b.get(10, TimeUnit.SECONDS).facts().cached()).isFalse();
    assertThat(model.calls).hasValue(2);
  }
}
