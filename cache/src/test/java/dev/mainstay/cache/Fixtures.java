package dev.mainstay.cache;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Small fakes shared by the cache tests. */
final class Fixtures {
  private Fixtures() {}

  static final Parameters DETERMINISTIC = Parameters.builder().temperature(0).build();

  /** A deterministic chat request. */
  static ModelRequest det(String question) {
    return ModelRequest.chat(question).parameters(DETERMINISTIC);
  }

  /** A model that answers with a function of the request and counts its calls. */
  static final class CountingModel implements ModelClient {
    final AtomicInteger calls = new AtomicInteger();
    private volatile Function<ModelRequest, ModelResponse> behaviour;

    CountingModel(Function<ModelRequest, ModelResponse> behaviour) {
      this.behaviour = behaviour;
    }

    /** Answers "answer #n to <last message>" with n the call number. */
    static CountingModel echo() {
      AtomicInteger n = new AtomicInteger();
      return new CountingModel(r -> ModelResponse.builder(r.operation())
          .text("answer #" + n.incrementAndGet() + " for " + r.tenant() + " to "
              + r.messages().get(r.messages().size() - 1).text())
          .model("fake-1").endpointId("fake").build());
    }

    void behave(Function<ModelRequest, ModelResponse> b) {
      this.behaviour = b;
    }

    void failWith(ErrorKind kind) {
      behave(r -> {
        throw new ModelException(kind, "scripted failure");
      });
    }

    @Override
    public ModelResponse call(ModelRequest request) {
      calls.incrementAndGet();
      return behaviour.apply(request);
    }
  }

  /** Collects events. */
  static final class Events implements EventListener {
    final List<ModelEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ModelEvent event) {
      all.add(event);
    }

    <T extends ModelEvent> List<T> of(Class<T> type) {
      return all.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  static ModelClient client(TimeSource ts, ResponseCache cache, ModelClient model, EventListener... listeners) {
    var b = Mainstay.client("cached")
        .endpoint(Endpoint.of(EndpointInfo.builder("fake").build(), model))
        .timeSource(ts)
        .timeout(Duration.ofSeconds(30))
        .with(cache);
    for (EventListener l : listeners) {
      b.listener(l);
    }
    return b.build();
  }

  static ResponseCacheBuilder syncCache() {
    return ResponseCache.inMemory().executor(Runnable::run);
  }
}
