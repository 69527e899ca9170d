package dev.mainstay.backend.http;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import java.util.function.Function;

/**
 * A credential (an API key) that never shows its value: {@link #toString()} prints a mask, and
 * nothing in Mainstay puts {@link #reveal()} into a message, an event or a log line.
 */
public final class Secret {
  private final String value;
  private final String origin;

  private Secret(String value, String origin) {
    this.value = value;
    this.origin = origin;
  }

  /**
   * A secret given directly (from a vault, a config server, a test).
   *
   * @param value the non-blank secret
   * @return the secret
   * @throws IllegalArgumentException if the value is blank
   */
  public static Secret of(String value) {
    requireNonNull(value, "secret");
    if (value.isBlank()) {
      throw new IllegalArgumentException("secret must not be blank");
    }
    return new Secret(value, "given");
  }

  /**
   * A secret read from an environment variable.
   *
   * @param variable the variable's name
   * @param environment reads variables ({@code System::getenv} in production)
   * @return the secret
   * @throws IllegalArgumentException naming the variable (never its value) if it is unset or
   *     blank
   */
  public static Secret fromEnvironment(String variable, Function<String, @Nullable String> environment) {
    requireNonNull(variable, "variable");
    requireNonNull(environment, "environment");
    if (variable.isBlank()) {
      throw new IllegalArgumentException("environment variable name must not be blank");
    }
    String v = environment.apply(variable);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("environment variable '" + variable + "' is not set or is blank");
    }
    return new Secret(v.trim(), "env:" + variable);
  }

  /**
   * The secret's value, for the one place that sends it (an HTTP header). Never log it.
   *
   * @return the value
   */
  public String reveal() {
    return value;
  }

  /**
   * Where the secret came from ({@code given} or {@code env:NAME}); safe to print.
   *
   * @return the origin
   */
  public String origin() {
    return origin;
  }

  /**
   * Whether a text contains this secret; for tests and scrubbers.
   *
   * @param text any text, or null
   * @return true if the text holds the secret's value
   */
  public boolean appearsIn(@Nullable String text) {
    return text != null && text.contains(value);
  }

  @Override
  public String toString() {
    return "Secret[" + origin + ", ****]";
  }
}
