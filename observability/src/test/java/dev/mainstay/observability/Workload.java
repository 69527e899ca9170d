package dev.mainstay.observability;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Router;
import dev.mainstay.core.Usage;
import dev.mainstay.core.event.AccessDeniedEvent;
import dev.mainstay.core.event.BudgetExceededEvent;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.CacheEvictedEvent;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.core.event.CacheLoadedEvent;
import dev.mainstay.core.event.CacheMissEvent;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointCooledDownEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.HedgeCancelledEvent;
import dev.mainstay.core.event.HedgeLaunchedEvent;
import dev.mainstay.core.event.HedgeWonEvent;
import dev.mainstay.core.event.InputRejectedEvent;
import dev.mainstay.core.event.OutputRedactedEvent;
import dev.mainstay.core.event.RateLimitedEvent;
import dev.mainstay.core.event.RetryScheduledEvent;
import dev.mainstay.core.event.StaleServedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Drives every kind of call and event through one {@link Observability}, so every meter exists. */
final class Workload {
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private Workload() {}

  static Endpoint endpoint(String id, String provider, ErrorKind failWith) {
    EndpointInfo info = EndpointInfo.builder(id).provider(provider).model("m-" + id)
        .pricePerMillion(1.0, 2.0).operations(Operation.CHAT, Operation.EMBEDDING).build();
    return Endpoint.of(info, request -> {
      if (failWith != ErrorKind.CANCELLED) {
        throw new ModelException(failWith, "scripted");
      }
      ModelResponse.Builder b = ModelResponse.builder(request.operation()).model("m-" + id)
          .endpointId(id).usage(new Usage(100, 20));
      if (request.operation() == Operation.EMBEDDING) {
        b.embedding(dev.mainstay.core.Embedding.of(0.5f));
      } else {
        b.text("ok");
      }
      return b.build();
    });
  }

  static void run(Observability o) {
    ModelClient failover = Mainstay.client("chat")
        .route(new TwoAttemptRouter(endpoint("primary", "openai", ErrorKind.RATE_LIMITED),
            endpoint("backup", "anthropic", ErrorKind.CANCELLED), false))
        .with(o).build();
    ModelRequest chat = ModelRequest.builder(Operation.CHAT).model("gpt-4o").user("hi")
        .parameters(Parameters.builder().temperature(0.1).topP(0.5).maxTokens(64).seed(3).stop("X")
            .jsonObject().build())
        .build();
    failover.call(chat);
    ModelClient hedged = Mainstay.client("hedged")
        .route(new TwoAttemptRouter(endpoint("a", "openai", ErrorKind.CANCELLED),
            endpoint("b", "openai", ErrorKind.CANCELLED), true))
        .with(o).build();
    hedged.call(ModelRequest.chat("q"));
    ModelClient embeddings = Mainstay.client("emb")
        .route(Router.direct(endpoint("emb", "openai", ErrorKind.CANCELLED))).with(o).build();
    embeddings.call(ModelRequest.embedding("x"));
    ModelClient down = Mainstay.client("down")
        .route(Router.direct(endpoint("down", "openai", ErrorKind.UNAVAILABLE))).with(o).build();
    try {
      down.call(ModelRequest.chat("q"));
    } catch (ModelException expected) {
      // counted as a failed call
    }
    String c = "chat";
    List.of(
        new RetryScheduledEvent(c, "r", AT, "primary", ErrorKind.TRANSIENT, 2, Duration.ofMillis(50)),
        new HedgeLaunchedEvent(c, "r", AT, "b", 2, Duration.ofMillis(800)),
        new HedgeWonEvent(c, "r", AT, "b", 2),
        new HedgeCancelledEvent(c, "r", AT, "a", 1, false),
        new CacheHitEvent(c, "r", AT, Operation.CHAT, "gpt-4o", false, 1.0, false, Duration.ofSeconds(3)),
        new CacheMissEvent(c, "r", AT, Operation.CHAT, "gpt-4o", false),
        new StaleServedEvent(c, "r", AT, Operation.CHAT, "gpt-4o", ErrorKind.TIMEOUT, Duration.ofHours(1),
            Duration.ofMinutes(1)),
        new CacheLoadedEvent(c, "r", AT, Operation.CHAT, "gpt-4o", Duration.ofMillis(30), true, false, 1, 100),
        new CacheEvictedEvent(c, "", AT, CacheEvictedEvent.Cause.EXPIRED, 100, 0, 0),
        new InputRejectedEvent(c, "r", AT, List.of("injection"), Map.of("PROMPT_INJECTION", 1)),
        new OutputRedactedEvent(c, "r", AT, List.of("pii"), Map.of("EMAIL", 2)),
        new AccessDeniedEvent(c, "r", AT, "alice", "acme", Operation.CHAT, "gpt-4o", "MODEL"),
        new BudgetExceededEvent(c, "r", AT, "alice", "acme", Operation.CHAT, "gpt-4o", "tenant",
            "TOKEN_BUDGET", Duration.ofDays(1), Duration.ofHours(3)),
        new RateLimitedEvent(c, "r", AT, "rate", true, ErrorKind.RATE_LIMITED, Duration.ZERO),
        new BreakerStateChangedEvent(c, "", AT, "primary", "CLOSED", "OPEN"),
        new EndpointEjectedEvent(c, "r", AT, "primary", 5, Duration.ofSeconds(30)),
        new EndpointCooledDownEvent(c, "r", AT, "primary", Duration.ofSeconds(10)),
        new DriftDetectedEvent(c, "", AT, "backup", "m-backup", "score", "ks", 0.4, 0.05, 0.001, 1000))
        .forEach(o::onEvent);
  }
}
