package dev.mainstay.observability;

import java.util.List;
import java.util.Set;

/**
 * The OpenTelemetry GenAI semantic-convention names this module uses, with the version of the
 * conventions they come from. Every {@code gen_ai.*} attribute, metric and tag the module emits is
 * one of {@link #DEFINED_ATTRIBUTES} or {@link #DEFINED_METRICS}; the test suite checks it.
 *
 * <p>The conventions are in Development status. Mainstay follows version {@value #VERSION}, the
 * first with {@code gen_ai.provider.name} (which replaced the deprecated {@code gen_ai.system}) and
 * with {@code gen_ai.input.messages} / {@code gen_ai.output.messages} as span attributes.
 */
public final class GenAiSemconv {

  /** The semantic-conventions version followed. */
  public static final String VERSION = "1.37.0";

  /** The schema URL of {@link #VERSION}, set on the tracer. */
  public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/" + VERSION;

  /** {@code gen_ai.operation.name}: {@code chat}, {@code text_completion}, {@code embeddings}. */
  public static final String OPERATION_NAME = "gen_ai.operation.name";
  /** {@code gen_ai.provider.name}: {@code openai}, {@code anthropic}, … */
  public static final String PROVIDER_NAME = "gen_ai.provider.name";
  /** {@code gen_ai.request.model}: the model asked for. */
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  /** {@code gen_ai.request.temperature}. */
  public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
  /** {@code gen_ai.request.top_p}. */
  public static final String REQUEST_TOP_P = "gen_ai.request.top_p";
  /** {@code gen_ai.request.max_tokens}. */
  public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
  /** {@code gen_ai.request.seed}. */
  public static final String REQUEST_SEED = "gen_ai.request.seed";
  /** {@code gen_ai.request.stop_sequences}. */
  public static final String REQUEST_STOP_SEQUENCES = "gen_ai.request.stop_sequences";
  /** {@code gen_ai.output.type}: {@code text} or {@code json}. */
  public static final String OUTPUT_TYPE = "gen_ai.output.type";
  /** {@code gen_ai.response.model}: the model that answered. */
  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  /** {@code gen_ai.response.finish_reasons}. */
  public static final String RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons";
  /** {@code gen_ai.usage.input_tokens}. */
  public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
  /** {@code gen_ai.usage.output_tokens}. */
  public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  /** {@code gen_ai.token.type}: {@code input} or {@code output}. */
  public static final String TOKEN_TYPE = "gen_ai.token.type";
  /** {@code gen_ai.input.messages}: opt-in prompt content (JSON, the conventions' schema). */
  public static final String INPUT_MESSAGES = "gen_ai.input.messages";
  /** {@code gen_ai.output.messages}: opt-in answer content (JSON, the conventions' schema). */
  public static final String OUTPUT_MESSAGES = "gen_ai.output.messages";

  /** {@code error.type} (general conventions): the {@code ErrorKind}, lower case. */
  public static final String ERROR_TYPE = "error.type";
  /** {@code server.address} (general conventions). */
  public static final String SERVER_ADDRESS = "server.address";
  /** {@code server.port} (general conventions). */
  public static final String SERVER_PORT = "server.port";

  /** Metric {@code gen_ai.client.operation.duration}: histogram, seconds. */
  public static final String CLIENT_OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Metric {@code gen_ai.client.token.usage}: histogram, {@code {token}}. */
  public static final String CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage";

  /** The explicit bucket boundaries of {@link #CLIENT_OPERATION_DURATION}, in seconds. */
  public static final List<Double> DURATION_BUCKETS = List.of(
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** The explicit bucket boundaries of {@link #CLIENT_TOKEN_USAGE}, in tokens. */
  public static final List<Double> TOKEN_BUCKETS = List.of(
      1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0,
      4194304.0, 16777216.0, 67108864.0);

  /**
   * The non-deprecated {@code gen_ai.*} attributes of the GenAI registry in {@value #VERSION}
   * that concern model calls (agent and tool attributes are left out: Mainstay emits none).
   */
  public static final Set<String> DEFINED_ATTRIBUTES = Set.of(
      "gen_ai.conversation.id",
      "gen_ai.embeddings.dimension.count",
      "gen_ai.input.messages",
      "gen_ai.operation.name",
      "gen_ai.output.messages",
      "gen_ai.output.type",
      "gen_ai.provider.name",
      "gen_ai.request.choice.count",
      "gen_ai.request.encoding_formats",
      "gen_ai.request.frequency_penalty",
      "gen_ai.request.max_tokens",
      "gen_ai.request.model",
      "gen_ai.request.presence_penalty",
      "gen_ai.request.seed",
      "gen_ai.request.stop_sequences",
      "gen_ai.request.temperature",
      "gen_ai.request.top_k",
      "gen_ai.request.top_p",
      "gen_ai.response.finish_reasons",
      "gen_ai.response.id",
      "gen_ai.response.model",
      "gen_ai.system_instructions",
      "gen_ai.token.type",
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens");

  /** The GenAI client metrics of {@value #VERSION}. */
  public static final Set<String> DEFINED_METRICS =
      Set.of(CLIENT_OPERATION_DURATION, CLIENT_TOKEN_USAGE);

  private GenAiSemconv() {}
}
