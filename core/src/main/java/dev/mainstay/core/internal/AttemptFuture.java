package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One running endpoint attempt: the task and its future. It completes exactly once, with the
 * attempt's outcome or with an abort (timeout, cancellation); an abort interrupts the attempt's
 * thread, and the innermost endpoint call then reports the abort's kind, so breakers count a
 * timeout against the endpoint and never a cancellation.
 */
public final class AttemptFuture extends RunnerFuture<ModelResponse> implements RunningAttempt {
  private final AttemptSpec spec;
  private final ModelClient chain;
  private final ModelRequest request;
  private static final AtomicIntegerFieldUpdater<AttemptFuture> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(AttemptFuture.class, "ended");

  private final AttemptPermits permits;
  private volatile int ended; // 0 until the attempt ends, then 1 (CAS through ENDED)
  private volatile @Nullable ErrorKind abortKind;
  /** The attempt's time budget in nanoseconds; set by the launcher before it runs. */
  long budgetNanos;
  /** When the launcher computed the budget (a time source tick); set before it runs. */
  long startNanos;
  /** What a timeout of this attempt says; set by the launcher before it runs. */
  String timeoutMessage = "attempt timed out";
  /**
   * The caller's contexts to install around the attempt on an executor thread; set by the launcher
   * on the caller's thread before it hands the attempt over, null when there is nothing to carry.
   */
  @Nullable ContextSnapshot context;
  private volatile @Nullable EndListener endListener;

  /** Told how an attempt ended, before anyone waiting on the future can see it. */
  interface EndListener {
    void ended(@Nullable ModelResponse response, @Nullable Throwable failure);
  }

  AttemptFuture(AttemptSpec spec, ModelClient chain, ModelRequest request, AttemptPermits permits) {
    this.spec = spec;
    this.chain = chain;
    this.request = request;
    this.permits = permits;
  }

  /**
   * Which attempt this is.
   *
   * @return the spec
   */
  @Override
  public AttemptSpec spec() {
    return spec;
  }

  /**
   * The kind this attempt was aborted with.
   *
   * @return the kind, or null while not aborted
   */
  @Override
  public @Nullable ErrorKind abortKind() {
    return abortKind;
  }

  /** Unknown here: a raced attempt may wait for a thread after the launcher timed it. */
  @Override
  public long startNanos() {
    return Long.MIN_VALUE;
  }

  @Override
  protected void compute() {
    // Restores the enclosing attempt afterwards (a client can be another client's endpoint, so
    // attempts nest on one thread under CALLER isolation).
    AttemptThread thread = AttemptThread.get();
    RunningAttempt outer = thread.current;
    thread.current = this;
    ContextSnapshot carried = context;
    ContextPropagator.@Nullable Scope scope = null;
    try {
      if (carried != null) {
        scope = carried.restore(); // inside the try: an Error there still ends the attempt
      }
      ModelResponse r = chain.call(request);
      if (r == null) {
        completeExceptionally(nullResponse(spec));
      } else {
        complete(r);
      }
    } catch (RuntimeException e) {
      completeExceptionally(attemptFailure(spec, e));
    } catch (Error e) {
      completeExceptionally(e);
      throw e;
    } finally {
      try {
        if (scope != null) {
          scope.close(); // never throws a RuntimeException; the attempt has already ended
        }
      } finally {
        thread.current = outer;
      }
    }
  }

  /**
   * Sets what to tell when the attempt ends; it runs on the ending thread before the future
   * completes, so a caller that returns from {@code get()} has already seen its effects (attempt
   * events are published before the call's own event). Set before the attempt can end.
   */
  void onEnd(EndListener listener) {
    this.endListener = listener;
  }

  @Override
  public boolean complete(ModelResponse value) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    try {
      fireEnd(value, null);
    } finally {
      super.complete(value); // even if a listener threw an Error: never leave the attempt open
    }
    return true;
  }

  @Override
  public boolean completeExceptionally(Throwable failure) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    try {
      fireEnd(null, failure);
    } finally {
      super.completeExceptionally(failure);
    }
    return true;
  }

  private void fireEnd(@Nullable ModelResponse response, @Nullable Throwable failure) {
    EndListener l = endListener;
    if (l != null) {
      try {
        l.ended(response, failure);
      } catch (RuntimeException e) {
        // A listener's failure never changes how the attempt ends.
      }
    }
  }

  @Override
  protected void afterRun() {
    permits.release();
  }

  /**
   * Ends the attempt with an error kind unless it already ended, and interrupts its thread.
   *
   * @param kind why
   * @param message a message without prompt text
   * @return true if this call ended the attempt
   */
  public boolean abort(ErrorKind kind, String message) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    // Only the abort that ends the attempt sets the kind the endpoint call reports, and it does so
    // before the interrupt, so a losing abort can never relabel the winner's outcome.
    abortKind = kind;
    ModelException failure = failure(kind, message, null);
    try {
      fireEnd(null, failure);
    } finally {
      super.completeExceptionally(failure);
      interruptRunner();
    }
    return true;
  }

  /** Cancels the attempt with {@link ErrorKind#CANCELLED}; it never counts against the endpoint. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return abort(ErrorKind.CANCELLED, "attempt cancelled");
  }

  /**
   * What an attempt's chain throwing {@code e} means for the attempt, the same wherever it ran: a
   * {@link ModelException} attributed to the attempt, anything else {@link ErrorKind#UNAVAILABLE}
   * with the exception as its cause.
   *
   * @param spec the attempt
   * @param e what its chain threw
   * @return the attempt's failure
   */
  static ModelException attemptFailure(AttemptSpec spec, RuntimeException e) {
    String endpointId = spec.endpoint().info().id();
    if (e instanceof ModelException) {
      return ((ModelException) e).forAttempt(endpointId, spec.number());
    }
    return new ModelException(ErrorKind.UNAVAILABLE, "attempt threw unexpected " + e.getClass().getSimpleName(),
        endpointId, spec.number(), null, e);
  }

  /**
   * The failure of an attempt whose chain returned null.
   *
   * @param spec the attempt
   * @return an {@link ErrorKind#INVALID_OUTPUT} failure
   */
  static ModelException nullResponse(AttemptSpec spec) {
    return new ModelException(ErrorKind.INVALID_OUTPUT, "attempt chain returned null",
        spec.endpoint().info().id(), spec.number(), null, null);
  }

  ModelException failure(ErrorKind kind, String message, @Nullable Throwable cause) {
    return new ModelException(kind, message, spec.endpoint().info().id(), spec.number(), null, cause);
  }
}
