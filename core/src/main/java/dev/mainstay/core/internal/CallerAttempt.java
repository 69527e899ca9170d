package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;

/**
 * An attempt that runs on the caller's thread and that nobody races or cancels from outside: only
 * its timeout can abort it. It is the light twin of {@link AttemptFuture} for that case: no future,
 * no monitor, and it is its own timeout task, so the timer's one CAS decides how it ends. It ends
 * exactly once: either the runner {@linkplain #finish() finishes} first (which cancels the timeout)
 * or the timeout {@linkplain #claim() claims} it first and {@linkplain #run() aborts} it, which
 * interrupts the runner while it is still inside the attempt (never after: the runner waits out an
 * abort in progress and then clears the interrupt, which was for this attempt only).
 *
 * <p>On the system time source the attempt goes on the {@link LazyTimer} as it is; on any other
 * time source {@link #timeout()} is the scheduled task.
 */
final class CallerAttempt extends LazyTimer.Task implements RunningAttempt, Runnable {
  private final AttemptSpec spec;
  private final Thread runner;
  private final long startNanos;
  private volatile @Nullable ErrorKind abortKind;
  private volatile boolean abortDone;

  /**
   * An attempt about to run on {@code runner}.
   *
   * @param spec which attempt
   * @param runner the caller's thread
   * @param startNanos when it starts, on the client's time source
   * @param timeoutAt the {@code System.nanoTime()} tick of its timeout (used on the system time
   *     source only)
   */
  CallerAttempt(AttemptSpec spec, Thread runner, long startNanos, long timeoutAt) {
    super(timeoutAt, null);
    this.spec = spec;
    this.runner = runner;
    this.startNanos = startNanos;
    this.task = this;
  }

  @Override
  public AttemptSpec spec() {
    return spec;
  }

  @Override
  public @Nullable ErrorKind abortKind() {
    return abortKind;
  }

  @Override
  public long startNanos() {
    return startNanos;
  }

  /** The timeout's body, after the timer claimed the attempt: aborts it with TIMEOUT. */
  @Override
  public void run() {
    // The kind is set before the interrupt, so the endpoint call that sees the interrupt reports it.
    abortKind = ErrorKind.TIMEOUT;
    try {
      runner.interrupt();
    } finally {
      abortDone = true;
    }
  }

  /** The timeout as a task for a time source other than the system one. */
  void timeout() {
    if (claim()) {
      run();
    }
  }

  /**
   * Called by the runner when the attempt's chain returned or threw.
   *
   * @return true if the runner ended the attempt with its own outcome (its timeout is cancelled);
   *     false if the timeout ended it first (then {@link #abortKind()} says why and the timeout's
   *     interrupt has been cleared)
   */
  boolean finish() {
    if (cancel()) {
      return true;
    }
    while (!abortDone) {
      Thread.onSpinWait(); // the timeout is between its claim and its interrupt: a few instructions
    }
    Thread.interrupted(); // the interrupt was for this attempt only
    return false;
  }
}
