package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Router;
import dev.mainstay.core.TimedRoute;
import java.util.function.UnaryOperator;

/** A route to exactly one endpoint: one attempt per call, no retries. */
public final class DirectRoute implements TimedRoute {
  private final Endpoint endpoint;
  private final ModelClient chain;
  private final ClientContext ctx;
  /** Every call's one attempt: an immutable value, so all calls share it. */
  private final AttemptSpec spec;

  private DirectRoute(Endpoint endpoint, ClientContext ctx) {
    this.endpoint = endpoint;
    this.ctx = ctx;
    this.spec = new AttemptSpec(endpoint, 1, false, null);
    this.chain = ctx.attemptChain(endpoint, UnaryOperator.identity());
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    return call(request, ctx.timeSource().nanoTime());
  }

  @Override
  public ModelResponse call(ModelRequest request, long nowNanos) {
    if (!endpoint.supports(request.operation())) {
      throw new ModelException(ErrorKind.INVALID_REQUEST,
          "endpoint '" + endpoint.info().id() + "' does not serve " + request.operation());
    }
    return ctx.attempts().run(spec, chain, request, nowNanos);
  }

  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "Direct[" + endpoint.info().id() + "]";
  }

  /** The router for {@link Router#direct(Endpoint)}. */
  public static final class Factory implements Router {
    private final Endpoint endpoint;

    /**
     * A factory for a route to one endpoint.
     *
     * @param endpoint the endpoint
     */
    public Factory(Endpoint endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public ModelClient build(ClientContext context) {
      return new DirectRoute(endpoint, context);
    }

    @Override
    public String toString() {
      return "Direct[" + endpoint.info().id() + "]";
    }
  }
}
