package dev.mainstay.core.internal;

import dev.mainstay.core.Nullable;
import java.util.concurrent.CompletableFuture;

/**
 * A future that is also the task computing it, and that can interrupt the thread running it. The
 * interrupt reaches only this task: once it has finished, a late interrupt is not delivered.
 *
 * @param <T> the result type
 */
abstract class RunnerFuture<T> extends CompletableFuture<T> implements Runnable {
  private @Nullable Thread runner; // guarded by this
  private volatile boolean interruptRequested;

  /** Runs {@link #compute()} unless already completed, tracking the running thread. */
  @Override
  public final void run() {
    synchronized (this) {
      if (isDone()) {
        afterRun();
        return;
      }
      runner = Thread.currentThread();
    }
    try {
      compute();
    } finally {
      synchronized (this) {
        runner = null;
      }
      if (interruptRequested) {
        Thread.interrupted(); // the interrupt was for this task only
      }
      afterRun();
    }
  }

  /** Computes and completes this future. Runs at most once. */
  protected abstract void compute();

  /** Called once after the task ran or was skipped. */
  protected void afterRun() {}

  /** Interrupts the running thread, if this task is running. */
  protected final void interruptRunner() {
    interruptRequested = true;
    synchronized (this) {
      if (runner != null) {
        runner.interrupt();
      }
    }
  }
}
