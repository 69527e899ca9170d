package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;

/**
 * One running endpoint attempt: the task and its future. It completes exactly once, with the
 * attempt's outcome or with an abort (timeout, cancellation); an abort interrupts the attempt's
 * thread, and the innermost endpoint call then reports the abort's kind, so breakers count a
 * timeout against the endpoint and never a cancellation.
 */
public final class AttemptFuture extends RunnerFuture<ModelResponse> {
  private static final ThreadLocal<AttemptFuture> CURRENT = new ThreadLocal<>();

  private final AttemptSpec spec;
  private final ModelClient chain;
  private final ModelRequest request;
  private final Runnable release;
  private volatile @Nullable ErrorKind abortKind;

  AttemptFuture(AttemptSpec spec, ModelClient chain, ModelRequest request, Runnable release) {
    this.spec = spec;
    this.chain = chain;
    this.request = request;
    this.release = release;
  }

  /**
   * The attempt running on this thread.
   *
   * @return the attempt, or null
   */
  public static @Nullable AttemptFuture current() {
    return CURRENT.get();
  }

  /**
   * Which attempt this is.
   *
   * @return the spec
   */
  public AttemptSpec spec() {
    return spec;
  }

  /**
   * The kind this attempt was aborted with.
   *
   * @return the kind, or null while not aborted
   */
  public @Nullable ErrorKind abortKind() {
    return abortKind;
  }

  @Override
  protected void compute() {
    CURRENT.set(this);
    try {
      ModelResponse r = chain.call(request);
      if (r == null) {
        completeExceptionally(failure(ErrorKind.INVALID_OUTPUT, "attempt chain returned null", null));
      } else {
        complete(r);
      }
    } catch (ModelException e) {
      completeExceptionally(e.forAttempt(spec.endpoint().info().id(), spec.number()));
    } catch (RuntimeException e) {
      completeExceptionally(failure(ErrorKind.UNAVAILABLE,
          "attempt threw unexpected " + e.getClass().getSimpleName(), e));
    } catch (Error e) {
      completeExceptionally(e);
      throw e;
    } finally {
      CURRENT.remove();
    }
  }

  @Override
  protected void afterRun() {
    release.run();
  }

  /**
   * Ends the attempt with an error kind unless it already ended, and interrupts its thread.
   *
   * @param kind why
   * @param message a message without prompt text
   * @return true if this call ended the attempt
   */
  public boolean abort(ErrorKind kind, String message) {
    abortKind = kind;
    boolean ended = completeExceptionally(failure(kind, message, null));
    if (ended) {
      interruptRunner();
    }
    return ended;
  }

  /** Cancels the attempt with {@link ErrorKind#CANCELLED}; it never counts against the endpoint. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return abort(ErrorKind.CANCELLED, "attempt cancelled");
  }

  ModelException failure(ErrorKind kind, String message, @Nullable Throwable cause) {
    return new ModelException(kind, message, spec.endpoint().info().id(), spec.number(), null, cause);
  }
}
