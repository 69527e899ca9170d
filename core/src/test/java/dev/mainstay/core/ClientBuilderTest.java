package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

final class ClientBuilderTest {
  private static final Endpoint EP =
      Endpoint.of(EndpointInfo.builder("ep").build(), r -> ModelResponse.ofText("ok"));

  @Provide
  Arbitrary<String> badNames() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings().alpha().ofLength(65),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
            .map(s -> s + Arbitraries.of(' ', '/', ':', '*', 'é', '\n', '{').sample()));
  }

  @Property(tries = 100)
  void client_badName_rejectedWithTheRule(@ForAll("badNames") String name) {
    assertThatThrownBy(() -> Mainstay.client(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("client name must be 1-64 letters, digits, '.', '_' or '-', was '");
  }

  @Test
  void client_goodAndNullNames() {
    assertThat(Mainstay.client("chat.eu-1_b").endpoint(EP).build().toString()).startsWith("ModelClient[chat.eu-1_b:");
    assertThat(Mainstay.client("a".repeat(64))).isNotNull();
    assertThatThrownBy(() -> Mainstay.client(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
  }

  @Test
  void scalarSetters_setTwice_throwIllegalState() {
    // Given a builder with every scalar set once
    ClientBuilder b = Mainstay.client("c").endpoint(EP).timeout(Duration.ofSeconds(1))
        .timeSource(new TestClock()).executor(Executors.newSingleThreadExecutor())
        .maxConcurrentAttempts(4);
    // When set again / Then each refuses
    assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(2))).isInstanceOf(IllegalStateException.class)
        .hasMessage("timeout was already set to PT1S");
    assertThatThrownBy(() -> b.timeSource(TimeSource.system())).isInstanceOf(IllegalStateException.class)
        .hasMessage("timeSource was already set");
    assertThatThrownBy(() -> b.executor(Executors.newSingleThreadExecutor())).isInstanceOf(IllegalStateException.class)
        .hasMessage("executor was already set");
    assertThatThrownBy(() -> b.maxConcurrentAttempts(8)).isInstanceOf(IllegalStateException.class)
        .hasMessage("maxConcurrentAttempts was already set to 4");
    assertThatThrownBy(() -> b.endpoint(EP)).isInstanceOf(IllegalStateException.class)
        .hasMessage("route was already set");
    assertThatThrownBy(() -> b.route(Router.direct(EP))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void scalarSetters_badValues_rejected() {
    ClientBuilder b = Mainstay.client("c");
    assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> b.timeout(Duration.ofMillis(-5))).hasMessage("timeout must be positive, was PT-0.005S");
    assertThatThrownBy(() -> b.maxConcurrentAttempts(0)).hasMessage("maxConcurrentAttempts must be positive, was 0");
    assertThatThrownBy(() -> b.maxConcurrentAttempts(-3)).hasMessage("maxConcurrentAttempts must be positive, was -3");
    assertThatThrownBy(() -> b.timeout(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
    assertThatThrownBy(() -> b.route(null)).isInstanceOf(NullPointerException.class).hasMessage("route");
    assertThatThrownBy(() -> b.endpoint(null)).isInstanceOf(NullPointerException.class).hasMessage("endpoint");
    assertThatThrownBy(() -> b.listener(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
    assertThatThrownBy(() -> b.with(null)).isInstanceOf(NullPointerException.class).hasMessage("decorator");
    // a failed setter leaves the setting unset
    b.timeout(Duration.ofSeconds(3));
  }

  @Test
  void build_withoutRoute_namesTheClient() {
    assertThatThrownBy(() -> Mainstay.client("orders").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("client 'orders' needs a route: call route(...) or endpoint(...)");
  }

  @Test
  void with_routeStage_rejected() {
    CallDecorator route = new CallDecorator() {
      @Override
      public Stage stage() {
        return Stage.ROUTE;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return next;
      }

      @Override
      public String name() {
        return "MyRoute";
      }
    };
    assertThatThrownBy(() -> Mainstay.client("c").with(route))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MyRoute claims the ROUTE stage; set routes with route(Router)");
  }

  @Test
  void with_neitherKindOrNullStage_rejected() {
    Decorator plain = new Decorator() {
      @Override
      public String name() {
        return "Plain";
      }
    };
    assertThatThrownBy(() -> Mainstay.client("c").with(plain))
        .hasMessage("Plain implements neither CallDecorator nor AttemptDecorator");
    CallDecorator noStage = new CallDecorator() {
      @Override
      public Stage stage() {
        return null;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return next;
      }
    };
    assertThatThrownBy(() -> Mainstay.client("c").with(noStage))
        .isInstanceOf(NullPointerException.class).hasMessage("stage");
  }

  @Test
  void build_decoratorReturningNull_failsNamingIt() {
    CallDecorator broken = new CallDecorator() {
      @Override
      public Stage stage() {
        return Stage.CACHE;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return null;
      }

      @Override
      public String name() {
        return "Broken";
      }
    };
    assertThatThrownBy(() -> Mainstay.client("c").endpoint(EP).with(broken).build())
        .isInstanceOf(NullPointerException.class).hasMessage("Broken returned a null client");
  }

  @Test
  void build_snapshotsTheBuilder() {
    // Given a client built before another decorator is added
    ClientBuilder b = Mainstay.client("c").endpoint(EP);
    ModelClient first = b.build();
    b.with(new Both(new CopyOnWriteArrayList<>(), new AtomicInteger()));
    // When built again / Then the first is unchanged
    assertThat(first.toString()).isEqualTo("ModelClient[c: Direct[ep]]");
    assertThat(b.build().toString()).isEqualTo("ModelClient[c: Both(Direct[ep]); each attempt: Both(endpoint)]");
  }

  /** Both a call and an attempt decorator, an event listener and closeable. */
  static final class Both implements CallDecorator, AttemptDecorator, EventListener, AutoCloseable {
    final List<ModelEvent> events;
    final AtomicInteger closed;

    Both(List<ModelEvent> events, AtomicInteger closed) {
      this.events = events;
      this.closed = closed;
    }

    @Override
    public Stage stage() {
      return Stage.LIMIT;
    }

    @Override
    public AttemptStage attemptStage() {
      return AttemptStage.TAP;
    }

    @Override
    public ModelClient decorate(ModelClient next, ClientContext context) {
      return next::call;
    }

    @Override
    public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
      return next::call;
    }

    @Override
    public void onEvent(ModelEvent event) {
      events.add(event);
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void decorator_thatIsAListener_receivesEventsAndIsClosed() {
    // Given a decorator that also listens and closes, and an endpoint that counts closes
    List<ModelEvent> events = new CopyOnWriteArrayList<>();
    AtomicInteger closed = new AtomicInteger();
    AtomicInteger endpointClosed = new AtomicInteger();
    Endpoint ep = Endpoint.of(EndpointInfo.builder("ep").build(), new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        return ModelResponse.ofText("ok");
      }

      @Override
      public void close() {
        endpointClosed.incrementAndGet();
      }
    });
    ModelClient client = Mainstay.client("c").endpoint(ep).with(new Both(events, closed)).build();
    // When called and closed
    client.call(ModelRequest.chat("hi"));
    client.close();
    // Then it saw the call's events, and both it and the endpoint were closed once
    assertThat(events).extracting(e -> e.getClass().getSimpleName())
        .contains("AttemptStartedEvent", "AttemptSucceededEvent", "CallSucceededEvent");
    assertThat(closed).hasValue(1);
    assertThat(endpointClosed).hasValue(1);
  }

  @Test
  void close_failingDecorator_stillClosesRouteAndRethrows() {
    AtomicInteger endpointClosed = new AtomicInteger();
    Endpoint ep = Endpoint.of(EndpointInfo.builder("ep").build(), new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        return ModelResponse.ofText("ok");
      }

      @Override
      public void close() {
        endpointClosed.incrementAndGet();
      }
    });
    class FailingClose implements CallDecorator, AutoCloseable {
      @Override
      public Stage stage() {
        return Stage.CACHE;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return next;
      }

      @Override
      public void close() {
        throw new IllegalStateException("close failed");
      }
    }
    ModelClient client = Mainstay.client("c").endpoint(ep).with(new FailingClose()).build();
    assertThatThrownBy(client::close).isInstanceOf(IllegalStateException.class).hasMessage("close failed");
    assertThat(endpointClosed).hasValue(1);
  }

  @Test
  void executor_givenOne_isNotShutDownByClose() {
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try {
      ModelClient c = Mainstay.client("c").endpoint(EP).executor(ex).build();
      assertThat(c.call(ModelRequest.chat("hi")).text()).isEqualTo("ok");
      c.close();
      assertThat(ex.isShutdown()).isFalse();
    } finally {
      ex.shutdownNow();
    }
  }
}
