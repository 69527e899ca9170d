package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.internal.BuiltClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Builds a {@link ModelClient} from a {@link Router} and decorators. Obtain one with {@link
 * Mainstay#client(String)}.
 *
 * <p>Decorators may be added in any order: the built chain always nests them by {@link Stage}
 * (and by {@link AttemptStage} around each attempt), outermost first; decorators of the same stage
 * keep the order they were added in. The client's {@code toString()} prints the chain.
 *
 * <p>Scalar settings can be set once each. The builder is not thread-safe; {@link #build()}
 * snapshots it, so one builder can build several independent clients.
 */
public final class ClientBuilder {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The call timeout used when neither the request nor the builder sets one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The default bound on attempts in flight per client. */
  public static final int DEFAULT_MAX_CONCURRENT_ATTEMPTS = 1024;

  private final String name;
  private @Nullable Router router;
  private final List<Decorator> decorators = new ArrayList<>();
  private final List<EventListener> listeners = new ArrayList<>();
  private final List<ContextPropagator> propagators = new ArrayList<>();
  private @Nullable Duration timeout;
  private @Nullable TimeSource timeSource;
  private @Nullable ExecutorService executor;
  private int maxConcurrentAttempts = -1;
  private @Nullable AttemptIsolation isolation;

  ClientBuilder(String name) {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "client name must be 1-64 letters, digits, '.', '_' or '-', was '" + name + "'");
    }
    this.name = name;
  }

  /**
   * Sets the route, the terminal of the chain. Required (or use {@link #endpoint(Endpoint)}).
   *
   * @param value the router
   * @return this builder
   * @throws IllegalStateException if a route was already set
   */
  public ClientBuilder route(Router value) {
    requireNonNull(value, "route");
    if (router != null) {
      throw new IllegalStateException("route was already set");
    }
    this.router = value;
    return this;
  }

  /**
   * Routes every call to one endpoint; short for {@code route(Router.direct(endpoint))}.
   *
   * @param value the endpoint
   * @return this builder
   * @throws IllegalStateException if a route was already set
   */
  public ClientBuilder endpoint(Endpoint value) {
    return route(Router.direct(value));
  }

  /**
   * Adds a decorator. A {@link CallDecorator} joins the call chain at its stage, an {@link
   * AttemptDecorator} joins every attempt chain, and a decorator that is also an {@link
   * EventListener} receives the client's events.
   *
   * @param decorator the decorator
   * @return this builder
   * @throws IllegalArgumentException if it is neither a call nor an attempt decorator, or claims
   *     the {@link Stage#ROUTE} stage
   */
  public ClientBuilder with(Decorator decorator) {
    requireNonNull(decorator, "decorator");
    boolean call = decorator instanceof CallDecorator;
    if (!call && !(decorator instanceof AttemptDecorator)) {
      throw new IllegalArgumentException(
          decorator.name() + " implements neither CallDecorator nor AttemptDecorator");
    }
    if (call) {
      Stage stage = requireNonNull(((CallDecorator) decorator).stage(), "stage");
      if (stage == Stage.ROUTE) {
        throw new IllegalArgumentException(
            decorator.name() + " claims the ROUTE stage; set routes with route(Router)");
      }
    }
    if (decorator instanceof AttemptDecorator) {
      requireNonNull(((AttemptDecorator) decorator).attemptStage(), "attemptStage");
    }
    decorators.add(decorator);
    return this;
  }

  /**
   * Registers an event listener.
   *
   * @param listener the listener
   * @return this builder
   */
  public ClientBuilder listener(EventListener listener) {
    listeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Registers a context propagator: thread-bound context captured on the caller's thread follows
   * the call onto executor threads (hedged and handed-off attempts, {@link
   * ModelClient#callAsync(ModelRequest)}). Several may be registered; they apply in the order
   * registered, before any a decorator {@linkplain Decorator#contextPropagator() contributes}.
   *
   * @param propagator the propagator
   * @return this builder
   */
  public ClientBuilder contextPropagator(ContextPropagator propagator) {
    propagators.add(requireNonNull(propagator, "propagator"));
    return this;
  }

  /**
   * Sets the default call timeout. A request's own {@linkplain ModelRequest#timeout() timeout}
   * replaces it; a request's {@linkplain ModelRequest#deadline() deadline} is honoured when it is
   * sooner, but this timeout still bounds the call (so a client used as another client's endpoint
   * keeps its own bound under the outer client's deadline).
   *
   * @param value a positive duration; default {@link #DEFAULT_TIMEOUT}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public ClientBuilder timeout(Duration value) {
    requireNonNull(value, "timeout");
    if (timeout != null) {
      throw new IllegalStateException("timeout was already set to " + timeout);
    }
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, was " + value);
    }
    this.timeout = value;
    return this;
  }

  /**
   * Sets the time source; tests pass a manual one.
   *
   * @param value the time source; default {@link TimeSource#system()}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public ClientBuilder timeSource(TimeSource value) {
    requireNonNull(value, "timeSource");
    if (timeSource != null) {
      throw new IllegalStateException("timeSource was already set");
    }
    this.timeSource = value;
    return this;
  }

  /**
   * Sets the executor attempts and async calls run on. The client does not shut it down.
   *
   * @param value the executor; default: virtual threads on Java 21+, a shared bounded pool on 17
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public ClientBuilder executor(ExecutorService value) {
    requireNonNull(value, "executor");
    if (executor != null) {
      throw new IllegalStateException("executor was already set");
    }
    this.executor = value;
    return this;
  }

  /**
   * Bounds the attempts this client runs at once; beyond it attempts fail fast with {@link
   * ErrorKind#OVERLOADED}.
   *
   * @param value positive; default {@link #DEFAULT_MAX_CONCURRENT_ATTEMPTS}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public ClientBuilder maxConcurrentAttempts(int value) {
    if (maxConcurrentAttempts != -1) {
      throw new IllegalStateException("maxConcurrentAttempts was already set to " + maxConcurrentAttempts);
    }
    if (value <= 0) {
      throw new IllegalArgumentException("maxConcurrentAttempts must be positive, was " + value);
    }
    this.maxConcurrentAttempts = value;
    return this;
  }

  /**
   * Chooses where attempts run; see {@link AttemptIsolation}.
   *
   * @param value the isolation; default {@link AttemptIsolation#AUTO}
   * @return this builder
   * @throws IllegalStateException if already set
   */
  public ClientBuilder attemptIsolation(AttemptIsolation value) {
    requireNonNull(value, "attemptIsolation");
    if (isolation != null) {
      throw new IllegalStateException("attemptIsolation was already set to " + isolation);
    }
    this.isolation = value;
    return this;
  }

  /**
   * Builds the client.
   *
   * @return a thread-safe client
   * @throws IllegalStateException if no route was set
   */
  public ModelClient build() {
    Router r = router;
    if (r == null) {
      throw new IllegalStateException("client '" + name + "' needs a route: call route(...) or endpoint(...)");
    }
    return BuiltClient.build(
        name,
        r,
        decorators,
        listeners,
        timeout == null ? DEFAULT_TIMEOUT : timeout,
        timeSource == null ? TimeSource.system() : timeSource,
        executor,
        maxConcurrentAttempts == -1 ? DEFAULT_MAX_CONCURRENT_ATTEMPTS : maxConcurrentAttempts,
        isolation == null ? AttemptIsolation.AUTO : isolation,
        List.copyOf(propagators));
  }
}
