package dev.mainstay.failover;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a route waits before trying an endpoint it already tried in the same call: exponential
 * growth from {@code initial}, capped at {@code max}, with optional jitter. Moving to an endpoint
 * not yet tried never waits.
 *
 * @param initial the first retry's base delay, zero or positive
 * @param max the cap on any delay, at least {@code initial}
 * @param jitter how the delay is randomised
 */
public record Backoff(Duration initial, Duration max, Jitter jitter) {

  /** How a backoff delay is randomised. */
  public enum Jitter {
    /** No randomness: {@code min(max, initial * 2^(n-1))}. */
    NONE,
    /** "Full jitter": uniform in {@code [0, min(max, initial * 2^(n-1))]}. */
    FULL,
    /**
     * "Decorrelated jitter": uniform in {@code [initial, previous * 3]}, capped at {@code max}.
     */
    DECORRELATED
  }

  /** No waiting at all. */
  public static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, Jitter.NONE);

  /** Validates the components. */
  public Backoff {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    requireNonNull(jitter, "jitter");
    if (initial.isNegative()) {
      throw new IllegalArgumentException("initial backoff must be >= 0, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
    }
  }

  /**
   * Exponential backoff with full jitter.
   *
   * @param initial the first retry's base delay
   * @param max the cap
   * @return the backoff
   */
  public static Backoff exponential(Duration initial, Duration max) {
    return new Backoff(initial, max, Jitter.FULL);
  }

  /**
   * This backoff with another jitter.
   *
   * @param value the jitter
   * @return a new backoff
   */
  public Backoff withJitter(Jitter value) {
    return new Backoff(initial, max, value);
  }

  /**
   * The delay before the {@code retry}-th retry of a call.
   *
   * @param retry 1 for the first retry
   * @param previous the delay used before the previous retry ({@link Duration#ZERO} for none)
   * @param random the random source
   * @return a delay in {@code [0, max]}
   */
  public Duration delay(int retry, Duration previous, RandomGenerator random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, was " + retry);
    }
    long maxNanos = max.toNanos();
    long initialNanos = initial.toNanos();
    if (maxNanos == 0) {
      return Duration.ZERO;
    }
    switch (jitter) {
      case DECORRELATED: {
        long prev = Math.max(initialNanos, previous.toNanos());
        long upper = prev > maxNanos / 3 ? maxNanos : prev * 3;
        long lower = Math.min(initialNanos, upper);
        long d = upper <= lower ? lower : lower + (long) (random.nextDouble() * (upper - lower));
        return Duration.ofNanos(Math.min(maxNanos, d));
      }
      case FULL: {
        long cap = cap(initialNanos, maxNanos, retry);
        return Duration.ofNanos((long) (random.nextDouble() * cap));
      }
      default:
        return Duration.ofNanos(cap(initialNanos, maxNanos, retry));
    }
  }

  private static long cap(long initialNanos, long maxNanos, int retry) {
    int shift = Math.min(retry - 1, 62);
    if (initialNanos > (maxNanos >> shift)) {
      return maxNanos;
    }
    return Math.min(maxNanos, initialNanos << shift);
  }
}
