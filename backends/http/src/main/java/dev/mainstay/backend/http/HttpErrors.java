package dev.mainstay.backend.http;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;
import java.util.regex.Pattern;

/**
 * Status-code defaults shared by the HTTP backends; each provider refines them with its error
 * body (for example OpenAI's {@code context_length_exceeded} or Anthropic's {@code
 * overloaded_error}).
 */
public final class HttpErrors {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  private HttpErrors() {}

  /**
   * The default kind of a non-2xx status.
   *
   * <table>
   *   <caption>Defaults</caption>
   *   <tr><th>status</th><th>kind</th></tr>
   *   <tr><td>401, 403</td><td>AUTHENTICATION</td></tr>
   *   <tr><td>404</td><td>NOT_FOUND</td></tr>
   *   <tr><td>408, 504</td><td>TIMEOUT</td></tr>
   *   <tr><td>429</td><td>RATE_LIMITED</td></tr>
   *   <tr><td>529</td><td>OVERLOADED</td></tr>
   *   <tr><td>other 5xx</td><td>TRANSIENT</td></tr>
   *   <tr><td>other 4xx</td><td>INVALID_REQUEST</td></tr>
   *   <tr><td>1xx, 3xx</td><td>UNAVAILABLE (redirects are not followed)</td></tr>
   * </table>
   *
   * @param status the HTTP status
   * @return the kind
   */
  public static ErrorKind kindForStatus(int status) {
    switch (status) {
      case 401:
      case 403:
        return ErrorKind.AUTHENTICATION;
      case 404:
        return ErrorKind.NOT_FOUND;
      case 408:
      case 504:
        return ErrorKind.TIMEOUT;
      case 429:
        return ErrorKind.RATE_LIMITED;
      case 529:
        return ErrorKind.OVERLOADED;
      default:
        if (status >= 500) {
          return ErrorKind.TRANSIENT;
        }
        if (status >= 400) {
          return ErrorKind.INVALID_REQUEST;
        }
        return ErrorKind.UNAVAILABLE;
    }
  }

  /**
   * A provider error code or type made safe to put into an exception message: only letters,
   * digits and {@code _ . : -}, at most 64 characters. Provider error <em>messages</em> are never
   * copied, since they may quote the prompt.
   *
   * @param value a code from an error body, or null
   * @return the code, or null when absent or not a plain token
   */
  public static @Nullable String safeToken(@Nullable String value) {
    return value != null && TOKEN.matcher(value).matches() ? value : null;
  }
}
