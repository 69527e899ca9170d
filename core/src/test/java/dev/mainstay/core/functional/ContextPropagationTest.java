package dev.mainstay.core.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientBuilder;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Router;
import dev.mainstay.core.Stage;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thread-bound context follows a call onto the executor threads a client uses for it. */
final class ContextPropagationTest {
  private static final ThreadLocal<@Nullable String> TENANT = new ThreadLocal<>();

  private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "pooled"));
  /** What each endpoint call saw: "thread:tenant". */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutdown() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  /** Carries {@link #TENANT}, counting its calls. */
  static final class TenantPropagator implements ContextPropagator {
    final AtomicInteger captures = new AtomicInteger();
    final List<String> log;
    final String name;

    TenantPropagator(String name, List<String> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public @Nullable Object capture() {
      captures.incrementAndGet();
      return TENANT.get();
    }

    @Override
    public Scope restore(@Nullable Object captured) {
      log.add(name + ".restore");
      String previous = TENANT.get();
      TENANT.set((String) captured);
      return () -> {
        log.add(name + ".close");
        TENANT.set(previous);
      };
    }
  }

  /** Throws where told to. */
  record Faulty(boolean inCapture, boolean inRestore, boolean inClose) implements ContextPropagator {
    @Override
    public @Nullable Object capture() {
      if (inCapture) {
        throw new IllegalStateException("capture");
      }
      return "x";
    }

    @Override
    public Scope restore(@Nullable Object captured) {
      if (inRestore) {
        throw new IllegalStateException("restore");
      }
      return () -> {
        if (inClose) {
          throw new IllegalStateException("close");
        }
      };
    }
  }

  private Endpoint endpoint(String id, boolean honoursInterrupts, @Nullable ErrorKind failWith) {
    EndpointInfo info = EndpointInfo.builder(id).build();
    Endpoint plain = Endpoint.of(info, request -> {
      seen.add(Thread.currentThread().getName() + ":" + TENANT.get());
      if (failWith != null) {
        throw new ModelException(failWith, "scripted");
      }
      return ModelResponse.builder(request.operation()).text(id).endpointId(id).build();
    });
    if (!honoursInterrupts) {
      return plain;
    }
    return new Endpoint() {
      @Override
      public EndpointInfo info() {
        return info;
      }

      @Override
      public boolean honoursInterrupts() {
        return true;
      }

      @Override
      public ModelResponse call(ModelRequest request) {
        return plain.call(request);
      }
    };
  }

  private Endpoint endpoint(String id) {
    return endpoint(id, false, null);
  }

  /** Launches a first attempt and a hedge on the executor and answers with the hedge. */
  private static Router hedging(Endpoint first, Endpoint hedge) {
    return ctx -> {
      ModelClient a = ctx.attemptChain(first, c -> c);
      ModelClient b = ctx.attemptChain(hedge, c -> c);
      return request -> {
        CompletableFuture<ModelResponse> f1 = ctx.attempts().launch(new AttemptSpec(first, 1, false, null), a, request);
        CompletableFuture<ModelResponse> f2 = ctx.attempts().launch(new AttemptSpec(hedge, 2, true, null), b, request);
        f1.join();
        return f2.join();
      };
    };
  }

  private @Nullable String tenantOnPool() throws Exception {
    return pool.submit(TENANT::get).get(5, TimeUnit.SECONDS);
  }

  private ClientBuilder client(String name) {
    return Mainstay.client(name).executor(pool);
  }

  @Test
  void hedgedAttempts_onExecutorThread_seeCallersContext_andThreadIsCleanAfter() throws Exception {
    // Given a client with a propagator carrying the tenant, whose attempts race on the executor
    List<String> log = new CopyOnWriteArrayList<>();
    TenantPropagator p = new TenantPropagator("t", log);
    ModelClient client = client("hedge").route(hedging(endpoint("a"), endpoint("b")))
        .contextPropagator(p).build();

    // When the caller calls inside its tenant
    TENANT.set("acme");
    ModelResponse r;
    try {
      r = client.call(ModelRequest.chat("q"));
    } finally {
      TENANT.remove();
    }

    // Then both attempts ran on the pooled thread inside the tenant, and the thread is clean after
    assertThat(tenantOnPool()).isNull(); // also waits out the last attempt's scope close
    assertThat(r.text()).isEqualTo("b");
    assertThat(seen).containsExactly("pooled:acme", "pooled:acme");
    assertThat(p.captures).hasValue(2);
    assertThat(log).containsExactly("t.restore", "t.close", "t.restore", "t.close");
    assertThat(tenantOnPool()).isNull();
  }

  @Test
  void withoutPropagator_executorThreadDoesNotSeeTheContext() throws Exception {
    ModelClient client = client("none").endpoint(endpoint("a")).build();
    TENANT.set("acme");
    try {
      client.call(ModelRequest.chat("q"));
    } finally {
      TENANT.remove();
    }
    assertThat(seen).containsExactly("pooled:null");
  }

  @Test
  void executorIsolation_handOffCarriesTheContext() throws Exception {
    TenantPropagator p = new TenantPropagator("t", new CopyOnWriteArrayList<>());
    ModelClient client = client("iso").endpoint(endpoint("a", true, null))
        .attemptIsolation(AttemptIsolation.EXECUTOR).contextPropagator(p).build();
    TENANT.set("acme");
    try {
      client.call(ModelRequest.chat("q"));
    } finally {
      TENANT.remove();
    }
    assertThat(seen).containsExactly("pooled:acme");
    assertThat(tenantOnPool()).isNull();
  }

  @Test
  void callerThreadAttempt_neverTouchesThePropagator() {
    // Given an endpoint that honours interrupts: under AUTO it runs on the caller's thread
    TenantPropagator p = new TenantPropagator("t", new CopyOnWriteArrayList<>());
    ModelClient client = client("caller").endpoint(endpoint("a", true, null)).contextPropagator(p).build();
    TENANT.set("acme");
    try {
      client.call(ModelRequest.chat("q"));
    } finally {
      TENANT.remove();
    }
    assertThat(seen).containsExactly(Thread.currentThread().getName() + ":acme");
    assertThat(p.captures).hasValue(0);
  }

  @Test
  void callAsync_runsInTheCallersContext_andThreadIsCleanAfter() throws Exception {
    TenantPropagator p = new TenantPropagator("t", new CopyOnWriteArrayList<>());
    ModelClient client = client("async").endpoint(endpoint("a", true, null)).contextPropagator(p).build();
    TENANT.set("acme");
    CompletableFuture<ModelResponse> f;
    try {
      f = client.callAsync(ModelRequest.chat("q"));
    } finally {
      TENANT.remove();
    }
    assertThat(f.get(5, TimeUnit.SECONDS).text()).isEqualTo("a");
    assertThat(seen).containsExactly("pooled:acme");
    assertThat(p.captures).hasValue(1); // at submission; the attempt then runs on that thread
    assertThat(tenantOnPool()).isNull();
  }

  @Test
  void propagatorsApplyInOrder_builderFirst_thenDecorators_closedInReverse_eachOnce() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    TenantPropagator first = new TenantPropagator("builder", log);
    TenantPropagator second = new TenantPropagator("decorator", log);
    CallDecorator contributing = new CallDecorator() {
      @Override
      public Stage stage() {
        return Stage.OBSERVE;
      }

      @Override
      public ModelClient decorate(ModelClient next, ClientContext context) {
        return next;
      }

      @Override
      public ContextPropagator contextPropagator() {
        return second;
      }
    };
    ModelClient client = client("order").endpoint(endpoint("a")).with(contributing)
        .contextPropagator(first).contextPropagator(second).build();
    client.call(ModelRequest.chat("q"));
    assertThat(tenantOnPool()).isNull(); // waits out the attempt's scope close on the pooled thread
    assertThat(log).containsExactly("builder.restore", "decorator.restore", "decorator.close", "builder.close");
  }

  @Test
  void failingPropagators_neverChangeTheOutcome_andTheRestStillWork() throws Exception {
    // Given propagators that throw in capture, restore and close around a working one
    List<String> log = new CopyOnWriteArrayList<>();
    List<String> outcomes = new CopyOnWriteArrayList<>();
    TenantPropagator good = new TenantPropagator("t", log);
    ModelClient client = faulty(client("faulty").route(hedging(endpoint("a"), endpoint("b"))), good, outcomes);
    ModelClient asyncClient = faulty(client("faulty-async").endpoint(endpoint("c", true, null)), good, outcomes);

    // When calls and an async call run inside the tenant
    TENANT.set("acme");
    ModelResponse r;
    CompletableFuture<ModelResponse> async;
    try {
      r = client.call(ModelRequest.chat("q"));
      async = asyncClient.callAsync(ModelRequest.chat("q"));
    } finally {
      TENANT.remove();
    }

    // Then each attempt ended exactly once with its own outcome and the good propagator still worked
    assertThat(r.text()).isEqualTo("b");
    assertThat(async.get(5, TimeUnit.SECONDS).text()).isEqualTo("c");
    assertThat(seen).containsOnly("pooled:acme").hasSize(3);
    assertThat(outcomes).containsExactly("AttemptSucceededEvent", "AttemptSucceededEvent",
        "AttemptSucceededEvent");
    assertThat(tenantOnPool()).isNull();
  }

  private static ModelClient faulty(ClientBuilder b, ContextPropagator good, List<String> outcomes) {
    return b.contextPropagator(new Faulty(true, false, false))
        .contextPropagator(good)
        .contextPropagator(new Faulty(false, true, false))
        .contextPropagator(new Faulty(false, false, true))
        .listener(e -> {
          if (e instanceof AttemptSucceededEvent || e instanceof AttemptFailedEvent) {
            outcomes.add(e.getClass().getSimpleName());
          }
        })
        .build();
  }

  @Test
  void failingPropagator_attemptFailureKeepsItsKind() throws Exception {
    ModelClient client = client("fail").endpoint(endpoint("a", false, ErrorKind.RATE_LIMITED))
        .contextPropagator(new Faulty(false, true, false))
        .contextPropagator(new Faulty(false, false, true))
        .build();
    assertThatThrownBy(() -> client.call(ModelRequest.chat("q")))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    assertThat(seen).hasSize(1);
  }
}
