package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every {@code gen_ai.*} name emitted is one the GenAI conventions define. */
final class SemconvNamesTest {

  @Test
  void everyEmittedGenAiName_isDefinedByTheConventions() {
    // Given a workload that exercises every span, event and meter, with content capture on
    Set<String> attributes = new TreeSet<>();
    Set<String> meterNames = new TreeSet<>();
    try (TestTelemetry t = new TestTelemetry()) {
      Workload.run(Observability.builder(t.openTelemetry, t.meters).captureContent(true).build());

      // When every emitted name is collected
      for (SpanData s : t.finished()) {
        s.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey).forEach(attributes::add);
        for (EventData e : s.getEvents()) {
          e.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey).forEach(attributes::add);
        }
      }
      for (Meter m : t.meters.getMeters()) {
        if (m.getId().getName().endsWith(".histogram") && m.getId().getTag("le") != null) {
          // SimpleMeterRegistry's own rendering of histogram buckets as gauges, not one of ours
          continue;
        }
        meterNames.add(m.getId().getName());
        m.getId().getTags().stream().map(Tag::getKey).forEach(attributes::add);
      }
    }

    // Then the gen_ai.* ones are all defined by the conventions version we follow
    Set<String> genAiAttributes = new TreeSet<>(attributes);
    genAiAttributes.removeIf(k -> !k.startsWith("gen_ai."));
    Set<String> genAiMeters = new TreeSet<>(meterNames);
    genAiMeters.removeIf(k -> !k.startsWith("gen_ai."));
    assertThat(genAiAttributes)
        .isSubsetOf(GenAiSemconv.DEFINED_ATTRIBUTES)
        .contains("gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
            "gen_ai.response.model", "gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens",
            "gen_ai.usage.output_tokens", "gen_ai.token.type", "gen_ai.input.messages",
            "gen_ai.output.messages", "gen_ai.request.temperature", "gen_ai.output.type")
        .doesNotContain("gen_ai.system");
    assertThat(genAiMeters).isEqualTo(GenAiSemconv.DEFINED_METRICS);
    // and other keys never squat on the gen_ai namespace by accident
    attributes.removeIf(k -> k.startsWith("gen_ai."));
    assertThat(attributes).allSatisfy(k -> assertThat(k).matches(
        "mainstay\\..+|error\\.type|server\\.(address|port)|outcome|source|reason|result|match|"
            + "direction|action|type|scanner|hedge|stored|refresh|cause|limit|rejected|state|from|to|"
            + "signal|detector|scope"));
  }

  @Test
  void constants_haveTheConventionsVersionAndBuckets() {
    assertThat(GenAiSemconv.VERSION).isEqualTo("1.37.0");
    assertThat(GenAiSemconv.SCHEMA_URL).isEqualTo("https://opentelemetry.io/schemas/1.37.0");
    assertThat(GenAiSemconv.DURATION_BUCKETS).hasSize(14).startsWith(0.01).endsWith(81.92);
    assertThat(GenAiSemconv.TOKEN_BUCKETS).hasSize(14).startsWith(1.0).endsWith(67108864.0);
    assertThat(GenAiSemconv.DEFINED_ATTRIBUTES).allMatch(k -> k.startsWith("gen_ai."));
  }
}
