package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.HedgeLaunchedEvent;
import dev.mainstay.core.event.HedgeWonEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

final class AttemptParentingTest {
  private final TestTelemetry t = new TestTelemetry();
  private final Set<String> attemptThreads = ConcurrentHashMap.newKeySet();

  @AfterEach
  void close() {
    t.close();
  }

  /** An endpoint that records its thread and either answers or fails. */
  private Endpoint endpoint(String id, ErrorKind failWith, CountDownLatch waitFor) {
    return endpoint(id, failWith, waitFor, new CountDownLatch(0));
  }

  private Endpoint endpoint(String id, ErrorKind failWith, CountDownLatch waitFor, CountDownLatch started) {
    EndpointInfo info = EndpointInfo.builder(id).provider("openai").model("m-" + id).build();
    return Endpoint.of(info, request -> {
      attemptThreads.add(Thread.currentThread().getName());
      started.countDown();
      try {
        if (!waitFor.await(10, TimeUnit.SECONDS)) {
          throw new ModelException(ErrorKind.TIMEOUT, "test latch");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelException(ErrorKind.CANCELLED, "interrupted");
      }
      if (failWith != ErrorKind.CANCELLED) {
        throw new ModelException(failWith, "scripted");
      }
      return ModelResponse.builder(request.operation()).text("ok").model("m-" + id).endpointId(id).build();
    });
  }

  private static CountDownLatch open() {
    return new CountDownLatch(0);
  }

  @RepeatedTest(5)
  void hedge_twoConcurrentAttemptsOnOtherThreads_bothUnderCallSpan() {
    // Given a router whose first attempt blocks until the call ends and whose hedge answers as soon
    // as the first attempt is running
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch slowStarted = new CountDownLatch(1);
    Endpoint slow = endpoint("slow", ErrorKind.CANCELLED, never, slowStarted);
    Endpoint fast = endpoint("fast", ErrorKind.CANCELLED, slowStarted);
    ModelClient client = Mainstay.client("hedged")
        .route(new TwoAttemptRouter(slow, fast, true, (c, r) -> List.of(
            new HedgeLaunchedEvent(c.clientName(), r.requestId(), c.timeSource().now(), "fast", 2,
                Duration.ofMillis(5)),
            new HedgeWonEvent(c.clientName(), r.requestId(), c.timeSource().now(), "fast", 2))))
        .with(Observability.of(t.openTelemetry, t.meters))
        .build();
    String caller = Thread.currentThread().getName();

    // When the call is answered by the hedge and the first attempt is cancelled
    ModelResponse r = client.call(ModelRequest.chat("q"));
    never.countDown();

    // Then both attempt spans are children of the call span, though they ran on other threads
    assertThat(r.endpointId()).isEqualTo("fast");
    await(() -> t.spansNamed("attempt slow").size() == 1);
    SpanData call = t.span("chat default");
    SpanData first = t.span("attempt slow");
    SpanData hedge = t.span("attempt fast");
    assertThat(attemptThreads).doesNotContain(caller);
    assertThat(List.of(first, hedge)).allSatisfy(a -> {
      assertThat(a.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(a.getTraceId()).isEqualTo(call.getTraceId());
    });
    assertThat(hedge.getAttributes().get(AttributeKey.booleanKey("mainstay.hedged"))).isTrue();
    assertThat(hedge.getAttributes().get(AttributeKey.longKey("mainstay.attempt.number"))).isEqualTo(2L);
    assertThat(hedge.getAttributes().get(AttributeKey.stringKey("mainstay.attempt.outcome"))).isEqualTo("success");
    assertThat(first.getAttributes().get(AttributeKey.stringKey("mainstay.attempt.outcome"))).isEqualTo("cancelled");
    assertThat(call.getEvents()).extracting(e -> e.getName())
        .contains("mainstay.hedge.launched", "mainstay.hedge.won");
    assertThat(t.meters.get("mainstay.hedges.launched").counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.hedges.won").counter().count()).isEqualTo(1);
  }

  @Test
  void failover_secondAttemptCarriesFailoverReason() {
    // Given a router that fails over from a rate-limited endpoint to a healthy one
    Endpoint limited = endpoint("limited", ErrorKind.RATE_LIMITED, open());
    Endpoint healthy = endpoint("healthy", ErrorKind.CANCELLED, open());
    ModelClient client = Mainstay.client("fo")
        .route(new TwoAttemptRouter(limited, healthy, false))
        .with(Observability.of(t.openTelemetry, t.meters))
        .build();

    // When the call fails over and succeeds
    client.call(ModelRequest.chat("q"));

    // Then the second attempt says why it ran, and the failover is counted by reason
    SpanData call = t.span("chat default");
    SpanData second = t.span("attempt healthy");
    SpanData first = t.span("attempt limited");
    assertThat(second.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(first.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(second.getAttributes().get(AttributeKey.stringKey("mainstay.attempt.failover_reason")))
        .isEqualTo("rate_limited");
    assertThat(first.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("rate_limited");
    assertThat(call.getEvents()).extracting(e -> e.getName()).contains("mainstay.failover");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("m-healthy");
    assertThat(t.meters.get("mainstay.failovers").tag("reason", "rate_limited")
        .tag("mainstay.endpoint", "limited").counter().count()).isEqualTo(1);
  }

  @Test
  void applicationSpan_callSpanIsItsChild() {
    // Given an application span current on the caller's thread
    Tracer tracer = t.openTelemetry.getTracer("app");
    Span app = tracer.spanBuilder("handle-request").startSpan();
    ModelClient client = Mainstay.client("nested")
        .route(dev.mainstay.core.Router.direct(endpoint("e", ErrorKind.CANCELLED, open())))
        .with(Observability.of(t.openTelemetry, t.meters))
        .build();

    // When the call runs inside it
    try (Scope ignored = app.makeCurrent()) {
      client.call(ModelRequest.chat("q"));
    } finally {
      app.end();
    }

    // Then call -> attempt nest under the application's span
    SpanData call = t.span("chat default");
    assertThat(call.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
    assertThat(t.span("attempt e").getParentSpanId()).isEqualTo(call.getSpanId());
  }

  @Test
  void callAsync_insideApplicationSpan_callSpanIsItsChild() throws Exception {
    // Given an application span current on the caller's thread and an endpoint that runs on the
    // executor and records the span it sees
    Tracer tracer = t.openTelemetry.getTracer("app");
    Span app = tracer.spanBuilder("handle-request").startSpan();
    java.util.concurrent.atomic.AtomicReference<String> seenSpan = new java.util.concurrent.atomic.AtomicReference<>();
    Endpoint e = endpoint("e", ErrorKind.CANCELLED, open());
    ModelClient client = Mainstay.client("async")
        .route(dev.mainstay.core.Router.direct(Endpoint.of(e.info(), request -> {
          seenSpan.set(Span.current().getSpanContext().getSpanId());
          return e.call(request);
        })))
        .with(Observability.of(t.openTelemetry, t.meters))
        .build();
    String caller = Thread.currentThread().getName();

    // When the call is made asynchronously inside it
    java.util.concurrent.CompletableFuture<ModelResponse> f;
    try (Scope ignored = app.makeCurrent()) {
      f = client.callAsync(ModelRequest.chat("q"));
    } finally {
      app.end();
    }
    f.get(10, TimeUnit.SECONDS);

    // Then call -> attempt nest under the application's span though they ran on other threads, and
    // the endpoint saw its attempt's span
    await(() -> t.spansNamed("chat default").size() == 1);
    SpanData call = t.span("chat default");
    SpanData attempt = t.span("attempt e");
    assertThat(attemptThreads).doesNotContain(caller);
    assertThat(call.getParentSpanId()).isEqualTo(app.getSpanContext().getSpanId());
    assertThat(call.getTraceId()).isEqualTo(app.getSpanContext().getTraceId());
    assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(seenSpan.get()).isEqualTo(attempt.getSpanId());
  }

  @Test
  void executorAttempt_seesCallersBaggage() {
    // Given baggage current on the caller's thread and an attempt handed to the executor
    java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
    Endpoint e = endpoint("e", ErrorKind.CANCELLED, open());
    ModelClient client = Mainstay.client("bag")
        .route(dev.mainstay.core.Router.direct(Endpoint.of(e.info(), request -> {
          seen.set(io.opentelemetry.api.baggage.Baggage.current().getEntryValue("tenant"));
          return e.call(request);
        })))
        .with(Observability.of(t.openTelemetry, t.meters))
        .build();

    // When the call runs inside it
    try (Scope ignored = io.opentelemetry.api.baggage.Baggage.builder().put("tenant", "acme").build()
        .makeCurrent()) {
      client.call(ModelRequest.chat("q"));
    }

    // Then the executor thread saw it
    assertThat(seen.get()).isEqualTo("acme");
  }

  @Test
  void noopTelemetry_contributesNoPropagator() {
    assertThat(Observability.of(io.opentelemetry.api.OpenTelemetry.noop(), t.meters).contextPropagator())
        .isNull();
    assertThat(Observability.of(t.openTelemetry, t.meters).contextPropagator()).isNotNull();
  }

  @Test
  void concurrentCalls_eachAttemptUnderItsOwnCall() throws Exception {
    // Given one observed client used by several threads at once
    ModelClient client = Mainstay.client("conc")
        .route(dev.mainstay.core.Router.direct(endpoint("e", ErrorKind.CANCELLED, open())))
        .with(Observability.of(t.openTelemetry, t.meters))
        .build();
    int calls = 40;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<ModelResponse>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < calls; i++) {
        futures.add(pool.submit(() -> client.call(ModelRequest.chat("q"))));
      }
      for (var f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // Then every attempt span's parent is a call span of the same trace, one attempt per call
    List<SpanData> callSpans = t.spansNamed("chat default");
    List<SpanData> attempts = t.spansNamed("attempt e");
    assertThat(callSpans).hasSize(calls);
    assertThat(attempts).hasSize(calls);
    var byId = new java.util.HashMap<String, SpanData>();
    callSpans.forEach(s -> byId.put(s.getSpanId(), s));
    assertThat(attempts).allSatisfy(a -> {
      SpanData parent = byId.get(a.getParentSpanId());
      assertThat(parent).isNotNull();
      assertThat(parent.getTraceId()).isEqualTo(a.getTraceId());
    });
    assertThat(attempts.stream().map(SpanData::getParentSpanId).distinct().count()).isEqualTo(calls);
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
    }
  }
}
