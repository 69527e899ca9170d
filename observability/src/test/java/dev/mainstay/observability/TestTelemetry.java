package dev.mainstay.observability;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/** An OpenTelemetry SDK exporting to memory plus a simple meter registry. */
final class TestTelemetry implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  final OpenTelemetry openTelemetry =
      OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  List<SpanData> finished() {
    return spans.getFinishedSpanItems();
  }

  SpanData span(String name) {
    return finished().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span named '" + name + "' in " + names()));
  }

  List<SpanData> spansNamed(String name) {
    return finished().stream().filter(s -> s.getName().equals(name)).toList();
  }

  List<String> names() {
    return finished().stream().map(SpanData::getName).toList();
  }

  @Override
  public void close() {
    tracerProvider.close();
    meters.close();
  }
}
