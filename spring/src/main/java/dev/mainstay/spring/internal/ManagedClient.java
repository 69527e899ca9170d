package dev.mainstay.spring.internal;

import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A built client exposed as a bean: delegates everything, and closes the client at most once
 * (the registry and the bean factory may both close it on shutdown).
 */
final class ManagedClient implements ModelClient {
  private final ModelClient delegate;
  private final AtomicBoolean closed = new AtomicBoolean();

  ManagedClient(ModelClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    return delegate.call(request);
  }

  @Override
  public CompletableFuture<ModelResponse> callAsync(ModelRequest request) {
    return delegate.callAsync(request);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      delegate.close();
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
