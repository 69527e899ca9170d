package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Decorator;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Router;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.TimedRoute;
import dev.mainstay.core.event.CallFailedEvent;
import dev.mainstay.core.event.CallSucceededEvent;
import dev.mainstay.core.event.EventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client built by {@code ClientBuilder}: stamps each request with its deadline and id, runs the
 * stage-sorted chain, and publishes one call event per call.
 */
public final class BuiltClient implements ModelClient {
  private final String name;
  private final ModelClient chain;
  private final ModelClient route;
  private final List<Decorator> decorators;
  private final DefaultClientContext ctx;
  private final TimeSource ts;
  private final Duration defaultTimeout;
  private final String description;
  /** The route when the chain is just the route and it takes the call's start reading. */
  private final @Nullable TimedRoute timedRoute;

  private BuiltClient(String name, ModelClient chain, ModelClient route, List<Decorator> decorators,
      DefaultClientContext ctx, String description) {
    this.name = name;
    this.chain = chain;
    this.route = route;
    this.decorators = decorators;
    this.ctx = ctx;
    this.ts = ctx.timeSource();
    this.defaultTimeout = ctx.defaultTimeout();
    this.description = description;
    this.timedRoute = chain == route && route instanceof TimedRoute ? (TimedRoute) route : null;
  }

  /**
   * Builds a client; called by the public builder after validation.
   *
   * @param name client name
   * @param router the route
   * @param decorators decorators in the order added
   * @param listeners explicit listeners
   * @param timeout default timeout
   * @param timeSource time source
   * @param executor executor, or null for the shared one
   * @param maxConcurrentAttempts attempt bound
   * @param isolation where unraced attempts run
   * @param propagators explicit context propagators, in order
   * @return the client
   */
  public static ModelClient build(String name, Router router, List<Decorator> decorators,
      List<EventListener> listeners, Duration timeout, TimeSource timeSource,
      @Nullable ExecutorService executor, int maxConcurrentAttempts, AttemptIsolation isolation,
      List<ContextPropagator> propagators) {
    List<CallDecorator> calls = new ArrayList<>();
    List<AttemptDecorator> attempts = new ArrayList<>();
    List<EventListener> allListeners = new ArrayList<>(listeners);
    List<ContextPropagator> allPropagators = new ArrayList<>(propagators);
    for (Decorator d : decorators) {
      if (d instanceof CallDecorator) {
        calls.add((CallDecorator) d);
      }
      if (d instanceof AttemptDecorator) {
        attempts.add((AttemptDecorator) d);
      }
      if (d instanceof EventListener && !allListeners.contains(d)) {
        allListeners.add((EventListener) d);
      }
      ContextPropagator p = d.contextPropagator();
      if (p != null && !allPropagators.contains(p)) {
        allPropagators.add(p);
      }
    }
    // List.sort is stable: decorators of one stage keep the order they were added in.
    calls.sort(Comparator.comparing(CallDecorator::stage));
    attempts.sort(Comparator.comparing(AttemptDecorator::attemptStage));
    DefaultClientContext ctx = new DefaultClientContext(name, timeSource, timeout,
        new EventBus(allListeners), List.copyOf(attempts),
        executor == null ? AttemptExecutors.shared() : executor, maxConcurrentAttempts, isolation,
        allPropagators);
    ModelClient route = Objects.requireNonNull(router.build(ctx), "router built a null route");
    ModelClient chain = route;
    for (int i = calls.size() - 1; i >= 0; i--) {
      CallDecorator d = calls.get(i);
      chain = Objects.requireNonNull(d.decorate(chain, ctx), () -> d.name() + " returned a null client");
    }
    return new BuiltClient(name, chain, route, List.copyOf(decorators), ctx,
        describe(name, calls, attempts, route));
  }

