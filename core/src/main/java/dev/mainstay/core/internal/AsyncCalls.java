package dev.mainstay.core.internal;

import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Runs blocking calls asynchronously with interrupting cancellation. */
public final class AsyncCalls {
  private AsyncCalls() {}

  /**
   * Runs {@code client.call(request)} on the shared executor.
   *
   * @param client the client
   * @param request the request
   * @return the future
   */
  public static CompletableFuture<ModelResponse> submit(ModelClient client, ModelRequest request) {
    return submit(client, request, AttemptExecutors.shared());
  }

  /**
   * Runs {@code client.call(request)} on an executor. Cancelling the future interrupts the call.
   *
   * @param client the client
   * @param request the request
   * @param executor where to run it
   * @return the future
   */
  public static CompletableFuture<ModelResponse> submit(
      ModelClient client, ModelRequest request, Executor executor) {
    return submit(client, request, executor, null);
  }

  /**
   * Runs {@code client.call(request)} on an executor inside the caller's captured contexts.
   *
   * @param client the client
   * @param request the request
   * @param executor where to run it
   * @param context captured on the caller's thread, or null for none
   * @return the future
   */
  static CompletableFuture<ModelResponse> submit(ModelClient client, ModelRequest request,
      Executor executor, @Nullable ContextSnapshot context) {
    Objects.requireNonNull(request, "request");
    CallFuture f = new CallFuture(client, request, context);
    try {
      executor.execute(f);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new ModelException(ErrorKind.OVERLOADED, "executor rejected the call", e));
    }
    return f;
  }

  private static final class CallFuture extends RunnerFuture<ModelResponse> {
    private final ModelClient client;
    private final ModelRequest request;
    private final @Nullable ContextSnapshot context;

    CallFuture(ModelClient client, ModelRequest request, @Nullable ContextSnapshot context) {
      this.client = client;
      this.request = request;
      this.context = context;
    }

    @Override
    protected void compute() {
      ContextSnapshot carried = context;
      ContextPropagator.@Nullable Scope scope = null;
      try {
        if (carried != null) {
          scope = carried.restore(); // inside the try: an Error there still completes the future
        }
        ModelResponse r = client.call(request);
        if (r == null) {
          completeExceptionally(new ModelException(ErrorKind.INVALID_OUTPUT, "client returned null"));
        } else {
          complete(r);
        }
      } catch (ModelException e) {
        completeExceptionally(e);
      } catch (RuntimeException e) {
        completeExceptionally(new ModelException(ErrorKind.UNAVAILABLE,
            "client threw unexpected " + e.getClass().getSimpleName(), e));
      } catch (Error e) {
        completeExceptionally(e);
        throw e;
      } finally {
        if (scope != null) {
          scope.close(); // never throws a RuntimeException
        }
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        interruptRunner();
      }
      return cancelled;
    }
  }
}
