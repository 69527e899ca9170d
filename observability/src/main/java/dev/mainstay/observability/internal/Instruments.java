package dev.mainstay.observability.internal;

import static dev.mainstay.observability.GenAiSemconv.CLIENT_OPERATION_DURATION;
import static dev.mainstay.observability.GenAiSemconv.CLIENT_TOKEN_USAGE;
import static dev.mainstay.observability.GenAiSemconv.ERROR_TYPE;
import static dev.mainstay.observability.GenAiSemconv.OPERATION_NAME;
import static dev.mainstay.observability.GenAiSemconv.PROVIDER_NAME;
import static dev.mainstay.observability.GenAiSemconv.REQUEST_MODEL;
import static dev.mainstay.observability.GenAiSemconv.RESPONSE_MODEL;
import static dev.mainstay.observability.GenAiSemconv.TOKEN_TYPE;
import static dev.mainstay.observability.ObservationDocumentation.TAG_CLIENT;

import dev.mainstay.observability.GenAiSemconv;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The meters, cached by name and tag values so the hot path does one map look-up instead of
 * building a Micrometer id per call. Every meter of one name always carries the same tag keys
 * (Prometheus requires it), so optional values are written as {@code ""}, which Prometheus treats
 * as an absent label.
 */
final class Instruments {
  private static final Duration[] DURATION_SLOS = GenAiSemconv.DURATION_BUCKETS.stream()
      .map(s -> Duration.ofNanos(Math.round(s * 1e9)))
      .toArray(Duration[]::new);
  private static final double[] TOKEN_SLOS =
      GenAiSemconv.TOKEN_BUCKETS.stream().mapToDouble(Double::doubleValue).toArray();

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Object> meters = new ConcurrentHashMap<>();

  /** A meter's name plus its tag keys and values in order. */
  private record Key(String name, List<String> tags) {}

  Instruments(MeterRegistry registry) {
    this.registry = registry;
  }

  MeterRegistry registry() {
    return registry;
  }

  Timer operationDuration(String client, String operation, String provider, String requestModel,
      String responseModel, String errorType) {
    Key key = new Key(CLIENT_OPERATION_DURATION,
        List.of(client, operation, provider, requestModel, responseModel, errorType));
    Object m = meters.get(key);
    if (m == null) {
      m = meters.computeIfAbsent(key, k -> Timer.builder(CLIENT_OPERATION_DURATION)
          .description("GenAI operation duration.")
          .serviceLevelObjectives(DURATION_SLOS)
          .tag(TAG_CLIENT, client)
          .tag(OPERATION_NAME, operation)
          .tag(PROVIDER_NAME, provider)
          .tag(REQUEST_MODEL, requestModel)
          .tag(RESPONSE_MODEL, responseModel)
          .tag(ERROR_TYPE, errorType)
          .register(registry));
    }
    return (Timer) m;
  }

  DistributionSummary tokenUsage(String client, String operation, String provider,
      String requestModel, String responseModel, String tokenType) {
    Key key = new Key(CLIENT_TOKEN_USAGE,
        List.of(client, operation, provider, requestModel, responseModel, tokenType));
    Object m = meters.get(key);
    if (m == null) {
      m = meters.computeIfAbsent(key, k -> DistributionSummary.builder(CLIENT_TOKEN_USAGE)
          .description("Number of input and output tokens used.")
          .baseUnit(TOKEN_UNIT)
          .serviceLevelObjectives(TOKEN_SLOS)
          .tag(TAG_CLIENT, client)
          .tag(OPERATION_NAME, operation)
          .tag(PROVIDER_NAME, provider)
          .tag(REQUEST_MODEL, requestModel)
          .tag(RESPONSE_MODEL, responseModel)
          .tag(TOKEN_TYPE, tokenType)
          .register(registry));
    }
    return (DistributionSummary) m;
  }

  /** The unit of {@code gen_ai.client.token.usage} as Micrometer registers it. */
  static final String TOKEN_UNIT = "tokens";

  /**
   * A counter.
   *
   * @param name the meter name
   * @param description what it counts
   * @param tags tag keys and values, alternating
   */
  Counter counter(String name, String description, String... tags) {
    Key key = new Key(name, Arrays.asList(tags));
    Object m = meters.get(key);
    if (m == null) {
      m = meters.computeIfAbsent(new Key(name, List.of(tags)),
          k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
    return (Counter) m;
  }

  /** A timer without histogram buckets. */
  Timer timer(String name, String description, String... tags) {
    Key key = new Key(name, Arrays.asList(tags));
    Object m = meters.get(key);
    if (m == null) {
      m = meters.computeIfAbsent(new Key(name, List.of(tags)),
          k -> Timer.builder(name).description(description).tags(tags).register(registry));
    }
    return (Timer) m;
  }

  /** Registers a gauge once; the state object is held strongly. */
  <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value, String... tags) {
    meters.computeIfAbsent(new Key(name, List.of(tags)),
        k -> Gauge.builder(name, state, value).description(description).tags(tags)
            .strongReference(true).register(registry));
  }
}
