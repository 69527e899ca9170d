package dev.mainstay.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class RetryHeadersTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void retryAfter_secondsOrHttpDate_parsed() {
    // Given / When / Then
    assertThat(RetryHeaders.retryAfter("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryHeaders.retryAfter(" 1.5 ", NOW)).contains(Duration.ofMillis(1500));
    assertThat(RetryHeaders.retryAfter("Thu, 01 Jan 2026 00:00:42 GMT", NOW)).contains(Duration.ofSeconds(42));
    assertThat(RetryHeaders.retryAfter("Wed, 31 Dec 2025 23:59:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryHeaders.retryAfter("soon", NOW)).isEmpty();
    assertThat(RetryHeaders.retryAfter("-5", NOW)).isEmpty();
    assertThat(RetryHeaders.retryAfter(null, NOW)).isEmpty();
    assertThat(RetryHeaders.retryAfter("999999999999", NOW)).contains(RetryHeaders.MAX);
  }

  @Test
  void goDuration_openAiResetFormats_parsed() {
    assertThat(RetryHeaders.goDuration("1s")).contains(Duration.ofSeconds(1));
    assertThat(RetryHeaders.goDuration("6m0s")).contains(Duration.ofMinutes(6));
    assertThat(RetryHeaders.goDuration("20ms")).contains(Duration.ofMillis(20));
    assertThat(RetryHeaders.goDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
    assertThat(RetryHeaders.goDuration("0.5s")).contains(Duration.ofMillis(500));
    assertThat(RetryHeaders.goDuration("250us")).contains(Duration.ofNanos(250_000));
    assertThat(RetryHeaders.goDuration("7")).contains(Duration.ofSeconds(7));
    assertThat(RetryHeaders.goDuration("1x")).isEmpty();
    assertThat(RetryHeaders.goDuration("s")).isEmpty();
    assertThat(RetryHeaders.goDuration("")).isEmpty();
  }

  @Test
  void millisAndTimestamp_parsed() {
    assertThat(RetryHeaders.millis("250")).contains(Duration.ofMillis(250));
    assertThat(RetryHeaders.millis("20.5")).contains(Duration.ofNanos(20_500_000));
    assertThat(RetryHeaders.millis("x")).isEmpty();
    assertThat(RetryHeaders.untilTimestamp("2026-01-01T00:00:30Z", NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryHeaders.untilTimestamp("2026-01-01T02:00:01+02:00", NOW)).contains(Duration.ofSeconds(1));
    assertThat(RetryHeaders.untilTimestamp("2025-12-31T00:00:00Z", NOW)).contains(Duration.ZERO);
    assertThat(RetryHeaders.untilTimestamp("yesterday", NOW)).isEmpty();
  }

  @Property(tries = 200)
  void goDuration_composedParts_sumExactly(
      @ForAll @IntRange(max = 23) int h, @ForAll @IntRange(max = 59) int m,
      @ForAll @IntRange(max = 59) int s, @ForAll @IntRange(max = 999) int ms) {
    // Given a Go-style duration built from parts
    String text = (h > 0 ? h + "h" : "") + m + "m" + s + "s" + ms + "ms";
    // Then it parses to the sum of the parts
    assertThat(RetryHeaders.goDuration(text))
        .contains(Duration.ofHours(h).plusMinutes(m).plusSeconds(s).plusMillis(ms));
  }

  @Property(tries = 200)
  void retryAfter_httpDateInFuture_isDistance(@ForAll @IntRange(max = 86_000) int seconds) {
    // Given an HTTP-date some whole seconds after now
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(seconds).atOffset(ZoneOffset.UTC));
    // Then the wait is exactly that distance, and never negative
    assertThat(RetryHeaders.retryAfter(date, NOW)).contains(Duration.ofSeconds(seconds));
  }

  @Property(tries = 200)
  void anyText_neverThrowsNeverNegative(@ForAll String text) {
    RetryHeaders.retryAfter(text, NOW).ifPresent(d -> assertThat(d.isNegative()).isFalse());
    RetryHeaders.goDuration(text).ifPresent(d -> assertThat(d.isNegative()).isFalse());
    RetryHeaders.millis(text).ifPresent(d -> assertThat(d.isNegative()).isFalse());
    RetryHeaders.untilTimestamp(text, NOW).ifPresent(d -> assertThat(d.isNegative()).isFalse());
  }
}
