package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Embedding;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Prediction;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/**
 * What a {@link DriftMonitor} watches: a named number, category or vector read from each {@link
 * Observation}, and the detector that watches it. A signal that yields nothing for an observation
 * (NaN, a null category or vector) skips it, so one signal set serves chat, embedding and
 * prediction clients alike. Immutable; {@link #detector(Supplier)} returns a modified copy.
 */
public final class Signal {
  private static final Pattern NAME = Pattern.compile("[a-z0-9_.:-]{1,64}");

  /** The kind of value a signal yields. */
  public enum Kind {
    /** A number per observation. */
    NUMERIC,
    /** A category label per observation. */
    CATEGORICAL,
    /** A vector per observation. */
    VECTOR
  }

  private final String name;
  private final SignalLevel level;
  private final Kind kind;
  private final @Nullable ToDoubleFunction<Observation> numeric;
  private final @Nullable Function<Observation, @Nullable String> categorical;
  private final @Nullable Function<Observation, float @Nullable []> vector;
  private final @Nullable Supplier<? extends DriftDetector> detector;
  private final @Nullable Supplier<? extends VectorDriftDetector> vectorDetector;

  private Signal(
      String name,
      SignalLevel level,
      Kind kind,
      @Nullable ToDoubleFunction<Observation> numeric,
      @Nullable Function<Observation, @Nullable String> categorical,
      @Nullable Function<Observation, float @Nullable []> vector,
      @Nullable Supplier<? extends DriftDetector> detector,
      @Nullable Supplier<? extends VectorDriftDetector> vectorDetector) {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "signal name must be 1-64 of [a-z0-9_.:-], was '" + name + "'");
    }
    this.name = name;
    this.level = requireNonNull(level, "level");
    this.kind = kind;
    this.numeric = numeric;
    this.categorical = categorical;
    this.vector = vector;
    this.detector = detector;
    this.vectorDetector = vectorDetector;
  }

  // ---------------------------------------------------------------- custom signals

  /**
   * A custom numeric signal, watched by ADWIN unless {@link #detector(Supplier)} says otherwise.
   *
   * @param name a name of 1-64 characters from {@code [a-z0-9_.:-]}
   * @param level where it is read
   * @param extractor the number, or NaN to skip the observation
   * @return the signal
   */
  public static Signal numeric(String name, SignalLevel level, ToDoubleFunction<Observation> extractor) {
    return new Signal(name, level, Kind.NUMERIC, requireNonNull(extractor, "extractor"), null, null,
        Detectors::adwin, null);
  }

  /**
   * A custom categorical signal, watched by a windowed chi-square test unless {@link
   * #detector(Supplier)} says otherwise.
   *
   * @param name a name of 1-64 characters from {@code [a-z0-9_.:-]}
   * @param level where it is read
   * @param extractor the category label, or null to skip the observation
   * @return the signal
   */
  public static Signal categorical(
      String name, SignalLevel level, Function<Observation, @Nullable String> extractor) {
    return new Signal(name, level, Kind.CATEGORICAL, null, requireNonNull(extractor, "extractor"),
        null, () -> Detectors.categoricalWindow(WindowConfig.of(WindowTest.CHI_SQUARE), 64), null);
  }

  /**
   * A custom vector signal, watched by a centroid-distance detector unless {@link
   * #vectorDetector(Supplier)} says otherwise.
   *
   * @param name a name of 1-64 characters from {@code [a-z0-9_.:-]}
   * @param level where it is read
   * @param extractor the vector, or null to skip the observation
   * @return the signal
   */
  public static Signal vector(
      String name, SignalLevel level, Function<Observation, float @Nullable []> extractor) {
    return new Signal(name, level, Kind.VECTOR, null, null, requireNonNull(extractor, "extractor"),
        null, () -> Detectors.embedding(EmbeddingConfig.of(EmbeddingMethod.CENTROID_EUCLIDEAN)));
  }

  // ---------------------------------------------------------------- standard signals

  /**
   * Attempt latency in milliseconds (successes and failures), watched by ADWIN.
   *
   * @return the signal {@code latency_ms}
   */
  public static Signal latencyMillis() {
    return numeric("latency_ms", SignalLevel.ATTEMPT, o -> o.latency().toNanos() / 1e6);
  }

  /**
   * 1 when an attempt failed through the endpoint's fault, 0 when it answered; watched by HDDM_A.
   *
   * @return the signal {@code error}
   */
  public static Signal error() {
    return numeric("error", SignalLevel.ATTEMPT, o -> {
      ErrorKind e = o.error();
      return e == null ? 0.0 : (e.endpointFault() ? 1.0 : Double.NaN);
    }).detector(Detectors::hddmA);
  }

  /**
   * 1 when an attempt timed out, 0 otherwise; watched by HDDM_A.
   *
   * @return the signal {@code timeout}
   */
  public static Signal timeout() {
    return numeric("timeout", SignalLevel.ATTEMPT, o -> o.error() == ErrorKind.TIMEOUT ? 1.0 : 0.0)
        .detector(Detectors::hddmA);
  }

  /**
   * 1 when a generative answer was refused (finish reason {@code content_filter} or a {@code
   * CONTENT_FILTERED} error), 0 for other answers; watched by HDDM_A.
   *
   * @return the signal {@code refusal}
   */
  public static Signal refusal() {
    return numeric("refusal", SignalLevel.ATTEMPT, o -> {
      if (o.error() == ErrorKind.CONTENT_FILTERED) {
        return 1.0;
      }
      ModelResponse r = o.response();
      if (r == null || !generative(r.operation())) {
        return Double.NaN;
      }
      return r.finishReason() == FinishReason.CONTENT_FILTER ? 1.0 : 0.0;
    }).detector(Detectors::hddmA);
  }

  /**
   * Output tokens of an answer (when the endpoint reports usage), watched by ADWIN.
   *
   * @return the signal {@code output_tokens}
   */
  public static Signal outputTokens() {
    return numeric("output_tokens", SignalLevel.ATTEMPT, o -> {
      ModelResponse r = o.response();
      return r == null || r.usage().totalTokens() == 0 ? Double.NaN : r.usage().outputTokens();
    });
  }

  /**
   * Prompt tokens as the endpoint counted them (when it reports usage), watched by ADWIN.
   *
   * @return the signal {@code prompt_tokens}
   */
  public static Signal promptTokens() {
    return numeric("prompt_tokens", SignalLevel.ATTEMPT, o -> {
      ModelResponse r = o.response();
      return r == null || r.usage().totalTokens() == 0 ? Double.NaN : r.usage().inputTokens();
    });
  }

  /**
   * Characters of a chat or completion answer, watched by ADWIN.
   *
   * @return the signal {@code output_chars}
   */
  public static Signal outputChars() {
    return numeric("output_chars", SignalLevel.ATTEMPT, o -> {
      ModelResponse r = o.response();
      return r == null || !generative(r.operation()) ? Double.NaN : r.text().length();
    });
  }

  /**
   * Characters of the prompt (all message texts or embedding inputs) of each incoming call: the
   * input population. Watched by ADWIN.
   *
   * @return the signal {@code prompt_chars}
   */
  public static Signal promptChars() {
    return numeric("prompt_chars", SignalLevel.CALL, o ->
        o.request().operation() == Operation.PREDICT ? Double.NaN : (double) o.request().inputChars());
  }

  /**
   * The distribution of finish reasons of generative answers, watched by a windowed chi-square
   * test.
   *
   * @return the signal {@code finish_reason}
   */
  public static Signal finishReason() {
    return categorical("finish_reason", SignalLevel.ATTEMPT, o -> {
      ModelResponse r = o.response();
      return r == null || !generative(r.operation()) ? null : r.finishReason().wireName();
    });
  }

  /**
   * The distribution of predicted classes of PREDICT answers, watched by a windowed chi-square
   * test.
   *
   * @return the signal {@code predicted_class}
   */
  public static Signal predictedClass() {
    return categorical("predicted_class", SignalLevel.ATTEMPT, o -> {
      Prediction p = prediction(o);
      return p == null ? null : p.label();
    });
  }

  /**
   * The headline score of PREDICT answers ({@link Prediction#score()}), watched by a windowed KS
   * test.
   *
   * @return the signal {@code score}
   */
  public static Signal score() {
    return numeric("score", SignalLevel.ATTEMPT, o -> {
      Prediction p = prediction(o);
      return p == null ? Double.NaN : p.score();
    }).detector(() -> Detectors.numericWindow(WindowConfig.of(WindowTest.KS)));
  }

  /**
   * One named score of PREDICT answers, watched by a windowed KS test.
   *
   * @param scoreName the score's name in {@link Prediction#scores()}
   * @return the signal {@code score:<scoreName>}
   */
  public static Signal score(String scoreName) {
    requireNonNull(scoreName, "scoreName");
    return numeric("score:" + scoreName, SignalLevel.ATTEMPT, o -> {
      Prediction p = prediction(o);
      Double v = p == null ? null : p.scores().get(scoreName);
      return v == null ? Double.NaN : v;
    }).detector(() -> Detectors.numericWindow(WindowConfig.of(WindowTest.KS)));
  }

  /**
   * One numeric feature of incoming PREDICT calls (the input population), watched by a windowed
   * KS test. Booleans count as 0/1; non-numeric features are skipped.
   *
   * @param featureName the feature
   * @return the signal {@code feature:<featureName>}
   */
  public static Signal feature(String featureName) {
    requireNonNull(featureName, "featureName");
    return numeric("feature:" + featureName, SignalLevel.CALL, o -> {
      Object v = o.request().features().get(featureName);
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      if (v instanceof Boolean b) {
        return b ? 1.0 : 0.0;
      }
      return Double.NaN;
    }).detector(() -> Detectors.numericWindow(WindowConfig.of(WindowTest.KS)));
  }

  /**
   * The first embedding vector of EMBEDDING answers, watched by a centroid-distance detector.
   *
   * @return the signal {@code embedding}
   */
  public static Signal embedding() {
    return vector("embedding", SignalLevel.ATTEMPT, o -> {
      ModelResponse r = o.response();
      if (r == null) {
        return null;
      }
      List<Embedding> e = r.embeddings();
      return e.isEmpty() ? null : e.get(0).toArray();
    });
  }

  private static boolean generative(Operation op) {
    return op == Operation.CHAT || op == Operation.COMPLETION;
  }

  private static @Nullable Prediction prediction(Observation o) {
    ModelResponse r = o.response();
    return r == null ? null : r.prediction();
  }

  // ---------------------------------------------------------------- accessors and copies

  /**
   * A copy watched by other detectors (for numeric and categorical signals).
   *
   * @param factory makes one new detector per endpoint, model and scope
   * @return the new signal
   * @throws IllegalStateException for a vector signal
   */
  public Signal detector(Supplier<? extends DriftDetector> factory) {
    requireNonNull(factory, "factory");
    if (kind == Kind.VECTOR) {
      throw new IllegalStateException("vector signal '" + name + "' takes a vectorDetector");
    }
    return new Signal(name, level, kind, numeric, categorical, vector, factory, null);
  }

  /**
   * A copy watched by other vector detectors.
   *
   * @param factory makes one new detector per endpoint, model and scope
   * @return the new signal
   * @throws IllegalStateException for a numeric or categorical signal
   */
  public Signal vectorDetector(Supplier<? extends VectorDriftDetector> factory) {
    requireNonNull(factory, "factory");
    if (kind != Kind.VECTOR) {
      throw new IllegalStateException("signal '" + name + "' is not a vector signal");
    }
    return new Signal(name, level, kind, numeric, categorical, vector, null, factory);
  }

  /**
   * A copy with another name (to watch one extractor with two detectors).
   *
   * @param newName the name
   * @return the new signal
   */
  public Signal named(String newName) {
    return new Signal(newName, level, kind, numeric, categorical, vector, detector, vectorDetector);
  }

  /**
   * The name.
   *
   * @return the name used in events
   */
  public String name() {
    return name;
  }

  /**
   * Where the signal is read.
   *
   * @return the level
   */
  public SignalLevel level() {
    return level;
  }

  /**
   * The kind of value.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Reads the number (numeric signals).
   *
   * @param o the observation
   * @return the value, NaN to skip
   */
  public double numericValue(Observation o) {
    return numeric == null ? Double.NaN : numeric.applyAsDouble(o);
  }

  /**
   * Reads the category (categorical signals).
   *
   * @param o the observation
   * @return the label, or null to skip
   */
  public @Nullable String categoryValue(Observation o) {
    return categorical == null ? null : categorical.apply(o);
  }

  /**
   * Reads the vector (vector signals).
   *
   * @param o the observation
   * @return the vector, or null to skip
   */
  public float @Nullable [] vectorValue(Observation o) {
    return vector == null ? null : vector.apply(o);
  }

  /**
   * A new detector for a numeric or categorical signal.
   *
   * @return the detector
   */
  public DriftDetector newDetector() {
    if (detector == null) {
      throw new IllegalStateException("vector signal '" + name + "' has no scalar detector");
    }
    return requireNonNull(detector.get(), "detector factory returned null");
  }

  /**
   * A new detector for a vector signal.
   *
   * @return the detector
   */
  public VectorDriftDetector newVectorDetector() {
    if (vectorDetector == null) {
      throw new IllegalStateException("signal '" + name + "' has no vector detector");
    }
    return requireNonNull(vectorDetector.get(), "vector detector factory returned null");
  }

  @Override
  public String toString() {
    return "Signal[" + name + ", " + level + ", " + kind + "]";
  }
}
