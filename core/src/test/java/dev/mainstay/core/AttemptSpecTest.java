package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class AttemptSpecTest {
  private final Endpoint ep = Endpoint.of(EndpointInfo.builder("ep").build(), r -> ModelResponse.ofText("x"));

  @Test
  void spec_badValues_rejected() {
    assertThatThrownBy(() -> new AttemptSpec(ep, 0, false, null)).hasMessage("attempt number must be >= 1, was 0");
    assertThatThrownBy(() -> new AttemptSpec(ep, 1, false, Duration.ZERO)).hasMessage("attempt timeout must be positive, was PT0S");
    assertThatThrownBy(() -> new AttemptSpec(null, 1, false, null)).isInstanceOf(NullPointerException.class).hasMessage("endpoint");
  }

  @Test
  void current_outsideAnAttempt_isNull() {
    assertThat(AttemptSpec.current()).isNull();
    assertThat(new AttemptSpec(ep, 2, true, null).toString()).isEqualTo("AttemptSpec[ep #2 hedge]");
  }
}
