package dev.mainstay.testkit.internal;

import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Waiting through a {@link TimeSource}, turning interrupts into {@link ErrorKind#CANCELLED}. */
public final class Waits {
  private Waits() {}

  /**
   * Waits a simulated latency. When the request carries a deadline that ends first, waits until
   * the deadline and fails with {@link ErrorKind#TIMEOUT}, as a well-behaved client library would.
   *
   * @param time the endpoint's time source
   * @param latency how long the call takes
   * @param request the request (for its deadline)
   * @param endpointId for error messages
   * @throws ModelException CANCELLED when interrupted, TIMEOUT when the deadline ends first
   */
  public static void latency(TimeSource time, Duration latency, ModelRequest request, String endpointId) {
    Deadline deadline = request.deadline();
    if (deadline != null) {
      Duration left = deadline.remaining();
      if (left.compareTo(latency) < 0) {
        sleep(time, left, endpointId);
        throw new ModelException(ErrorKind.TIMEOUT,
            "simulated latency of " + Durations.format(latency) + " exceeds the request deadline",
            endpointId, 0, null, null);
      }
    }
    sleep(time, latency, endpointId);
  }

  /**
   * Sleeps on the time source.
   *
   * @param time the time source
   * @param d how long
   * @param endpointId for error messages
   * @throws ModelException CANCELLED when interrupted before or during a positive wait (the
   *     interrupt flag is restored)
   */
  public static void sleep(TimeSource time, Duration d, String endpointId) {
    if (d.isZero() || d.isNegative()) {
      return; // no wait, nothing to interrupt: a zero-latency endpoint behaves like plain code
    }
    if (Thread.currentThread().isInterrupted()) {
      throw cancelled(endpointId);
    }
    try {
      time.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled(endpointId);
    }
  }

  /**
   * Hangs until interrupted or until {@code release} opens (the endpoint closed).
   *
   * @param release opened when the endpoint closes
   * @param endpointId for error messages
   * @return never normally
   * @throws ModelException CANCELLED when interrupted, UNAVAILABLE when released
   */
  public static ModelException hang(CountDownLatch release, String endpointId) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled(endpointId);
    }
    throw new ModelException(ErrorKind.UNAVAILABLE, "endpoint closed while a call hung",
        endpointId, 0, null, null);
  }

  /**
   * The exception for an interrupted wait.
   *
   * @param endpointId the endpoint
   * @return a CANCELLED exception
   */
  public static ModelException cancelled(@Nullable String endpointId) {
    return new ModelException(ErrorKind.CANCELLED, "interrupted while waiting", endpointId, 0, null, null);
  }
}
