package dev.mainstay.bench.cache;

import dev.mainstay.core.AttemptLauncher;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A minimal client context for measuring one call stage in isolation: system time, no listeners,
 * no attempt machinery (the cache stage never uses it).
 */
final class BenchContext implements ClientContext {
  @Override
  public String clientName() {
    return "bench";
  }

  @Override
  public TimeSource timeSource() {
    return TimeSource.system();
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofSeconds(30);
  }

  @Override
  public boolean publishing() {
    return false;
  }

  @Override
  public void publish(ModelEvent event) {}

  @Override
  public ModelClient attemptChain(Endpoint endpoint, UnaryOperator<ModelClient> protection) {
    throw new UnsupportedOperationException("not used by the cache stage");
  }

  @Override
  public AttemptLauncher attempts() {
    throw new UnsupportedOperationException("not used by the cache stage");
  }
}
