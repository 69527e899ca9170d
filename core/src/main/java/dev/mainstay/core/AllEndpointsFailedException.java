package dev.mainstay.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every endpoint a route tried failed (or the call's deadline passed first). The attempts' own
 * exceptions are attached, in the order they happened, as {@linkplain #getSuppressed() suppressed
 * exceptions} and through {@link #attempts()}.
 *
 * <p>The {@link #kind()} is the attempts' common kind when they all agree, the last attempt's
 * kind when the route gave up for a non-failover error, {@link ErrorKind#TIMEOUT} when the
 * deadline ended the call, and {@link ErrorKind#UNAVAILABLE} otherwise. {@link #retryAfter()} is
 * the shortest retry-after any attempt carried.
 */
public final class AllEndpointsFailedException extends ModelException {
  private static final long serialVersionUID = 1L;

  private final transient List<ModelException> attempts;

  /**
   * Collects the failed attempts of one call.
   *
   * @param kind the overall kind (see the class comment)
   * @param message a message without prompt text or secrets
   * @param attempts every failed attempt in order; may be empty when the deadline passed first
   */
  public AllEndpointsFailedException(ErrorKind kind, String message, List<ModelException> attempts) {
    super(kind, message + " (" + attempts.size() + " attempt" + (attempts.size() == 1 ? "" : "s") + ")",
        null, 0, shortestRetryAfter(attempts), null);
    this.attempts = Collections.unmodifiableList(new ArrayList<>(attempts));
    for (ModelException e : this.attempts) {
      addSuppressed(e);
    }
  }

  /**
   * Builds the exception with the kind chosen by the class comment's rules.
   *
   * @param attempts every failed attempt in order
   * @param deadlinePassed whether the call's deadline ended the call
   * @return the exception
   */
  public static AllEndpointsFailedException of(List<ModelException> attempts, boolean deadlinePassed) {
    ErrorKind kind;
    if (deadlinePassed) {
      kind = ErrorKind.TIMEOUT;
    } else if (attempts.isEmpty()) {
      kind = ErrorKind.UNAVAILABLE;
    } else {
      ErrorKind last = attempts.get(attempts.size() - 1).kind();
      boolean same = true;
      for (ModelException e : attempts) {
        same &= e.kind() == last;
      }
      kind = same || !last.failover() ? last : ErrorKind.UNAVAILABLE;
    }
    String message = deadlinePassed ? "deadline passed before any endpoint answered" : "every endpoint failed";
    return new AllEndpointsFailedException(kind, message, attempts);
  }

  /**
   * The failed attempts, in order.
   *
   * @return an unmodifiable list
   */
  public List<ModelException> attempts() {
    return attempts;
  }

  private static @Nullable Duration shortestRetryAfter(List<ModelException> attempts) {
    Duration best = null;
    for (ModelException e : attempts) {
      Duration d = e.retryAfter().orElse(null);
      if (d != null && (best == null || d.compareTo(best) < 0)) {
        best = d;
      }
    }
    return best;
  }
}
