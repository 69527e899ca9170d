package dev.mainstay.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.RateLimitedEvent;
import dev.mainstay.failover.Scripted.Step;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ClientLimiterTest {
  private final Sim sim = new Sim();

  private ModelClient limited(ClientLimiter limiter, Duration timeout) {
    Scripted a = Scripted.always("a", sim.time, Step.ok());
    return Mainstay.client("lim").route(Route.failover().tier(a)).with(limiter)
        .timeSource(sim.time).executor(new DirectExecutor()).attemptIsolation(dev.mainstay.core.AttemptIsolation.CALLER).listener(sim.events).timeout(timeout).build();
  }

  private static ModelRequest chat() {
    return ModelRequest.chat("hi");
  }

  @Test
  void rate_overLimitFailFast_throwsRateLimitedWithRetryAfter() {
    // Given 2 calls per second, burst 2, no waiting
    ModelClient client = limited(ClientLimiter.builder().rate(2, Duration.ofSeconds(1)).build(), Duration.ofSeconds(10));
    client.call(chat());
    client.call(chat());
    // When / Then the third fails fast with the time until the next permit
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(ModelException.class, e -> {
      assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
      assertThat(e.retryAfter()).contains(Duration.ofMillis(500));
    });
    assertThat(sim.events.of(RateLimitedEvent.class)).singleElement().satisfies(e -> {
      assertThat(e.rejected()).isTrue();
      assertThat(e.limit()).isEqualTo("rate");
    });
    // and after the refill it passes again
    sim.time.advance(Duration.ofMillis(500));
    assertThat(client.call(chat()).endpointId()).isEqualTo("a");
  }

  @Test
  void rate_waitWithinDeadline_waitsOnTimeSource() {
    // Given 2 per second and waiting allowed
    ModelClient client = limited(ClientLimiter.builder().rate(2, Duration.ofSeconds(1)).waitWithinDeadline().build(),
        Duration.ofSeconds(10));
    // When
    for (int i = 0; i < 4; i++) {
      client.call(chat());
    }
    // Then calls 3 and 4 waited 500 ms each
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    assertThat(sim.events.of(RateLimitedEvent.class)).extracting(RateLimitedEvent::waited)
        .containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
  }

  @Test
  void rate_waitWouldPassDeadline_rejectsAtOnce() {
    // Given one call per minute and a 10 s call timeout
    ModelClient client = limited(ClientLimiter.builder().rate(1, Duration.ofMinutes(1)).waitWithinDeadline().build(),
        Duration.ofSeconds(10));
    client.call(chat());
    // When / Then
    assertThatThrownBy(() -> client.call(chat())).isInstanceOfSatisfying(ModelException.class,
        e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    assertThat(sim.time.elapsed()).isEqualTo(Duration.ZERO);
  }

  @Test
  void concurrency_limitReached_failsFastOrWaitsForRelease() throws Exception {
    // Given at most one call in flight, waiting up to 5 s (real threads, manual clock)
    ManualTimeSource ts = new ManualTimeSource();
    Scripted a = Scripted.of("a", ts, n -> n == 0 ? Step.hanging() : Step.ok());
    Recorder events = new Recorder();
    ModelClient waiting = Mainstay.client("c").route(Route.failover().tier(a))
        .with(ClientLimiter.builder().maxConcurrent(1).maxWait(Duration.ofSeconds(5)).build())
        .timeSource(ts).listener(events).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<ModelResponse> first = CompletableFuture.supplyAsync(() -> waiting.call(chat()), pool);
      HedgingTest.awaitActive(a, 1);
      // When a second call arrives it waits; when the first finishes, it goes
      CompletableFuture<ModelResponse> second = CompletableFuture.supplyAsync(() -> waiting.call(chat()), pool);
      ts.awaitScheduled(2, Duration.ofSeconds(10)); // first attempt's deadline + second's wait timer
      assertThat(second).isNotDone();
      a.release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).endpointId()).isEqualTo("a");
      assertThat(second.get(10, TimeUnit.SECONDS).endpointId()).isEqualTo("a");
      assertThat(events.of(RateLimitedEvent.class)).singleElement().satisfies(e -> {
        assertThat(e.limit()).isEqualTo("concurrency");
        assertThat(e.rejected()).isFalse();
      });
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrency_waitExpires_throwsOverloaded() throws Exception {
    ManualTimeSource ts = new ManualTimeSource();
    Scripted a = Scripted.of("a", ts, n -> n == 0 ? Step.hanging() : Step.ok());
    ModelClient client = Mainstay.client("c").route(Route.failover().tier(a))
        .with(ClientLimiter.builder().maxConcurrent(1).maxWait(Duration.ofSeconds(1)).build())
        .timeSource(ts).build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<ModelResponse> first = CompletableFuture.supplyAsync(() -> client.call(chat()), pool);
      HedgingTest.awaitActive(a, 1);
      CompletableFuture<ModelResponse> second = CompletableFuture.supplyAsync(() -> client.call(chat()), pool);
      ts.awaitScheduled(2, Duration.ofSeconds(10));
      // When the wait runs out
      ts.advance(Duration.ofSeconds(1));
      // Then
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ModelException.class)
          .cause().satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(ErrorKind.OVERLOADED));
      a.release.countDown();
      first.get(10, TimeUnit.SECONDS);
      // and the freed permit is usable
      assertThat(client.call(chat()).endpointId()).isEqualTo("a");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void builder_noLimit_rejected() {
    assertThatThrownBy(() -> ClientLimiter.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ClientLimiter.builder().maxConcurrent(1).maxConcurrent(2))
        .isInstanceOf(IllegalStateException.class);
  }
}
