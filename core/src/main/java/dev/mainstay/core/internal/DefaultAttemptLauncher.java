package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptLauncher;
import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/** Runs attempts on an executor, bounded by a semaphore and timed on the time source. */
final class DefaultAttemptLauncher implements AttemptLauncher {
  private final DefaultClientContext ctx;
  private final Executor executor;
  private final Semaphore permits;
  private final int maxConcurrent;

  DefaultAttemptLauncher(DefaultClientContext ctx, Executor executor, int maxConcurrent) {
    this.ctx = ctx;
    this.executor = executor;
    this.maxConcurrent = maxConcurrent;
    this.permits = new Semaphore(maxConcurrent);
  }

  @Override
  public CompletableFuture<ModelResponse> launch(AttemptSpec spec, ModelClient chain, ModelRequest request) {
    TimeSource ts = ctx.timeSource();
    AttemptFuture f = new AttemptFuture(spec, chain, request, permits::release);
    String requestId = request.requestId() == null ? "" : request.requestId();
    String endpointId = spec.endpoint().info().id();
    long start = ts.nanoTime();
    if (ctx.publishing()) {
      ctx.publish(new AttemptStartedEvent(ctx.clientName(), requestId, ts.now(), endpointId, spec.number(), spec.hedge()));
      f.whenComplete((r, e) -> {
        Duration took = Duration.ofNanos(ts.nanoTime() - start);
        if (e == null) {
          ctx.publish(new AttemptSucceededEvent(ctx.clientName(), requestId, ts.now(), endpointId, spec.number(), spec.hedge(), took));
        } else {
          ErrorKind kind = e instanceof ModelException ? ((ModelException) e).kind() : ErrorKind.UNAVAILABLE;
          ctx.publish(new AttemptFailedEvent(ctx.clientName(), requestId, ts.now(), endpointId, spec.number(), spec.hedge(), kind, took));
        }
      });
    }
    if (!permits.tryAcquire()) {
      f.completeExceptionally(f.failure(ErrorKind.OVERLOADED,
          "client '" + ctx.clientName() + "' already runs " + maxConcurrent + " attempts (maxConcurrentAttempts)", null));
      return f;
    }
    Deadline deadline = request.deadline();
    long left = deadline == null ? ctx.defaultTimeout().toNanos() : deadline.remainingNanos();
    Duration attemptTimeout = spec.timeout();
    boolean attemptBound = false;
    if (attemptTimeout != null && attemptTimeout.toNanos() < left) {
      left = attemptTimeout.toNanos();
      attemptBound = true;
    }
    if (left <= 0) {
      f.abort(ErrorKind.TIMEOUT, "call deadline passed before the attempt started");
      permits.release();
      return f;
    }
    String message = attemptBound && attemptTimeout != null
        ? "attempt timed out after " + attemptTimeout.toMillis() + " ms"
        : "call deadline passed during the attempt";
    TimeSource.Cancellable timer = ts.schedule(Duration.ofNanos(left), () -> f.abort(ErrorKind.TIMEOUT, message));
    f.whenComplete((r, e) -> timer.cancel());
    try {
      executor.execute(f);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(f.failure(ErrorKind.OVERLOADED, "attempt executor rejected the attempt", e));
      permits.release();
    }
    return f;
  }

  @Override
  public ModelResponse run(AttemptSpec spec, ModelClient chain, ModelRequest request) {
    return await(launch(spec, chain, request));
  }

  /**
   * Waits for a future of a response, turning interrupts into cancellation.
   *
   * @param f the future
   * @return the response
   */
  static ModelResponse await(CompletableFuture<ModelResponse> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ModelException(ErrorKind.CANCELLED, "caller thread was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ModelException) {
        throw (ModelException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new ModelException(ErrorKind.UNAVAILABLE, "attempt failed unexpectedly", cause);
    }
  }
}
