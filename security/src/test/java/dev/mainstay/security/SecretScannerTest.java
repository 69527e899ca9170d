package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SecretScannerTest {
  private final InputGuard guard = InputGuard.builder().scanner(Scanners.secrets(), Action.REDACT).build();

  // fake credentials assembled at run time so that no scanner in CI mistakes this file for a leak
  static Stream<Arguments> secrets() {
    String alnum36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    return Stream.of(
        Arguments.of("sk-" + "proj-" + alnum36, "OPENAI_API_KEY"),
        Arguments.of("sk-" + "ant-api03-" + alnum36, "ANTHROPIC_API_KEY"),
        Arguments.of("AKIA" + "IOSFODNN7EXAMPLE", "AWS_ACCESS_KEY"),
        Arguments.of("ghp_" + alnum36, "GITHUB_TOKEN"),
        Arguments.of("github_pat_" + alnum36 + "_" + alnum36, "GITHUB_TOKEN"),
        Arguments.of("xoxb-" + "123456789012-abcdefABCDEF", "SLACK_TOKEN"),
        Arguments.of("https://hooks.slack.com/services/" + "T000/B000/XXXXXXXXXXXXXXXX", "SLACK_WEBHOOK"),
        Arguments.of("AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q", "GOOGLE_API_KEY"),
        Arguments.of("sk_" + "live_" + "51Habc123DEF456ghi789JKL", "STRIPE_KEY"),
        Arguments.of("eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiIxMjM0In0" + ".abcDEF123ghiJKL456", "JWT"),
        Arguments.of("-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "PRIVATE_KEY"),
        Arguments.of("token=Zq8XvR2mK9pL4tW7nB3cY6hJ1dF5gS0a", "HIGH_ENTROPY_SECRET"));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void scan_knownSecret_redactedWithTypedPlaceholder(String secret, String type) {
    // Given a prompt with a credential / When scanned
    ScanResult r = guard.scan("please use " + secret + " for the call");

    // Then it is replaced by its typed placeholder
    assertThat(r.redacted()).extracting(Finding::type).contains(type);
    assertThat(r.text()).contains("[" + type + "]");
    String core = secret.contains("=") ? secret.substring(secret.indexOf('=') + 1) : secret;
    assertThat(r.text()).doesNotContain(core.substring(0, Math.min(core.length(), 24)).substring(4));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "commit e3b0c44298fc1c149afbf4c8996fb92427ae41e4",
      "uuid 123e4567-e89b-12d3-a456-426614174000",
      "see https://example.com/docs/getting-started/installation-guide",
      "the word internationalization is long",
      "path /usr/local/lib/python3.11/site-packages/numpy",
      "ask sk-learn about it"})
  void scan_lookalikes_notRedacted(String text) {
    assertThat(guard.scan(text).findings()).isEmpty();
  }

  @Test
  void scan_truncatedPrivateKey_stillRedacted() {
    ScanResult r = guard.scan("key: -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg");
    assertThat(r.text()).isEqualTo("key: [PRIVATE_KEY]");
  }
}
