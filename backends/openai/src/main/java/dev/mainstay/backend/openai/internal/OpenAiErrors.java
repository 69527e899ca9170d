package dev.mainstay.backend.openai.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mainstay.backend.http.HttpErrors;
import dev.mainstay.backend.http.HttpResult;
import dev.mainstay.backend.http.JsonBodies;
import dev.mainstay.backend.http.RetryHeaders;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps an OpenAI-compatible error answer (status, headers, body) to a {@link ModelException}.
 * Understands the error bodies of OpenAI ({@code {"error":{"code","type","message"}}}), vLLM
 * ({@code {"object":"error","type","code","message"}}), Ollama and llama.cpp ({@code
 * {"error":{...}}}) and TGI ({@code {"error":"...","error_type":"..."}}). The provider's message
 * text is only inspected, never copied into the exception.
 */
public final class OpenAiErrors {
  private static final Pattern CONTEXT = Pattern.compile(
      "maximum context length|context length|context window|context_length|too many tokens|"
          + "prompt is too long|exceeds the model's|input is too long|n_ctx",
      Pattern.CASE_INSENSITIVE);

  private OpenAiErrors() {}

  /**
   * The exception for a non-2xx answer.
   *
   * @param r the answer
   * @param endpointId the endpoint
   * @param now the current wall-clock time, for HTTP-date headers
   * @return the exception to throw
   */
  public static ModelException map(HttpResult r, String endpointId, Instant now) {
    int status = r.status();
    JsonNode body = JsonBodies.parseQuietly(r);
    String code = null;
    String type = null;
    String message = null;
    if (body != null && body.isObject()) {
      JsonNode err = body.get("error");
      if (err != null && err.isObject()) {
        code = scalar(err.get("code"));
        type = scalar(err.get("type"));
        message = JsonBodies.text(err, "message");
        JsonNode inner = err.get("innererror");
        String innerCode = inner == null ? null : scalar(inner.get("code"));
        if (innerCode != null && innerCode.equals("ResponsibleAIPolicyViolation")) {
          code = "content_filter";
        }
      } else {
        code = scalar(body.get("code"));
        type = scalar(body.get("type"));
        if (type == null) {
          type = scalar(body.get("error_type"));
        }
        message = JsonBodies.text(body, "message");
        if (message == null) {
          message = JsonBodies.text(body, "error");
        }
      }
    }
    String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    ErrorKind kind = HttpErrors.kindForStatus(status);
    if (c.equals("context_length_exceeded") || t.equals("context_length_exceeded")
        || ((status == 400 || status == 413 || status == 422) && message != null && CONTEXT.matcher(message).find())) {
      kind = ErrorKind.CONTEXT_TOO_LONG;
    } else if (c.equals("content_policy_violation") || c.equals("content_filter")
        || t.equals("content_policy_violation") || t.equals("content_filter")) {
      kind = ErrorKind.CONTENT_FILTERED;
    } else if (c.equals("model_not_found") || t.equals("notfounderror") || t.equals("model_not_found")) {
      kind = ErrorKind.NOT_FOUND;
    } else if (c.equals("insufficient_quota") || t.equals("insufficient_quota")) {
      // waiting does not refill a quota: the endpoint is unusable until billing changes
      kind = ErrorKind.UNAVAILABLE;
    } else if (c.equals("invalid_api_key") || t.equals("authentication_error")) {
      kind = ErrorKind.AUTHENTICATION;
    }
    Duration retryAfter = null;
    if (kind == ErrorKind.RATE_LIMITED || kind == ErrorKind.TRANSIENT || kind == ErrorKind.OVERLOADED) {
      retryAfter = retryAfter(r, now).orElse(null);
    }
    StringBuilder msg = new StringBuilder("HTTP ").append(status);
    String safeCode = HttpErrors.safeToken(code);
    String safeType = HttpErrors.safeToken(type);
    if (safeCode != null || safeType != null) {
      msg.append(" (");
      if (safeCode != null) {
        msg.append("code ").append(safeCode);
      }
      if (safeType != null) {
        msg.append(safeCode != null ? ", " : "").append("type ").append(safeType);
      }
      msg.append(')');
    }
    return new ModelException(kind, msg.toString(), endpointId, 0, retryAfter, null);
  }

  /**
   * The wait an answer asks for, from the most precise header present: {@code retry-after-ms},
   * then {@code Retry-After} (seconds or HTTP-date), then {@code x-ratelimit-reset-requests} /
   * {@code x-ratelimit-reset-tokens} (the limit that is exhausted, or the longer one).
   *
   * @param r the answer
   * @param now the current wall-clock time
   * @return the wait, or empty
   */
  public static Optional<Duration> retryAfter(HttpResult r, Instant now) {
    Optional<Duration> d = RetryHeaders.millis(r.header("retry-after-ms"));
    if (d.isPresent()) {
      return d;
    }
    d = RetryHeaders.retryAfter(r.header("retry-after"), now);
    if (d.isPresent()) {
      return d;
    }
    Optional<Duration> requests = RetryHeaders.goDuration(r.header("x-ratelimit-reset-requests"));
    Optional<Duration> tokens = RetryHeaders.goDuration(r.header("x-ratelimit-reset-tokens"));
    boolean requestsOut = "0".equals(trim(r.header("x-ratelimit-remaining-requests")));
    boolean tokensOut = "0".equals(trim(r.header("x-ratelimit-remaining-tokens")));
    if (requestsOut != tokensOut) {
      Optional<Duration> exhausted = requestsOut ? requests : tokens;
      if (exhausted.isPresent()) {
        return exhausted;
      }
    }
    if (requests.isPresent() && tokens.isPresent()) {
      return Optional.of(requests.get().compareTo(tokens.get()) >= 0 ? requests.get() : tokens.get());
    }
    return requests.isPresent() ? requests : tokens;
  }

  private static @Nullable String trim(@Nullable String s) {
    return s == null ? null : s.trim();
  }

  private static @Nullable String scalar(@Nullable JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    return n.asText();
  }
}
