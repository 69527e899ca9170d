package dev.mainstay.core.internal;

import dev.mainstay.core.Nullable;

/**
 * What the attempt machinery keeps per thread, behind one thread-local: the attempt running on the
 * thread (what {@code AttemptSpec.current()} reads), and the thread's reusable {@link CallerAttempt}.
 * Only its own thread reads or writes it, so its fields are plain.
 */
public final class AttemptThread {
  private static final ThreadLocal<AttemptThread> LOCAL = ThreadLocal.withInitial(AttemptThread::new);

  /** The attempt running on this thread, innermost first; null outside attempts. */
  @Nullable RunningAttempt current;
  /** This thread's caller-thread attempt, created on the first one and reused after it. */
  private @Nullable CallerAttempt reusable;

  private AttemptThread() {}

  /**
   * The attempt running on this thread (raced or on the caller's thread).
   *
   * @return the attempt, or null
   */
  public static @Nullable RunningAttempt current() {
    return LOCAL.get().current;
  }

  /**
   * The current thread's state.
   *
   * @return it, created on first use
   */
  static AttemptThread get() {
    return LOCAL.get();
  }

  /**
   * A caller-thread attempt ready to arm on this thread: the thread's own, or a new one when the
   * thread's own is armed already (an attempt inside an attempt: a client used as another client's
   * endpoint).
   *
   * @param reuse whether the thread's own may be used (only for the system time source, whose timer
   *     watches it across attempts)
   * @return an attempt that is not armed
   */
  CallerAttempt callerAttempt(boolean reuse) {
    if (!reuse) {
      return new CallerAttempt(Thread.currentThread());
    }
    CallerAttempt a = reusable;
    if (a == null) {
      a = new CallerAttempt(Thread.currentThread());
      reusable = a;
      return a;
    }
    return a.armed() ? new CallerAttempt(Thread.currentThread()) : a;
  }
}
