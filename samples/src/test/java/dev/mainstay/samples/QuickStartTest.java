package dev.mainstay.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.ModelResponse;
import org.junit.jupiter.api.Test;

final class QuickStartTest {

  @Test
  void quickStart_onSimulatedEndpoint_answers() {
    // When the README's quick start runs
    ModelResponse answer = QuickStart.run();

    // Then the simulated endpoint answered
    assertThat(answer.endpointId()).isEqualTo("primary");
    assertThat(answer.text()).isNotEmpty();
  }
}
