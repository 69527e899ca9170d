package dev.mainstay.backend.http;

import dev.mainstay.core.Nullable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the wait-before-retrying hints providers send with 429 and 5xx answers. Every parser is
 * lenient: a value it cannot read yields empty, never an exception, and a moment in the past
 * yields {@link Duration#ZERO}.
 */
public final class RetryHeaders {
  private static final Pattern NUMBER = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
  private static final Pattern GO_PART = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(h|ms|us|µs|ns|m|s)");
  private static final Pattern GO_DURATION =
      Pattern.compile("(?:\\d{1,12}(?:\\.\\d{1,9})?(?:h|ms|us|µs|ns|m|s)){1,6}");
  /** Longest wait a header may ask for; longer values are clamped (a day). */
  public static final Duration MAX = Duration.ofDays(1);

  private RetryHeaders() {}

  /**
   * Parses an HTTP {@code Retry-After} value: delta-seconds ({@code 120}, leniently {@code 1.5}) or
   * an HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}).
   *
   * @param value the header value, or null
   * @param now the current wall-clock time, for HTTP-dates
   * @return the wait, or empty if absent or unreadable
   */
  public static Optional<Duration> retryAfter(@Nullable String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (NUMBER.matcher(v).matches()) {
      return Optional.of(clamp(seconds(new BigDecimal(v))));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(between(now, at));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a millisecond count such as OpenAI's {@code retry-after-ms} ({@code 250}, {@code 20.5}).
   *
   * @param value the header value, or null
   * @return the wait, or empty if absent or unreadable
   */
  public static Optional<Duration> millis(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (!NUMBER.matcher(v).matches()) {
      return Optional.empty();
    }
    BigDecimal ms = new BigDecimal(v);
    return Optional.of(clamp(Duration.ofNanos(ms.movePointRight(6).longValue())));
  }

  /**
   * Parses a Go-style duration as in OpenAI's {@code x-ratelimit-reset-requests} and {@code
   * x-ratelimit-reset-tokens} ({@code 1s}, {@code 6m0s}, {@code 20ms}, {@code 1h2m3.5s}); a bare
   * number is read as seconds.
   *
   * @param value the header value, or null
   * @return the duration, or empty if absent or unreadable
   */
  public static Optional<Duration> goDuration(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (NUMBER.matcher(v).matches()) {
      return Optional.of(clamp(seconds(new BigDecimal(v))));
    }
    if (!GO_DURATION.matcher(v).matches()) {
      return Optional.empty();
    }
    Matcher m = GO_PART.matcher(v);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal n = new BigDecimal(m.group(1));
      switch (m.group(2)) {
        case "h":
          nanos = nanos.add(n.multiply(BigDecimal.valueOf(3_600_000_000_000L)));
          break;
        case "m":
          nanos = nanos.add(n.multiply(BigDecimal.valueOf(60_000_000_000L)));
          break;
        case "s":
          nanos = nanos.add(n.multiply(BigDecimal.valueOf(1_000_000_000L)));
          break;
        case "ms":
          nanos = nanos.add(n.multiply(BigDecimal.valueOf(1_000_000L)));
          break;
        case "us":
        case "µs":
          nanos = nanos.add(n.multiply(BigDecimal.valueOf(1_000L)));
          break;
        default:
          nanos = nanos.add(n);
          break;
      }
    }
    return Optional.of(clampNanos(nanos));
  }

  /**
   * Parses an RFC 3339 timestamp, as in Anthropic's {@code anthropic-ratelimit-*-reset} headers,
   * into the wait from now until then.
   *
   * @param value the header value, or null
   * @param now the current wall-clock time
   * @return the wait (zero when the moment has passed), or empty if absent or unreadable
   */
  public static Optional<Duration> untilTimestamp(@Nullable String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(between(now, OffsetDateTime.parse(value.trim()).toInstant()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * A duration in the compact form used in endpoint URIs: Go style ({@code 500ms}, {@code 5s},
   * {@code 1m30s}) or ISO-8601 ({@code PT5S}).
   *
   * @param value the text
   * @param name the parameter's name, for the error message
   * @return the positive duration
   * @throws IllegalArgumentException if unreadable or not positive
   */
  public static Duration parseConfigDuration(String value, String name) {
    Optional<Duration> d;
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        d = Optional.of(Duration.parse(value));
      } catch (DateTimeParseException e) {
        d = Optional.empty();
      }
    } else {
      d = goDuration(value);
    }
    if (d.isEmpty() || d.get().isZero() || d.get().isNegative()) {
      throw new IllegalArgumentException(
          name + " must be a positive duration such as 500ms, 5s, 1m30s or PT5S, was '" + value + "'");
    }
    return d.get();
  }

  private static Duration seconds(BigDecimal s) {
    return clampNanos(s.movePointRight(9));
  }

  private static Duration clampNanos(BigDecimal nanos) {
    BigDecimal max = BigDecimal.valueOf(MAX.toNanos());
    return nanos.compareTo(max) > 0 ? MAX : Duration.ofNanos(nanos.longValue());
  }

  private static Duration between(Instant now, Instant at) {
    Duration d = Duration.between(now, at);
    return d.isNegative() ? Duration.ZERO : clamp(d);
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
