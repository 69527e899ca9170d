package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The moment by which a call must end, read on a {@link TimeSource}.
 *
 * <p>A client stamps every request it receives with a deadline (the request's own, or now plus
 * the request's or the client's timeout), and every stage inside bounds its waiting by it. A
 * deadline is immutable and thread-safe.
 */
public final class Deadline implements Comparable<Deadline> {
  private final TimeSource timeSource;
  private final long deadlineNanos;

  private Deadline(TimeSource timeSource, long deadlineNanos) {
    this.timeSource = timeSource;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * A deadline a positive duration from now on the system time source.
   *
   * @param timeout how long from now; must be positive
   * @return the deadline
   * @throws IllegalArgumentException if the timeout is zero or negative (a deadline in the past)
   */
  public static Deadline after(Duration timeout) {
    return after(timeout, TimeSource.system());
  }

  /**
   * A deadline a positive duration from now on the given time source.
   *
   * @param timeout how long from now; must be positive
   * @param timeSource the time source it is read on
   * @return the deadline
   * @throws IllegalArgumentException if the timeout is zero or negative (a deadline in the past)
   */
  public static Deadline after(Duration timeout, TimeSource timeSource) {
    requireNonNull(timeout, "timeout");
    return after(timeout, timeSource, requireNonNull(timeSource, "timeSource").nanoTime());
  }

  /**
   * A deadline a positive duration after a clock reading the caller has just taken (saves reading
   * the clock twice when the caller needs the reading too).
   *
   * @param timeout how long from {@code nowNanos}; must be positive
   * @param timeSource the time source it is read on
   * @param nowNanos a {@link TimeSource#nanoTime()} reading of {@code timeSource}
   * @return the deadline
   * @throws IllegalArgumentException if the timeout is zero or negative (a deadline in the past)
   */
  public static Deadline after(Duration timeout, TimeSource timeSource, long nowNanos) {
    requireNonNull(timeout, "timeout");
    requireNonNull(timeSource, "timeSource");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new Deadline(timeSource, nowNanos + cappedNanos(timeout));
  }

  /**
   * The time left, never negative.
   *
   * @return the remaining time, or {@link Duration#ZERO} once passed
   */
  public Duration remaining() {
    long left = deadlineNanos - timeSource.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  /**
   * The time left at a tick its caller already read (saves a clock read on hot paths). The reading
   * is used only when it comes from this deadline's own time source; a reading of another time
   * source says nothing about this deadline, so then this deadline's clock is read instead.
   *
   * @param source the time source {@code nanoTime} was read from
   * @param nanoTime a {@link TimeSource#nanoTime()} reading of {@code source}
   * @return nanoseconds from that tick until the deadline; zero or negative once passed
   */
  public long remainingNanos(TimeSource source, long nanoTime) {
    return deadlineNanos - (source == timeSource ? nanoTime : timeSource.nanoTime());
  }

  /**
   * The time left in nanoseconds; zero or negative once passed.
   *
   * @return nanoseconds until the deadline
   */
  public long remainingNanos() {
    return deadlineNanos - timeSource.nanoTime();
  }

  /**
   * Whether the deadline has passed.
   *
   * @return true when no time is left
   */
  public boolean expired() {
    return remainingNanos() <= 0;
  }

  /**
   * The earlier of this deadline and one {@code timeout} from now on the same time source.
   *
   * @param timeout a positive duration
   * @return this deadline or a sooner one
   */
  public Deadline min(Duration timeout) {
    requireNonNull(timeout, "timeout");
    long candidate = timeSource.nanoTime() + cappedNanos(timeout);
    return candidate - deadlineNanos < 0 ? new Deadline(timeSource, candidate) : this;
  }

  /**
   * The time source this deadline is read on.
   *
   * @return the time source
   */
  public TimeSource timeSource() {
    return timeSource;
  }

  @Override
  public int compareTo(Deadline other) {
    return Long.compare(deadlineNanos - other.deadlineNanos, 0);
  }

  @Override
  public String toString() {
    return "Deadline[remaining=" + remaining() + "]";
  }

  /** Longer timeouts are treated as this (about 146 years), so tick arithmetic cannot overflow. */
  private static final long MAX_NANOS = 1L << 62;

  private static long cappedNanos(Duration d) {
    if (d.getSeconds() >= MAX_NANOS / 1_000_000_000L) {
      return MAX_NANOS;
    }
    return Math.max(0, Math.min(d.toNanos(), MAX_NANOS));
  }
}
