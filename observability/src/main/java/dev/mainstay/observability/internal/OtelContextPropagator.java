package dev.mainstay.observability.internal;

import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Nullable;
import io.opentelemetry.context.Context;

/**
 * Carries the OpenTelemetry {@link Context} (current span, baggage) from the caller's thread to the
 * executor threads a client uses: an async call's span is then a child of the caller's span, and
 * instrumented code inside an executor-run attempt sees the attempt's trace.
 */
public final class OtelContextPropagator implements ContextPropagator {
  /** The one instance: it has no state. */
  public static final OtelContextPropagator INSTANCE = new OtelContextPropagator();

  private OtelContextPropagator() {}

  @Override
  public Object capture() {
    return Context.current();
  }

  @Override
  @SuppressWarnings("MustBeClosedChecker") // the client closes the returned scope on this thread
  public Scope restore(@Nullable Object captured) {
    if (!(captured instanceof Context)) {
      return () -> {};
    }
    io.opentelemetry.context.Scope scope = ((Context) captured).makeCurrent();
    return scope::close;
  }

  @Override
  public String toString() {
    return "OpenTelemetry Context";
  }
}
