package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Embedding;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Usage;
import dev.mainstay.testkit.ScoreDistribution;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/** Produces a simulated endpoint's answers: chat, completion, embedding and prediction. */
public final class SimulatedResponder implements FaultEngine.Body {
  private final EndpointInfo info;
  private final @Nullable String template;
  private final int dimensions;
  private final NavigableMap<Long, ScoreDistribution> predictions;

  /**
   * Creates a responder.
   *
   * @param info the endpoint's info
   * @param template the answer template, or null to echo
   * @param dimensions embedding dimensions
   * @param predictions score distributions keyed by the call number after which they apply
   *     (must contain key 0)
   */
  public SimulatedResponder(EndpointInfo info, @Nullable String template, int dimensions,
      Map<Long, ScoreDistribution> predictions) {
    this.info = requireNonNull(info, "info");
    this.template = template;
    this.dimensions = dimensions;
    this.predictions = new TreeMap<>(predictions);
    if (!this.predictions.containsKey(0L)) {
      throw new IllegalArgumentException("predictions need an initial distribution");
    }
  }

  @Override
  public ModelResponse call(ModelRequest request, long callNumber, RandomGenerator random) {
    Operation op = request.operation();
    if (!info.operations().contains(op)) {
      throw new ModelException(ErrorKind.NOT_FOUND,
          "endpoint does not serve " + op + " (serves " + info.operations() + ")",
          info.id(), 0, null, null);
    }
    long inputTokens = Tokens.input(request);
    Integer maxTokens = request.parameters().maxTokens();
    long needed = inputTokens + (maxTokens == null ? 0 : maxTokens);
    if (needed > info.maxContextTokens()) {
      throw new ModelException(ErrorKind.CONTEXT_TOO_LONG,
          "request needs about " + needed + " tokens, context window is " + info.maxContextTokens(),
          info.id(), 0, null, null);
    }
    ModelResponse.Builder b = ModelResponse.builder(op).model(info.model()).endpointId(info.id());
    switch (op) {
      case CHAT:
      case COMPLETION: {
        String text = answer(request, callNumber);
        FinishReason finish = FinishReason.STOP;
        if (maxTokens != null && Tokens.estimate(text) > maxTokens) {
          text = text.substring(0, (int) Math.min(text.length(), maxTokens * 4L));
          finish = FinishReason.LENGTH;
        }
        return b.text(text).finishReason(finish)
            .usage(new Usage(inputTokens, Tokens.estimate(text))).build();
      }
      case EMBEDDING:
        for (String input : request.inputs()) {
          b.embedding(embed(input, dimensions));
        }
        return b.usage(new Usage(inputTokens, 0)).build();
      case PREDICT:
        ScoreDistribution d = requireNonNull(predictions.floorEntry(callNumber - 1), "dist").getValue();
        return b.prediction(d.sample(random)).usage(new Usage(inputTokens, 0)).build();
      default:
        throw new IllegalStateException("unhandled operation " + op);
    }
  }

  private String answer(ModelRequest request, long callNumber) {
    String input = Tokens.lastUserText(request);
    if (template == null) {
      return input;
    }
    return template
        .replace("{n}", Long.toString(callNumber))
        .replace("{id}", info.id())
        .replace("{model}", info.model())
        .replace("{op}", request.operation().name().toLowerCase(Locale.ROOT))
        .replace("{input}", input);
  }

  /**
   * A deterministic pseudo-embedding: the sum of one pseudo-random unit vector per lower-cased
   * word (seeded by the word's hash), normalised. Texts that share words are close; the same text
   * always gives the same vector, on every JVM and whatever the endpoint's seed.
   *
   * @param text the text
   * @param dimensions vector length
   * @return a unit vector
   */
  public static Embedding embed(String text, int dimensions) {
    double[] acc = new double[dimensions];
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    boolean any = false;
    for (String w : words) {
      if (!w.isEmpty()) {
        addWord(acc, w);
        any = true;
      }
    }
    if (!any) {
      addWord(acc, "\u0000" + text);
    }
    double norm = 0;
    for (double v : acc) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      out[i] = norm == 0 ? (i == 0 ? 1f : 0f) : (float) (acc[i] / norm);
    }
    return Embedding.of(out);
  }

  private static void addWord(double[] acc, String word) {
    SplittableRandom r = new SplittableRandom(Seeds.hash(word));
    for (int i = 0; i < acc.length; i++) {
      acc[i] += r.nextGaussian();
    }
  }
}
