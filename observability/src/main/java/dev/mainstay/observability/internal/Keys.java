package dev.mainstay.observability.internal;

import dev.mainstay.observability.GenAiSemconv;
import dev.mainstay.observability.ObservationDocumentation;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** Typed attribute keys, created once (the String overloads create a key per call). */
final class Keys {
  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey(GenAiSemconv.OPERATION_NAME);
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey(GenAiSemconv.PROVIDER_NAME);
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey(GenAiSemconv.REQUEST_MODEL);
  static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey(GenAiSemconv.REQUEST_TEMPERATURE);
  static final AttributeKey<Double> REQUEST_TOP_P = AttributeKey.doubleKey(GenAiSemconv.REQUEST_TOP_P);
  static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey(GenAiSemconv.REQUEST_MAX_TOKENS);
  static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey(GenAiSemconv.REQUEST_SEED);
  static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey(GenAiSemconv.REQUEST_STOP_SEQUENCES);
  static final AttributeKey<String> OUTPUT_TYPE = AttributeKey.stringKey(GenAiSemconv.OUTPUT_TYPE);
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey(GenAiSemconv.RESPONSE_MODEL);
  static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey(GenAiSemconv.RESPONSE_FINISH_REASONS);
  static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey(GenAiSemconv.USAGE_INPUT_TOKENS);
  static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey(GenAiSemconv.USAGE_OUTPUT_TOKENS);
  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey(GenAiSemconv.INPUT_MESSAGES);
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey(GenAiSemconv.OUTPUT_MESSAGES);
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(GenAiSemconv.ERROR_TYPE);
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey(GenAiSemconv.SERVER_ADDRESS);
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey(GenAiSemconv.SERVER_PORT);

  static final AttributeKey<String> CLIENT = AttributeKey.stringKey(ObservationDocumentation.ATTR_CLIENT);
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey(ObservationDocumentation.ATTR_REQUEST_ID);
  static final AttributeKey<String> ENDPOINT = AttributeKey.stringKey(ObservationDocumentation.ATTR_ENDPOINT);
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey(ObservationDocumentation.ATTR_ATTEMPTS);
  static final AttributeKey<Boolean> CACHED = AttributeKey.booleanKey(ObservationDocumentation.ATTR_CACHED);
  static final AttributeKey<Boolean> STALE = AttributeKey.booleanKey(ObservationDocumentation.ATTR_STALE);
  static final AttributeKey<Boolean> HEDGED = AttributeKey.booleanKey(ObservationDocumentation.ATTR_HEDGED);
  static final AttributeKey<Long> ATTEMPT_NUMBER = AttributeKey.longKey(ObservationDocumentation.ATTR_ATTEMPT_NUMBER);
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(ObservationDocumentation.ATTR_OUTCOME);

  private Keys() {}
}
