package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses and prints compact durations such as {@code 20ms}, {@code 1.5s}, {@code 2m}. */
public final class Durations {
  private Durations() {}

  /**
   * Parses {@code <number><unit>} with unit {@code ns}, {@code us}, {@code ms}, {@code s}, {@code
   * m} or {@code h} (decimals allowed), or an ISO-8601 duration ({@code PT1.5S}).
   *
   * @param text the text
   * @param what what is being parsed, for the error message
   * @return a duration, never negative
   * @throws IllegalArgumentException if the text is not a non-negative duration (the message does
   *     not echo the text)
   */
  public static Duration parse(String text, String what) {
    requireNonNull(text, "text");
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw new IllegalArgumentException(what + " must not be negative");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(what + " is not a valid ISO-8601 duration");
      }
    }
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException(
          what + " must be a duration such as 20ms, 1.5s, 2m (units ns, us, ms, s, m, h)");
    }
    String unit = t.substring(i);
    long nanosPerUnit;
    switch (unit) {
      case "ns":
        nanosPerUnit = 1L;
        break;
      case "us":
        nanosPerUnit = 1_000L;
        break;
      case "ms":
        nanosPerUnit = 1_000_000L;
        break;
      case "s":
        nanosPerUnit = 1_000_000_000L;
        break;
      case "m":
        nanosPerUnit = 60_000_000_000L;
        break;
      case "h":
        nanosPerUnit = 3_600_000_000_000L;
        break;
      default:
        throw new IllegalArgumentException(
            what + " needs a unit: ns, us, ms, s, m or h (for example 20ms)");
    }
    BigDecimal amount;
    try {
      amount = new BigDecimal(t.substring(0, i));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " has a malformed number");
    }
    BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(what + " is too long");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /**
   * Prints a duration in the shortest exact unit: {@code 20ms}, {@code 2s}, {@code 1500us}.
   *
   * @param d a non-negative duration
   * @return the compact form, which {@link #parse} reads back to the same value
   */
  public static String format(Duration d) {
    requireNonNull(d, "d");
    if (d.isZero()) {
      return "0ms";
    }
    long seconds = d.getSeconds();
    int nano = d.getNano();
    if (nano == 0) {
      if (seconds % 3600 == 0) {
        return seconds / 3600 + "h";
      }
      if (seconds % 60 == 0) {
        return seconds / 60 + "m";
      }
      return seconds + "s";
    }
    if (seconds < Long.MAX_VALUE / 1_000_000_000L - 1) {
      long n = d.toNanos();
      if (n % 1_000_000 == 0) {
        return n / 1_000_000 + "ms";
      }
      if (n % 1_000 == 0) {
        return n / 1_000 + "us";
      }
      return n + "ns";
    }
    return d.toString();
  }

  /**
   * Multiplies a duration by a non-negative factor, saturating instead of overflowing.
   *
   * @param d a duration
   * @param factor a finite, non-negative factor
   * @return the product, at most {@link Long#MAX_VALUE} nanoseconds
   */
  public static Duration times(Duration d, double factor) {
    double nanos = d.getSeconds() * 1e9 + d.getNano();
    return ofNanosSaturated(nanos * factor);
  }

  /**
   * A duration of the given (fractional) nanoseconds, rounded, clamped to [0, Long.MAX_VALUE].
   *
   * @param nanos nanoseconds
   * @return the duration
   */
  public static Duration ofNanosSaturated(double nanos) {
    if (!(nanos > 0)) {
      return Duration.ZERO;
    }
    if (nanos >= Long.MAX_VALUE) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    return Duration.ofNanos(Math.round(nanos));
  }
}
