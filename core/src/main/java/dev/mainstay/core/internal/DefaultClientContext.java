package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.AttemptLauncher;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.UnaryOperator;

/** The context a built client hands its decorators and router. */
final class DefaultClientContext implements ClientContext {
  private final String name;
  private final TimeSource timeSource;
  private final Duration defaultTimeout;
  private final EventBus events;
  private final List<AttemptDecorator> attemptDecorators;
  private final DefaultAttemptLauncher launcher;
  private final ExecutorService executor;
  private final ContextPropagator[] propagators;

  DefaultClientContext(String name, TimeSource timeSource, Duration defaultTimeout, EventBus events,
      List<AttemptDecorator> attemptDecorators, ExecutorService executor, int maxConcurrentAttempts,
      AttemptIsolation isolation, List<ContextPropagator> propagators) {
    this.name = name;
    this.timeSource = timeSource;
    this.defaultTimeout = defaultTimeout;
    this.events = events;
    this.attemptDecorators = attemptDecorators;
    this.executor = executor;
    this.propagators = propagators.toArray(new ContextPropagator[0]);
    this.launcher = new DefaultAttemptLauncher(this, executor, maxConcurrentAttempts, isolation);
  }

  @Override
  public String clientName() {
    return name;
  }

  @Override
  public TimeSource timeSource() {
    return timeSource;
  }

  @Override
  public Duration defaultTimeout() {
    return defaultTimeout;
  }

  @Override
  public boolean publishing() {
    return events.active();
  }

  @Override
  public void publish(ModelEvent event) {
    events.publish(Objects.requireNonNull(event, "event"));
  }

  @Override
  public ModelClient attemptChain(Endpoint endpoint, UnaryOperator<ModelClient> protection) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(protection, "protection");
    ModelClient chain = new EndpointCall(endpoint);
    chain = wrap(endpoint, chain, AttemptStage.VALIDATE);
    chain = wrap(endpoint, chain, AttemptStage.TAP);
    chain = Objects.requireNonNull(protection.apply(chain), "protection returned null");
    return wrap(endpoint, chain, AttemptStage.OBSERVE);
  }

  private ModelClient wrap(Endpoint endpoint, ModelClient inner, AttemptStage stage) {
    ModelClient chain = inner;
    for (int i = attemptDecorators.size() - 1; i >= 0; i--) {
      AttemptDecorator d = attemptDecorators.get(i);
      if (d.attemptStage() == stage) {
        chain = Objects.requireNonNull(d.decorateAttempt(endpoint, chain, this),
            () -> d.name() + " returned a null attempt chain");
      }
    }
    return chain;
  }

  @Override
  public AttemptLauncher attempts() {
    return launcher;
  }

  ExecutorService executor() {
    return executor;
  }

  /**
   * Captures the calling thread's contexts for work about to be handed to another thread.
   *
   * @return the snapshot, or null when the client has no propagators
   */
  @Nullable ContextSnapshot captureContext() {
    return ContextSnapshot.capture(propagators);
  }
}