  private static String describe(String name, List<CallDecorator> calls, List<AttemptDecorator> attempts,
      ModelClient route) {
    StringBuilder sb = new StringBuilder("ModelClient[").append(name).append(": ");
    for (CallDecorator d : calls) {
      sb.append(d.name()).append('(');
    }
    sb.append(route);
    for (int i = 0; i < calls.size(); i++) {
      sb.append(')');
    }
    if (!attempts.isEmpty()) {
      sb.append("; each attempt: ");
      for (AttemptDecorator d : attempts) {
        sb.append(d.name()).append('(');
      }
      sb.append("endpoint");
      for (int i = 0; i < attempts.size(); i++) {
        sb.append(')');
      }
    }
    return sb.append(']').toString();
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    Objects.requireNonNull(request, "request");
    // One clock reading serves the deadline, the route's first attempt and the call's duration.
    long start = ts.nanoTime();
    Duration timeout = request.timeout() == null ? defaultTimeout : request.timeout();
    Deadline given = request.deadline();
    Deadline deadline = given == null ? Deadline.after(timeout, ts, start) : given.min(timeout);
    // One copy stamps both the deadline and, when missing, the request id.
    String id = request.requestId() == null ? newRequestId() : request.requestId();
    ModelRequest stamped = new ModelRequest(request.operation(), request.model(),
        request.messages(), request.inputs(), request.features(), request.parameters(),
        request.principal(), request.tenant(), request.timeout(), deadline, id,
        request.attributes());
    if (given != null && deadline.expired()) { // a fresh deadline from a positive timeout is ahead
      ModelException e = new ModelException(ErrorKind.TIMEOUT, "no time left: the deadline passed before the call started");
      failed(stamped, e, start);
      throw e;
    }
    ModelResponse response;
    try {
      response = timedRoute != null ? timedRoute.call(stamped, start) : chain.call(stamped);
    } catch (ModelException e) {
      failed(stamped, e, start);
      throw e;
    } catch (RuntimeException e) {
      ModelException wrapped = new ModelException(ErrorKind.UNAVAILABLE,
          "unexpected " + e.getClass().getSimpleName() + " in the chain of client '" + name + "'", e);
      failed(stamped, wrapped, start);
      throw wrapped;
    }
    if (response == null) {
      ModelException e = new ModelException(ErrorKind.INVALID_OUTPUT, "the chain of client '" + name + "' returned null");
      failed(stamped, e, start);
      throw e;
    }
    if (ctx.publishing()) {
      ctx.publish(new CallSucceededEvent(name, Objects.requireNonNull(stamped.requestId()), ts.now(),
          stamped.operation(), stamped.model(), response.endpointId(),
          Duration.ofNanos(ts.nanoTime() - start), response.facts(), response.usage()));
    }
    return response;
  }

  private void failed(ModelRequest stamped, ModelException e, long start) {
    if (ctx.publishing()) {
      ctx.publish(new CallFailedEvent(name, Objects.requireNonNull(stamped.requestId()), ts.now(),
          stamped.operation(), stamped.model(), e.kind(), Duration.ofNanos(ts.nanoTime() - start)));
    }
  }

  private static String newRequestId() {
    // 16 hex digits from 63 random bits (the top bit is set so the text never gets shorter); one
    // small allocation, no SecureRandom.
    return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
  }

  @Override
  public CompletableFuture<ModelResponse> callAsync(ModelRequest request) {
    // Captured here, on the caller's thread; null (and nothing to do) without propagators.
    return AsyncCalls.submit(this, request, ctx.executor(), ctx.captureContext());
  }

  /** Closes the route (and its endpoints) and every decorator that is {@link AutoCloseable}. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Decorator d : decorators) {
      if (d instanceof AutoCloseable) {
        try {
          ((AutoCloseable) d).close();
        } catch (Exception e) {
          first = accumulate(first, e);
        }
      }
    }
    try {
      route.close();
    } catch (RuntimeException e) {
      first = accumulate(first, e);
    }
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException accumulate(@Nullable RuntimeException first, Exception e) {
    if (first == null) {
      return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException("close failed", e);
    }
    first.addSuppressed(e);
    return first;
  }

  /**
   * The client's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return description;
  }
}
