package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.internal.AttemptThread;
import dev.mainstay.core.internal.RunningAttempt;
import java.time.Duration;

/**
 * One attempt a router asks for: which endpoint, which attempt of the call, whether it is a hedge,
 * and its own timeout (the call's deadline bounds it in any case).
 *
 * @param endpoint the endpoint to try
 * @param number the 1-based attempt number within the call
 * @param hedge whether this attempt races an earlier one still running
 * @param timeout the attempt's own timeout, or null for "until the call's deadline"
 */
public record AttemptSpec(Endpoint endpoint, int number, boolean hedge, @Nullable Duration timeout) {

  /** Validates the components. */
  public AttemptSpec {
    requireNonNull(endpoint, "endpoint");
    if (number < 1) {
      throw new IllegalArgumentException("attempt number must be >= 1, was " + number);
    }
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException("attempt timeout must be positive, was " + timeout);
    }
  }

  /**
   * The attempt running on the calling thread, for attempt decorators.
   *
   * @return the attempt, or null outside an attempt
   */
  public static @Nullable AttemptSpec current() {
    RunningAttempt f = AttemptThread.current();
    return f == null ? null : f.spec();
  }

  /**
   * When the attempt running on the calling thread started, if its launcher timed it on this
   * thread (attempts on the caller's thread); lets a decorator that measures the attempt skip a
   * clock reading.
   *
   * @return a {@link TimeSource#nanoTime()} reading of the client's time source, or {@code
   *     Long.MIN_VALUE} when unknown or outside an attempt
   */
  public static long currentStartNanos() {
    RunningAttempt f = AttemptThread.current();
    return f == null ? Long.MIN_VALUE : f.startNanos();
  }

  @Override
  public String toString() {
    return "AttemptSpec[" + endpoint.info().id() + " #" + number + (hedge ? " hedge" : "") + "]";
  }
}
