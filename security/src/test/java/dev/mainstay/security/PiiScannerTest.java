package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class PiiScannerTest {
  private final InputGuard guard = InputGuard.builder().scanner(Scanners.pii(), Action.REDACT).build();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "mail jane.doe+tag@mail.example.co.uk today|mail [EMAIL] today",
      "call +44 20 7946 0958 now|call [PHONE_NUMBER] now",
      "call (555) 123-4567 please|call [PHONE_NUMBER] please",
      "card 4111 1111 1111 1111 ok|card [CREDIT_CARD] ok",
      "card 5555-5555-5555-4444 ok|card [CREDIT_CARD] ok",
      "iban GB82 WEST 1234 5698 7654 32 ok|iban [IBAN] ok",
      "iban DE89370400440532013000 ok|iban [IBAN] ok",
      "ssn 123-45-6789 ok|ssn [US_SSN] ok",
      "host 192.168.10.254 down|host [IP_ADDRESS] down"})
  void scan_pii_redactedWithTypedPlaceholder(String in, String out) {
    assertThat(guard.scan(in).text()).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "card 4111 1111 1111 1112 fails Luhn",
      "iban GB82 WEST 1234 5698 7654 33 fails mod-97",
      "ssn 666-45-6789 is never issued",
      "version 1.2.3 and 300.1.1.1 is no IP",
      "order 12345 shipped on 2024-03-15",
      "an @mention and user@localhost",
      "pi is 3.14159265358979"})
  void scan_lookalikes_notRedacted(String text) {
    assertThat(guard.scan(text).findings()).isEmpty();
  }

  @Test
  void scan_findingOffsets_pointAtValue() {
    String text = "to: ann@example.com";
    Finding f = guard.scan(text).redacted().get(0);
    assertThat(text.substring(f.start(), f.end())).isEqualTo("ann@example.com");
  }

  @Test
  void scan_manyAtSigns_linearAndNoFindings() {
    String text = "@".repeat(50_000);
    assertThat(guard.scan(text).findings()).isEmpty();
  }
}
