package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptIsolation;
import dev.mainstay.core.AttemptLauncher;
import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptStartedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs attempts bounded by a count of attempts in flight and timed on the time source. Raced
 * attempts ({@link #launch}) always run on the executor with a scheduled abort; a blocking {@link
 * #run} either hands off to the executor and waits with a timeout ({@link
 * AttemptIsolation#EXECUTOR}, no timer needed) or runs on the caller's thread with a scheduled
 * interrupt ({@link AttemptIsolation#CALLER}, and {@link AttemptIsolation#AUTO} for endpoints that
 * honour interrupts).
 */
final class DefaultAttemptLauncher implements AttemptLauncher {
  private final DefaultClientContext ctx;
  private final Executor executor;
  private final AttemptPermits permits;
  private final int maxConcurrent;
  private final AttemptIsolation isolation;

  DefaultAttemptLauncher(DefaultClientContext ctx, Executor executor, int maxConcurrent,
      AttemptIsolation isolation) {
    this.ctx = ctx;
    this.executor = executor;
    this.maxConcurrent = maxConcurrent;
    this.permits = new AttemptPermits(maxConcurrent);
    this.isolation = isolation;
  }

  @Override
  public CompletableFuture<ModelResponse> launch(AttemptSpec spec, ModelClient chain, ModelRequest request) {
    AttemptFuture f = start(spec, chain, request);
    if (f.isDone()) {
      return f;
    }
    TimeSource.Cancellable timer = armTimeout(f);
    f.whenComplete((r, e) -> timer.cancel());
    f.context = ctx.captureContext();
    submit(f);
    return f;
  }

  @Override
  public ModelResponse run(AttemptSpec spec, ModelClient chain, ModelRequest request) {
    if (onCallerThread(spec) && !ctx.publishing()) {
      return runHere(spec, chain, request, ctx.timeSource().nanoTime());
    }
    return runFuture(spec, chain, request);
  }

  @Override
  public ModelResponse run(AttemptSpec spec, ModelClient chain, ModelRequest request, long startNanos) {
    if (onCallerThread(spec) && !ctx.publishing()) {
      return runHere(spec, chain, request, startNanos);
    }
    return runFuture(spec, chain, request);
  }

  private boolean onCallerThread(AttemptSpec spec) {
    return isolation == AttemptIsolation.CALLER
        || isolation == AttemptIsolation.AUTO && spec.endpoint().honoursInterrupts();
  }

  /**
   * The caller-thread path when no attempt events are published: the same outcomes as {@link
   * #runFuture} (permit, time budget, timeout abort with interrupt, attribution) without building a
   * future: nobody but the timeout can end this attempt from outside.
   */
  private ModelResponse runHere(AttemptSpec spec, ModelClient chain, ModelRequest request, long now) {
    if (!permits.tryAcquire()) {
      throw failure(spec, ErrorKind.OVERLOADED, "client '" + ctx.clientName() + "' already runs "
          + maxConcurrent + " attempts (maxConcurrentAttempts)", null);
    }
    try {
      TimeSource ts = ctx.timeSource();
      Deadline deadline = request.deadline();
      long left = deadline == null ? ctx.defaultTimeout().toNanos() : deadline.remainingNanos(ts, now);
      Duration attemptTimeout = spec.timeout();
      long ownNanos = attemptTimeout == null ? Long.MAX_VALUE : attemptTimeout.toNanos();
      boolean ownTimeout = ownNanos < left;
      if (ownTimeout) {
        left = ownNanos;
      }
      if (left <= 0) {
        throw failure(spec, ErrorKind.TIMEOUT, "call deadline passed before the attempt started", null);
      }
      AttemptThread thread = AttemptThread.get();
      boolean system = ts instanceof SystemTimeSource;
      CallerAttempt a = thread.callerAttempt(system);
      // On the system time source the timer watches the attempt; elsewhere its timeout is scheduled.
      long stamp = a.arm(spec, now, now + left, system ? ((SystemTimeSource) ts).timer() : null);
      TimeSource.Cancellable timer =
          system ? null : ts.schedule(Duration.ofNanos(left), () -> a.timeout(stamp));
      RunningAttempt outer = thread.current;
      thread.current = a;
      ModelResponse response = null;
      ModelException failure = null;
      try {
        response = chain.call(request);
        if (response == null) {
          failure = AttemptFuture.nullResponse(spec);
        }
      } catch (RuntimeException e) {
        failure = AttemptFuture.attemptFailure(spec, e);
      } catch (Error e) {
        a.finish(stamp);
        throw e;
      } finally {
        thread.current = outer;
        if (timer != null) {
          timer.cancel();
        }
      }
      ErrorKind abort = a.finish(stamp);
      if (abort != null) {
        throw failure(spec, abort, abort == ErrorKind.CANCELLED
            ? "attempt cancelled"
            : ownTimeout ? "attempt timed out after " + ownNanos / 1_000_000L + " ms"
                : "call deadline passed during the attempt", null);
      }
      if (failure != null || response == null) {
        throw failure != null ? failure : AttemptFuture.nullResponse(spec);
      }
      return response;
    } finally {
      permits.release();
    }
  }

  private static ModelException failure(AttemptSpec spec, ErrorKind kind, String message,
      @Nullable Throwable cause) {
    return new ModelException(kind, message, spec.endpoint().info().id(), spec.number(), null, cause);
  }

  private ModelResponse runFuture(AttemptSpec spec, ModelClient chain, ModelRequest request) {
    AttemptFuture f = start(spec, chain, request);
    if (f.isDone()) {
      return await(f);
    }
    if (onCallerThread(spec)) {
      TimeSource.Cancellable timer = armTimeout(f);
      try {
        f.run();
      } finally {
        timer.cancel();
      }
      return await(f);
    }
    f.context = ctx.captureContext();
    submit(f);
    try {
      if (!ctx.timeSource().awaitCompletion(f, Duration.ofNanos(f.budgetNanos))) {
        f.abort(ErrorKind.TIMEOUT, f.timeoutMessage);
      }
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new ModelException(ErrorKind.CANCELLED, "caller thread was interrupted");
    }
    return await(f);
  }

  /** Schedules the attempt's timeout abort at the end of its time budget. */
  private TimeSource.Cancellable armTimeout(AttemptFuture f) {
    Runnable abort = () -> f.abort(ErrorKind.TIMEOUT, f.timeoutMessage);
    TimeSource ts = ctx.timeSource();
    return ts instanceof SystemTimeSource
        ? ((SystemTimeSource) ts).scheduleAt(f.startNanos + f.budgetNanos, abort)
        : ts.schedule(Duration.ofNanos(f.budgetNanos), abort);
  }

  /** Creates the attempt, wires its events, takes a permit and computes its time budget. */
  private AttemptFuture start(AttemptSpec spec, ModelClient chain, ModelRequest request) {
    TimeSource ts = ctx.timeSource();
    AttemptFuture f = new AttemptFuture(spec, chain, request, permits);
    if (ctx.publishing()) {
      publishEvents(f, spec, request, ts);
    }
    if (!permits.tryAcquire()) {
      f.completeExceptionally(f.failure(ErrorKind.OVERLOADED,
          "client '" + ctx.clientName() + "' already runs " + maxConcurrent
              + " attempts (maxConcurrentAttempts)", null));
      return f;
    }
    Deadline deadline = request.deadline();
    long now = ts.nanoTime();
    long left = deadline == null ? ctx.defaultTimeout().toNanos() : deadline.remainingNanos(ts, now);
    Duration attemptTimeout = spec.timeout();
    if (attemptTimeout != null && attemptTimeout.toNanos() < left) {
      left = attemptTimeout.toNanos();
      f.timeoutMessage = "attempt timed out after " + attemptTimeout.toMillis() + " ms";
    } else {
      f.timeoutMessage = "call deadline passed during the attempt";
    }
    f.budgetNanos = left;
    f.startNanos = now;
    if (left <= 0) {
      f.abort(ErrorKind.TIMEOUT, "call deadline passed before the attempt started");
      permits.release();
    }
    return f;
  }

  private void publishEvents(AttemptFuture f, AttemptSpec spec, ModelRequest request, TimeSource ts) {
    String requestId = request.requestId() == null ? "" : request.requestId();
    String endpointId = spec.endpoint().info().id();
    long begin = ts.nanoTime();
    ctx.publish(new AttemptStartedEvent(ctx.clientName(), requestId, ts.now(), endpointId,
        spec.number(), spec.hedge()));
    // Published by the thread that ends the attempt, before the future completes, so whoever
    // waits on it (the router, then the client's call event) always sees the attempt event first.
    f.onEnd((r, e) -> {
      Duration took = Duration.ofNanos(ts.nanoTime() - begin);
      if (e == null) {
        ctx.publish(new AttemptSucceededEvent(ctx.clientName(), requestId, ts.now(), endpointId,
            spec.number(), spec.hedge(), took));
      } else {
        ErrorKind kind = e instanceof ModelException ? ((ModelException) e).kind() : ErrorKind.UNAVAILABLE;
        ctx.publish(new AttemptFailedEvent(ctx.clientName(), requestId, ts.now(), endpointId,
            spec.number(), spec.hedge(), kind, took));
      }
    });
  }

  private void submit(AttemptFuture f) {
    try {
      executor.execute(f);
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(f.failure(ErrorKind.OVERLOADED, "attempt executor rejected the attempt", e));
      permits.release();
    }
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
