package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Router;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.CacheEvictedEvent;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.core.event.CacheMissEvent;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.InputFlaggedEvent;
import dev.mainstay.core.event.InputRedactedEvent;
import dev.mainstay.core.event.InputRejectedEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.core.event.OutputRedactedEvent;
import dev.mainstay.core.event.StaleServedEvent;
import dev.mainstay.testkit.FakeEndpoint;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class EventsTest {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private final TestTelemetry t = new TestTelemetry();
  private final Observability observability = Observability.of(t.openTelemetry, t.meters);

  @AfterEach
  void close() {
    t.close();
  }

  /** A call-level decorator that publishes events for the call it sees. */
  private static dev.mainstay.core.CallDecorator publisher(
      dev.mainstay.core.Stage stage, Function<ModelRequest, List<ModelEvent>> events) {
    return new dev.mainstay.core.CallDecorator() {
      @Override
      public dev.mainstay.core.Stage stage() {
        return stage;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return request -> {
          events.apply(request).forEach(context::publish);
          return next.call(request);
        };
      }
    };
  }

  /** An attempt tap that publishes events on the attempt's thread, like a breaker or drift tap. */
  private static AttemptDecorator tap(Function<ModelRequest, List<ModelEvent>> events) {
    return new AttemptDecorator() {
      @Override
      public AttemptStage attemptStage() {
        return AttemptStage.TAP;
      }

      @Override
      public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
        return request -> {
          ModelResponse r = next.call(request);
          events.apply(request).forEach(context::publish);
          return r;
        };
      }
    };
  }

  private ModelClient client(dev.mainstay.core.Decorator... extra) {
    var b = Mainstay.client("ev").route(Router.direct(FakeEndpoint.answering("e", "ok"))).with(observability);
    for (var d : extra) {
      b.with(d);
    }
    return b.build();
  }

  private static EventData event(SpanData span, String name) {
    return span.getEvents().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no event " + name + " on " + span.getName()));
  }

  @Test
  void guardEvents_spanEventsWithTypesAndCounts_andCounters() {
    // Given a guard that redacts and flags the input
    ModelClient client = client(publisher(dev.mainstay.core.Stage.INPUT_GUARD, r -> List.of(
        new InputRedactedEvent("ev", r.requestId(), AT, List.of("secrets", "pii"),
            Map.of("API_KEY", 1, "EMAIL", 2)),
        new InputFlaggedEvent("ev", r.requestId(), AT, List.of("injection"), Map.of("PROMPT_INJECTION", 1)))));

    // When a call passes
    client.call(ModelRequest.chat("q"));

    // Then the call span has one guard event per decision with types and counts only
    SpanData call = t.span("chat default");
    List<EventData> guards = call.getEvents().stream().filter(e -> e.getName().equals("mainstay.guard")).toList();
    assertThat(guards).hasSize(2);
    EventData redact = guards.get(0);
    assertThat(redact.getAttributes().get(AttributeKey.stringKey("mainstay.guard.action"))).isEqualTo("redact");
    assertThat(redact.getAttributes().get(AttributeKey.stringArrayKey("mainstay.guard.finding_types")))
        .containsExactly("API_KEY", "EMAIL");
    assertThat(redact.getAttributes().get(AttributeKey.longArrayKey("mainstay.guard.finding_counts")))
        .containsExactly(1L, 2L);
    assertThat(redact.getAttributes().get(AttributeKey.longKey("mainstay.guard.findings"))).isEqualTo(3L);
    // and counters by type/action and by scanner/action
    assertThat(t.meters.get("mainstay.guard.findings").tag("type", "EMAIL").tag("action", "redact")
        .tag("direction", "input").counter().count()).isEqualTo(2);
    assertThat(t.meters.get("mainstay.guard.decisions").tag("scanner", "pii").tag("action", "redact")
        .counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.guard.decisions").tag("scanner", "injection").tag("action", "flag")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void cacheHit_spanEventAndCounter() {
    // Given a cache stage that reports a hit (and still lets the call through, for the test)
    ModelClient client = client(publisher(dev.mainstay.core.Stage.CACHE, r -> List.of(
        new CacheHitEvent("ev", r.requestId(), AT, Operation.CHAT, "default", true, 0.97, false,
            Duration.ofSeconds(42)))));

    // When a call runs
    client.call(ModelRequest.chat("q"));

    // Then the hit is a span event and a counter
    EventData hit = event(t.span("chat default"), "mainstay.cache.hit");
    assertThat(hit.getAttributes().get(AttributeKey.stringKey("mainstay.cache.match"))).isEqualTo("semantic");
    assertThat(hit.getAttributes().get(AttributeKey.doubleKey("mainstay.cache.similarity"))).isEqualTo(0.97);
    assertThat(hit.getAttributes().get(AttributeKey.longKey("mainstay.cache.age_ms"))).isEqualTo(42_000L);
    assertThat(t.meters.get("mainstay.cache.requests").tag("result", "hit").tag("match", "semantic")
        .counter().count()).isEqualTo(1);
  }

  @Test
  void staleServed_spanEventCounterAndLog() {
    // Given a cache stage that reports a stale serve
    ModelClient client = client(publisher(dev.mainstay.core.Stage.CACHE, r -> List.of(
        new CacheMissEvent("ev", r.requestId(), AT, Operation.CHAT, "default", false),
        new StaleServedEvent("ev", r.requestId(), AT, Operation.CHAT, "default", ErrorKind.UNAVAILABLE,
            Duration.ofHours(2), Duration.ofMinutes(5)))));

    // When a call runs
    client.call(ModelRequest.chat("q"));

    // Then the stale serve is a span event and the cache counters show miss and stale
    EventData stale = event(t.span("chat default"), "mainstay.cache.stale_served");
    assertThat(stale.getAttributes().get(AttributeKey.stringKey("mainstay.cache.failure"))).isEqualTo("unavailable");
    assertThat(t.meters.get("mainstay.cache.requests").tag("result", "stale").counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.cache.requests").tag("result", "miss").counter().count()).isEqualTo(1);
  }

  @Test
  void breakerAndDrift_publishedInAttempt_eventsOnAttemptSpan_gaugesAndCounters() {
    // Given a tap that reports a breaker opening and a drift alarm from inside the attempt
    ModelClient client = client(tap(r -> List.of(
        new BreakerStateChangedEvent("ev", "", AT, "e", "CLOSED", "OPEN"),
        new DriftDetectedEvent("ev", r.requestId(), AT, "e", "fake-1", "latency_ms", "page_hinkley",
            12.5, 10.0, Double.NaN, 500))));

    // When a call runs
    client.call(ModelRequest.chat("q"));

    // Then both events are on the attempt span, and the breaker gauge reads open
    SpanData attempt = t.span("attempt e");
    assertThat(event(attempt, "mainstay.breaker.state_changed").getAttributes()
        .get(AttributeKey.stringKey("mainstay.breaker.to"))).isEqualTo("open");
    assertThat(event(attempt, "mainstay.drift.detected").getAttributes()
        .get(AttributeKey.doubleKey("mainstay.drift.statistic"))).isEqualTo(12.5);
    assertThat(t.meters.get("mainstay.breaker.state").tag("mainstay.endpoint", "e").tag("state", "open")
        .gauge().value()).isEqualTo(1.0);
    assertThat(t.meters.get("mainstay.breaker.state").tag("mainstay.endpoint", "e").tag("state", "closed")
        .gauge().value()).isEqualTo(0.0);
    assertThat(t.meters.get("mainstay.breaker.transitions").tag("from", "closed").tag("to", "open")
        .counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.drift.alarms").tag("signal", "latency_ms").tag("detector", "page_hinkley")
        .counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.drift.statistic").tag("signal", "latency_ms").gauge().value()).isEqualTo(12.5);
  }

  @Test
  void breakerGauge_followsTransitions() {
    // Given events delivered outside any call
    observability.onEvent(new BreakerStateChangedEvent("ev", "", AT, "x", "CLOSED", "OPEN"));
    observability.onEvent(new BreakerStateChangedEvent("ev", "", AT, "x", "OPEN", "HALF_OPEN"));

    // Then exactly one state reads 1
    assertThat(t.meters.get("mainstay.breaker.state").tag("mainstay.endpoint", "x").tag("state", "half_open")
        .gauge().value()).isEqualTo(1.0);
    assertThat(t.meters.get("mainstay.breaker.state").tag("mainstay.endpoint", "x").tag("state", "open")
        .gauge().value()).isEqualTo(0.0);

    // When it closes again
    observability.onEvent(new BreakerStateChangedEvent("ev", "", AT, "x", "HALF_OPEN", "CLOSED"));

    // Then closed reads 1 and no span was needed
    assertThat(t.meters.get("mainstay.breaker.state").tag("mainstay.endpoint", "x").tag("state", "closed")
        .gauge().value()).isEqualTo(1.0);
    assertThat(t.meters.get("mainstay.breaker.transitions").tag("mainstay.endpoint", "x").counters()).hasSize(3);
  }

  @Test
  void rejectedInput_callFailsWithErrorTypeAndGuardEvent() {
    // Given a guard that rejects every request
    dev.mainstay.core.CallDecorator reject = new dev.mainstay.core.CallDecorator() {
      @Override
      public dev.mainstay.core.Stage stage() {
        return dev.mainstay.core.Stage.INPUT_GUARD;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return request -> {
          context.publish(new InputRejectedEvent("ev", request.requestId(), AT, List.of("injection"),
              Map.of("PROMPT_INJECTION", 1)));
          throw new dev.mainstay.core.ModelException(ErrorKind.INPUT_REJECTED, "blocked by injection");
        };
      }
    };
    ModelClient client = client(reject);

    // When a call is made
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.call(ModelRequest.chat("q")));

    // Then the call span records the rejection and no attempt ran
    SpanData call = t.span("chat default");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("input_rejected");
    assertThat(event(call, "mainstay.guard").getAttributes().get(AttributeKey.stringKey("mainstay.guard.action")))
        .isEqualTo("block");
    assertThat(t.spansNamed("attempt e")).isEmpty();
    assertThat(t.meters.get("mainstay.calls").tag("outcome", "input_rejected").counter().count()).isEqualTo(1);
  }

  @Test
  void otherEvents_countedWithoutSpans() {
    // When events not tied to a live call arrive
    observability.onEvent(new CacheEvictedEvent("ev", "", AT, CacheEvictedEvent.Cause.SIZE, 100, 1, 100));
    observability.onEvent(new OutputRedactedEvent("ev", "gone", AT, List.of("pii"), Map.of("PHONE", 2)));

    // Then they are counted
    assertThat(t.meters.get("mainstay.cache.evictions").tag("cause", "size").counter().count()).isEqualTo(1);
    assertThat(t.meters.get("mainstay.guard.findings").tag("direction", "output").tag("type", "PHONE")
        .counter().count()).isEqualTo(2);
    assertThat(t.finished()).isEmpty();
  }

  @SuppressWarnings("unused")
  private static EndpointInfo info(String id) {
    return EndpointInfo.builder(id).build();
  }
}
