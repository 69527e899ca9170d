package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;
import dev.mainstay.testkit.internal.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * What a fault does to one call. {@link #toString()} prints the URI form ({@code TRANSIENT},
 * {@code RATE_LIMITED(2s)}, {@code hang}, {@code throw}, {@code null}), which {@link
 * #parse(String)} reads back.
 *
 * @param type the kind of misbehaviour
 * @param kind the error kind for {@link Type#FAIL}; null otherwise
 * @param retryAfter the Retry-After hint of a {@link ErrorKind#RATE_LIMITED} failure, or null
 */
public record FaultAction(Type type, @Nullable ErrorKind kind, @Nullable Duration retryAfter) {

  /** The kinds of misbehaviour. */
  public enum Type {
    /** Throw a {@link dev.mainstay.core.ModelException} of the action's kind. */
    FAIL,
    /** Block until the calling thread is interrupted (or the endpoint is closed); ignores deadlines. */
    HANG,
    /** Throw an unexpected {@link IllegalStateException}, as a buggy adapter would. */
    THROW,
    /** Return null, breaking the {@link dev.mainstay.core.ModelClient} contract on purpose. */
    RETURN_NULL
  }

  /** Validates the combination. */
  public FaultAction {
    requireNonNull(type, "type");
    if (type == Type.FAIL && kind == null) {
      throw new IllegalArgumentException("a FAIL action needs an error kind");
    }
    if (type != Type.FAIL && kind != null) {
      throw new IllegalArgumentException("only a FAIL action carries an error kind");
    }
    if (retryAfter != null) {
      if (kind != ErrorKind.RATE_LIMITED) {
        throw new IllegalArgumentException("only a RATE_LIMITED failure carries retryAfter");
      }
      if (retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
      }
    }
  }

  /**
   * Fail with a {@link dev.mainstay.core.ModelException} of the given kind.
   *
   * @param kind the error kind
   * @return the action
   */
  public static FaultAction fail(ErrorKind kind) {
    return new FaultAction(Type.FAIL, requireNonNull(kind, "kind"), null);
  }

  /**
   * Fail with {@link ErrorKind#RATE_LIMITED} carrying a Retry-After hint (an HTTP 429).
   *
   * @param retryAfter the hint, not negative
   * @return the action
   */
  public static FaultAction rateLimited(Duration retryAfter) {
    return new FaultAction(Type.FAIL, ErrorKind.RATE_LIMITED, requireNonNull(retryAfter, "retryAfter"));
  }

  /**
   * Hang until interrupted.
   *
   * @return the action
   */
  public static FaultAction hang() {
    return new FaultAction(Type.HANG, null, null);
  }

  /**
   * Throw an unexpected runtime exception.
   *
   * @return the action
   */
  public static FaultAction throwUnexpected() {
    return new FaultAction(Type.THROW, null, null);
  }

  /**
   * Return null.
   *
   * @return the action
   */
  public static FaultAction returnNull() {
    return new FaultAction(Type.RETURN_NULL, null, null);
  }

  /**
   * Parses the URI form: an {@link ErrorKind} name, {@code RATE_LIMITED(<duration>)}, {@code hang},
   * {@code throw} or {@code null} (case-insensitive).
   *
   * @param text the text
   * @return the action
   * @throws IllegalArgumentException if it names no action (the text is not echoed)
   */
  public static FaultAction parse(String text) {
    requireNonNull(text, "text");
    String t = text.trim();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "hang":
        return hang();
      case "throw":
        return throwUnexpected();
      case "null":
        return returnNull();
      default:
        break;
    }
    String upper = t.toUpperCase(Locale.ROOT);
    if (upper.startsWith("RATE_LIMITED(") && upper.endsWith(")")) {
      return rateLimited(Durations.parse(t.substring(13, t.length() - 1), "retryAfter"));
    }
    try {
      return fail(ErrorKind.valueOf(upper));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown fault action; expected an ErrorKind name (TRANSIENT, TIMEOUT, RATE_LIMITED, "
              + "OVERLOADED, UNAVAILABLE, ...), RATE_LIMITED(<duration>), hang, throw or null");
    }
  }

  @Override
  public String toString() {
    switch (type) {
      case HANG:
        return "hang";
      case THROW:
        return "throw";
      case RETURN_NULL:
        return "null";
      default:
        return retryAfter == null
            ? String.valueOf(kind)
            : kind + "(" + Durations.format(retryAfter) + ")";
    }
  }
}
