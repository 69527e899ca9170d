package dev.mainstay.observability;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Router;
import dev.mainstay.core.event.FailedOverEvent;
import dev.mainstay.core.event.ModelEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A tiny test router: launches attempt 1 on the first endpoint and attempt 2 on the second, both
 * through {@code context.attempts().launch(...)} (so both run on executor threads), and returns
 * whichever succeeds (preferring the second). With {@code hedge} the second races the first;
 * otherwise it is a failover after the first failed, announced with a {@link FailedOverEvent}.
 * Extra events can be published around the attempts.
 */
final class TwoAttemptRouter implements Router {
  private final Endpoint first;
  private final Endpoint second;
  private final boolean hedge;
  private final BiFunction<ClientContext, ModelRequest, List<ModelEvent>> extraEvents;

  TwoAttemptRouter(Endpoint first, Endpoint second, boolean hedge) {
    this(first, second, hedge, (c, r) -> List.of());
  }

  TwoAttemptRouter(Endpoint first, Endpoint second, boolean hedge,
      BiFunction<ClientContext, ModelRequest, List<ModelEvent>> extraEvents) {
    this.first = first;
    this.second = second;
    this.hedge = hedge;
    this.extraEvents = extraEvents;
  }

  @Override
  public ModelClient build(ClientContext context) {
    ModelClient a = context.attemptChain(first, UnaryOperator.identity());
    ModelClient b = context.attemptChain(second, UnaryOperator.identity());
    return request -> {
      for (ModelEvent e : extraEvents.apply(context, request)) {
        context.publish(e);
      }
      CompletableFuture<ModelResponse> f1 =
          context.attempts().launch(new AttemptSpec(first, 1, false, null), a, request);
      if (!hedge) {
        try {
          return f1.get();
        } catch (ExecutionException e) {
          ModelException failure = (ModelException) e.getCause();
          context.publish(new FailedOverEvent(context.clientName(), request.requestId(),
              context.timeSource().now(), first.info().id(), second.info().id(), failure.kind(), 2));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ModelException(ErrorKind.CANCELLED, "interrupted");
        }
      }
      CompletableFuture<ModelResponse> f2 =
          context.attempts().launch(new AttemptSpec(second, 2, hedge, null), b, request);
      try {
        ModelResponse r = f2.get();
        f1.cancel(true);
        return r;
      } catch (ExecutionException e) {
        throw (ModelException) e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelException(ErrorKind.CANCELLED, "interrupted");
      }
    };
  }
}
