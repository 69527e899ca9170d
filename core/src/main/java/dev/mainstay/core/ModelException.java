package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The one exception a {@link ModelClient} throws. It is unchecked and carries an {@link ErrorKind}
 * that tells callers and routers what to do, the endpoint and attempt it came from, and the
 * server's {@code Retry-After} where one was given.
 *
 * <p>Messages never contain prompt or answer text, nor secrets: they name kinds, endpoints, status
 * codes and sizes only.
 */
public class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final @Nullable String endpointId;
  private final int attempt;
  private final @Nullable Duration retryAfter;

  /**
   * An error not tied to an endpoint (a guard, a policy, the client itself).
   *
   * @param kind what went wrong
   * @param message a message without prompt text or secrets
   */
  public ModelException(ErrorKind kind, String message) {
    this(kind, message, null, 0, null, null);
  }

  /**
   * An error with a cause.
   *
   * @param kind what went wrong
   * @param message a message without prompt text or secrets
   * @param cause the underlying exception, or null
   */
  public ModelException(ErrorKind kind, String message, @Nullable Throwable cause) {
    this(kind, message, null, 0, null, cause);
  }

  /**
   * A fully described error.
   *
   * @param kind what went wrong
   * @param message a message without prompt text or secrets
   * @param endpointId the endpoint it came from, or null
   * @param attempt the 1-based attempt number, or 0 when not an attempt
   * @param retryAfter how long the server asked to wait, or null
   * @param cause the underlying exception, or null
   */
  public ModelException(
      ErrorKind kind,
      String message,
      @Nullable String endpointId,
      int attempt,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.kind = requireNonNull(kind, "kind");
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
    }
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    this.endpointId = endpointId;
    this.attempt = attempt;
    this.retryAfter = retryAfter;
  }

  /**
   * What went wrong.
   *
   * @return the kind
   */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * The endpoint the error came from.
   *
   * @return its id, or empty when not tied to an endpoint
   */
  public Optional<String> endpointId() {
    return Optional.ofNullable(endpointId);
  }

  /**
   * The 1-based attempt number within the call, or 0 when the error is not an attempt's.
   *
   * @return the attempt number
   */
  public int attempt() {
    return attempt;
  }

  /**
   * How long the server asked callers to wait before retrying.
   *
   * @return the wait, or empty when the server gave none
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * This error attributed to an endpoint attempt, keeping kind, message, retry-after, cause and
   * stack trace. Returns this when it already names the same endpoint and attempt.
   *
   * @param endpoint the endpoint id
   * @param attemptNumber the 1-based attempt number
   * @return an attributed exception
   */
  public ModelException forAttempt(String endpoint, int attemptNumber) {
    requireNonNull(endpoint, "endpoint");
    if (endpoint.equals(endpointId) && attemptNumber == attempt) {
      return this;
    }
    ModelException copy =
        new ModelException(kind, rawMessage(), endpoint, attemptNumber, retryAfter, getCause());
    copy.setStackTrace(getStackTrace());
    for (Throwable s : getSuppressed()) {
      copy.addSuppressed(s);
    }
    return copy;
  }

  /**
   * The message as given, without the kind and endpoint prefix {@link #getMessage()} adds.
   *
   * @return the raw message
   */
  protected final String rawMessage() {
    String m = super.getMessage();
    return m == null ? "" : m;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder().append(kind);
    if (endpointId != null) {
      sb.append(" from endpoint '").append(endpointId).append('\'');
      if (attempt > 0) {
        sb.append(" (attempt ").append(attempt).append(')');
      }
    }
    sb.append(": ").append(rawMessage());
    if (retryAfter != null) {
      sb.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
    }
    return sb.toString();
  }
}
