package dev.mainstay.spring.internal;

import dev.mainstay.core.Deadline;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import java.time.Duration;

/** An opened endpoint with placement/cost overrides from properties and an optional attempt bound. */
final class ConfiguredEndpoint implements Endpoint {
  private final Endpoint delegate;
  private final EndpointInfo info;
  private final @Nullable Duration timeout;

  ConfiguredEndpoint(Endpoint delegate, EndpointInfo info, @Nullable Duration timeout) {
    this.delegate = delegate;
    this.info = info;
    this.timeout = timeout;
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  @Override
  public boolean honoursInterrupts() {
    return delegate.honoursInterrupts();
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    ModelRequest r = request;
    Duration t = timeout;
    if (t != null) {
      Deadline d = request.deadline();
      r = request.withDeadline(d == null ? Deadline.after(t) : d.min(t));
    }
    ModelResponse response = delegate.call(r);
    if (!info.id().equals(delegate.info().id()) && response.endpointId().equals(delegate.info().id())) {
      response = response.endpointId(info.id());
    }
    return response;
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "Endpoint[" + info.id() + "]";
  }
}
