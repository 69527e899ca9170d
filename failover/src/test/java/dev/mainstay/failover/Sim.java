package dev.mainstay.failover;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Router;
import java.time.Duration;

/**
 * Builds deterministic clients: simulated time, attempts on the caller's thread (a direct executor
 * and {@link AttemptIsolation#CALLER}, so attempt timeouts interrupt the one thread), recorded
 * events.
 */
final class Sim {
  final SimTime time = new SimTime();
  final Recorder events = new Recorder();

  ModelClient client(Router route) {
    return client(route, Duration.ofSeconds(10));
  }

  ModelClient client(Router route, Duration timeout) {
    return client(route, timeout, true);
  }

  /**
   * A client that records events, or one with no listener at all: without listeners the launcher
   * takes its caller-thread fast path (no attempt future), which must behave the same.
   */
  ModelClient client(Router route, Duration timeout, boolean listening) {
    var builder = Mainstay.client("test")
        .route(route)
        .timeSource(time)
        .executor(new DirectExecutor())
        .attemptIsolation(AttemptIsolation.CALLER)
        .timeout(timeout);
    if (listening) {
      builder.listener(events);
    }
    return builder.build();
  }
}
