package dev.mainstay.observability.internal;

import dev.mainstay.core.Nullable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One logical call in flight: its span and the context attempts are parented on, captured on the
 * caller's thread, plus why the route started each later attempt (from route events).
 */
final class CallState {
  /** Why an attempt was started: the span attribute to set and the error kind. */
  record Reason(String attribute, String kind) {}

  final Span span;
  final Context context;
  private final ConcurrentHashMap<Integer, Reason> reasons = new ConcurrentHashMap<>(4);

  CallState(Span span, Context context) {
    this.span = span;
    this.context = context;
  }

  void reason(int attempt, String attribute, String kind) {
    reasons.put(attempt, new Reason(attribute, kind));
  }

  @Nullable Reason reason(int attempt) {
    return reasons.get(attempt);
  }
}
