package dev.mainstay.spring;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;

/**
 * Thrown at startup when a {@code mainstay.*} setting is invalid. The message and {@link #key()}
 * name the offending key, for example {@code mainstay.clients.chat.endpoints[1].uri}; a failure
 * analyzer turns it into Spring Boot's "APPLICATION FAILED TO START" report. Messages never carry
 * secrets (endpoint URIs are not echoed).
 */
public class MainstayConfigurationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param key the full property key, e.g. {@code mainstay.clients.chat.timeout}
   * @param reason what is wrong, without the key
   * @param cause the underlying exception, or null
   */
  public MainstayConfigurationException(String key, String reason, @Nullable Throwable cause) {
    super(requireNonNull(key, "key") + ": " + requireNonNull(reason, "reason"), cause);
    this.key = key;
    this.reason = reason;
  }

  /**
   * The offending property key.
   *
   * @return the key, e.g. {@code mainstay.clients.chat.endpoints[1].uri}
   */
  public String key() {
    return key;
  }

  /**
   * What is wrong with it.
   *
   * @return the reason, without the key
   */
  public String reason() {
    return reason;
  }
}
