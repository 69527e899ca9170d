package dev.mainstay.core.internal;

import dev.mainstay.core.AttemptSpec;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;

/**
 * An attempt running on the current thread, as the innermost links of its chain see it: which
 * attempt it is and, once aborted, why. Both the raced {@link AttemptFuture} and the caller-thread
 * {@link CallerAttempt} are one.
 */
public interface RunningAttempt {
  /**
   * Which attempt this is.
   *
   * @return the spec
   */
  AttemptSpec spec();

  /**
   * The kind this attempt was aborted with.
   *
   * @return the kind, or null while not aborted
   */
  @Nullable ErrorKind abortKind();

  /**
   * When the attempt started on the thread it runs on, if that is known.
   *
   * @return a {@code nanoTime()} reading of the client's time source, or {@code Long.MIN_VALUE}
   */
  long startNanos();
}
