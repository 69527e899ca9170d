package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Attempts that run on the caller's thread and that nobody races or cancels from outside: only a
 * timeout can abort them. It is the light twin of {@link AttemptFuture} for that case (no future,
 * no monitor), and one of them serves every such attempt of its thread, one at a time: it is
 * {@linkplain #arm armed} when an attempt starts and {@linkplain #finish finished} when it ends.
 *
 * <p>Each arming ends exactly once: the runner {@linkplain #finish finishes} it first, or its
 * timeout {@linkplain #abort aborts} it first, which interrupts the runner while it is still inside
 * the attempt (never after: the runner waits out an abort in progress and then clears the
 * interrupt, which was for this attempt only). One CAS on the {@link #stamp} (a generation per
 * arming and a state) decides which, so a late timeout can never touch a later attempt.
 *
 * <p>On the system time source the timeout is a {@link Watch} on the {@link LazyTimer} that looks
 * after this object across armings: an arming whose deadline is no earlier than the watch's
 * reuses it, and a watch that comes due while a later attempt runs moves itself to that attempt's
 * deadline. A thread making call after call so costs the timer one task per timeout period instead
 * of one per attempt (a task per attempt kept the timer thread busy and the garbage collector
 * copying pending tasks). On other time sources the caller schedules {@link #timeout(long)} itself.
 */
final class CallerAttempt implements RunningAttempt {
  private static final VarHandle STAMP;
  private static final VarHandle AT;
  private static final VarHandle WATCH;
  private static final long IDLE = 0;
  private static final long ARMED = 1;
  private static final long FIRED = 2;
  private static final long STATE = 3;
  private static final long GENERATION = 4;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STAMP = l.findVarHandle(CallerAttempt.class, "stamp", long.class);
      AT = l.findVarHandle(CallerAttempt.class, "at", long.class);
      WATCH = l.findVarHandle(CallerAttempt.class, "watch", Watch.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread runner;
  // The attempt's facts: written by the runner before it arms, read on the runner's thread.
  private @Nullable AttemptSpec spec;
  private long startNanos;
  /** The armed attempt's deadline tick, {@code System.nanoTime()}; opaque: the timer reads it. */
  @SuppressWarnings("unused") // through AT
  private long at;
  /** Generation (bits 2 and up) and state (IDLE, ARMED, FIRED) of the current arming. */
  private volatile long stamp;
  private volatile @Nullable ErrorKind abortKind;
  private volatile boolean abortDone;
  /** The timer task that looks after this object, if any (system time source only). */
  private volatile @Nullable Watch watch;

  /**
   * A caller-thread attempt for {@code runner}.
   *
   * @param runner the thread its attempts run on
   */
  CallerAttempt(Thread runner) {
    this.runner = runner;
  }

  @Override
  public AttemptSpec spec() {
    AttemptSpec s = spec;
    if (s == null) {
      throw new IllegalStateException("not armed");
    }
    return s;
  }

  @Override
  public @Nullable ErrorKind abortKind() {
    return abortKind;
  }

  @Override
  public long startNanos() {
    return startNanos;
  }

  /** Whether an attempt is running on it (armed, or aborted and not yet finished). */
  boolean armed() {
    return (stamp & STATE) != IDLE;
  }

  /**
   * Starts an attempt: from here its timeout may abort it.
   *
   * @param spec which attempt
   * @param startNanos when it starts, on the client's time source
   * @param atNanos when it times out, on {@code System.nanoTime()} (used with {@code timer} only)
   * @param timer the system timer to watch it, or null when the caller schedules {@link
   *     #timeout(long)} on its own time source
   * @return this arming's stamp, for {@link #finish(long)} and {@link #timeout(long)}
   */
  long arm(AttemptSpec spec, long startNanos, long atNanos, @Nullable LazyTimer timer) {
    this.spec = spec;
    this.startNanos = startNanos;
    AT.setOpaque(this, atNanos);
    long s = (stamp & ~STATE) + GENERATION + ARMED;
    // A volatile write, so it is ordered before the read of the watch below: a watch that the timer
    // is retiring at this moment either is seen retired here or sees this arming (watchDue).
    stamp = s;
    if (timer != null) {
      Watch w = watch;
      if (w == null || w.at - atNanos > 0 || !w.pending()) {
        w = new Watch(this, atNanos, timer);
        watch = w;
        timer.push(w);
      }
    }
    return s;
  }

  /**
   * Ends the arming {@code s} on the runner's thread, when the attempt's chain returned or threw.
   *
   * @param s the stamp {@link #arm} returned
   * @return null if the runner ended the attempt with its own outcome; otherwise why the timeout
   *     ended it first (its interrupt has been cleared)
   */
  @Nullable ErrorKind finish(long s) {
    spec = null; // a pool thread must not keep an endpoint of a closed client reachable
    if (STAMP.compareAndSet(this, s, s - ARMED + IDLE)) {
      return null;
    }
    while (!abortDone) {
      Thread.onSpinWait(); // the timeout is between its claim and its interrupt: a few instructions
    }
    Thread.interrupted(); // the interrupt was for this attempt only
    ErrorKind kind = abortKind;
    abortKind = null;
    abortDone = false;
    stamp = s - ARMED + IDLE; // FIRED belongs to the runner now: it alone moves it on
    return kind == null ? ErrorKind.TIMEOUT : kind;
  }

  /**
   * The timeout of arming {@code s} on a time source other than the system one: aborts it if it
   * still runs.
   *
   * @param s the stamp {@link #arm} returned
   */
  void timeout(long s) {
    abort(s);
  }

  private void abort(long s) {
    if (!STAMP.compareAndSet(this, s, s - ARMED + FIRED)) {
      return; // finished, or a later arming
    }
    // The kind is set before the interrupt, so the endpoint call that sees the interrupt reports it.
    abortKind = ErrorKind.TIMEOUT;
    try {
      runner.interrupt();
    } finally {
      abortDone = true;
    }
  }

  /**
   * On the timer thread: watch {@code w} came due, or the timer retires it as {@linkplain
   * Watch#dormant() dormant}. Aborts an attempt past its deadline, moves the watch to a later
   * attempt's deadline, or drops it while nothing runs (the next arming starts a new one).
   */
  private void watchDue(Watch w) {
    if (!WATCH.compareAndSet(this, w, null)) {
      return; // replaced by a watch for an earlier deadline, which looks after this object
    }
    // Read after the watch is retired: an arming that saw this watch still in place is seen here.
    long s = stamp;
    if ((s & STATE) != ARMED) {
      return;
    }
    long due = (long) AT.getOpaque(this);
    if (System.nanoTime() - due >= 0) {
      abort(s); // fails harmlessly when the attempt has just finished or a later arming began
      return;
    }
    Watch next = new Watch(this, due, w.timer);
    if (WATCH.compareAndSet(this, null, next)) {
      w.timer.push(next);
    }
  }

  /** The timer task looking after one {@link CallerAttempt}. */
  static final class Watch extends LazyTimer.Task implements Runnable {
    private final CallerAttempt attempt;
    private final LazyTimer timer;

    Watch(CallerAttempt attempt, long at, LazyTimer timer) {
      super(at, null);
      this.attempt = attempt;
      this.timer = timer;
      this.task = this;
    }

    @Override
    public void run() {
      attempt.watchDue(this);
    }

    /** Looks after nothing now: replaced, or nothing runs on its attempt (the timer may retire it). */
    @Override
    boolean dormant() {
      return attempt.watch != this || !attempt.armed();
    }
  }
}
