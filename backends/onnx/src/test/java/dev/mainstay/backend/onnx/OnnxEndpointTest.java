package dev.mainstay.backend.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.Endpoints;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Prediction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class OnnxEndpointTest {
  static final float[][] W = {{0.5f, -0.25f}, {1.0f, 0.75f}, {-0.5f, 0.125f}};
  static final float[] B = {0.1f, -0.2f};

  @TempDir static Path dir;
  static Path linear;
  static Path embed;

  @BeforeAll
  static void models() throws Exception {
    linear = OnnxModels.linearSoftmax(dir, W, B);
    embed = OnnxModels.tokenEmbedding(dir, new float[][] {{1, 0}, {0, 1}, {3, 4}, {-1, -1}});
  }

  /** The reference math: softmax(x·W + b). */
  static double[] expected(double... x) {
    double[] logits = new double[B.length];
    for (int c = 0; c < B.length; c++) {
      logits[c] = B[c];
      for (int i = 0; i < x.length; i++) {
        logits[c] += x[i] * W[i][c];
      }
    }
    double max = Math.max(logits[0], logits[1]);
    double z = 0;
    double[] p = new double[logits.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = Math.exp(logits[c] - max);
      z += p[c];
    }
    for (int c = 0; c < p.length; c++) {
      p[c] /= z;
    }
    return p;
  }

  @Test
  void predict_namedFeaturesOnCpu_equalSoftmaxOfLinearLayer() {
    // Given the tiny model behind a URI with a feature order and labels
    try (Endpoint e = Endpoints.open("onnx:" + linear + "?device=cpu&input=features&output=probabilities,logits"
        + "&labels=legit,fraud&features=amount,age,score&threads=1&optimization=basic&id=fraud-cpu")) {
      // When
      ModelResponse r = e.call(ModelRequest.predict(Map.of("amount", 2.0, "age", 1.0, "score", true)));
      // Then the scores are the math, the label the argmax, and both outputs are returned
      double[] p = expected(2.0, 1.0, 1.0);
      Prediction pr = r.prediction();
      assertThat(pr.scores().get("legit")).isCloseTo(p[0], within(1e-6));
      assertThat(pr.scores().get("fraud")).isCloseTo(p[1], within(1e-6));
      assertThat(pr.label()).isEqualTo(p[1] > p[0] ? "fraud" : "legit");
      assertThat(pr.outputs()).containsOnlyKeys("probabilities", "logits");
      assertThat(pr.outputs().get("logits").get(0)).isCloseTo(0.1 + 2 * 0.5 + 1.0 - 0.5, within(1e-6));
      assertThat(r.endpointId()).isEqualTo("fraud-cpu");
      assertThat(e.info().provider()).isEqualTo("onnx");
    }
  }

  @Test
  void predict_singleTensorFeature_isFedAsIs() {
    // Given a model whose only input takes the request's one list feature
    try (Endpoint e = Onnx.open(OnnxConfig.builder(linear).outputNames(List.of("probabilities")).build())) {
      // When
      ModelResponse r = e.call(ModelRequest.predict(Map.of("x", List.of(0.0, -1.0, 2.0))));
      // Then
      double[] p = expected(0.0, -1.0, 2.0);
      assertThat(r.prediction().outputs().get("probabilities").get(0)).isCloseTo(p[0], within(1e-6));
      assertThat(r.prediction().outputs().get("probabilities").get(1)).isCloseTo(p[1], within(1e-6));
    }
  }

  @Test
  void predict_wrongFeatureCountOrMissingFeature_isInvalidRequest() {
    try (Endpoint e = Onnx.open(OnnxConfig.builder(linear).featureOrder(List.of("a", "b", "c")).build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.predict(Map.of("a", 1.0, "b", 2.0))))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }
    try (Endpoint e = Onnx.open(OnnxConfig.builder(linear).build())) {
      assertThatThrownBy(() -> e.call(ModelRequest.predict(Map.of("x", List.of(1.0, 2.0)))))
          .isInstanceOfSatisfying(ModelException.class, m -> {
            assertThat(m.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(m.getMessage()).contains("takes 3 values");
          });
    }
  }

  @Test
  void predict_concurrentCallsOnOneSession_allCorrect() throws Exception {
    // Given one endpoint shared by 8 threads
    try (Endpoint e = Onnx.open(OnnxConfig.builder(linear).labels(List.of("legit", "fraud")).outputNames(List.of("probabilities")).build())) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        final int seed = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            double x = (seed * 200 + i) / 100.0;
            Prediction pr = e.call(ModelRequest.predict(Map.of("v", List.of(x, -x, 1.0)))).prediction();
            if (Math.abs(pr.scores().get("fraud") - expected(x, -x, 1.0)[1]) > 1e-5) {
              return false;
            }
          }
          return true;
        }));
      }
      // Then every call saw its own answer
      for (Future<Boolean> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
      }
      pool.shutdown();
    }
  }

  @Test
  void embedding_tokenModel_meanPooledAndNormalised() {
    // Given a token-embedding model and a tokenizer mapping characters to ids
    TextTokenizer chars = text -> text.chars().mapToLong(c -> c - 'a').toArray();
    try (Endpoint e = Onnx.open(OnnxConfig.builder(embed).tokenizer(chars).build())) {
      // When "ac" → rows {1,0} and {3,4}: mean {2,2} → normalised {0.7071, 0.7071}
      ModelResponse r = e.call(ModelRequest.embedding("ac", "c"));
      // Then
      assertThat(r.operation()).isEqualTo(Operation.EMBEDDING);
      assertThat(r.embeddings().get(0).get(0)).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
      assertThat(r.embeddings().get(0).get(1)).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
      assertThat(r.embeddings().get(1).toArray()).containsExactly(0.6f, 0.8f);
      assertThat(r.usage().inputTokens()).isEqualTo(3);
    }
  }

  @Test
  void cuda_withoutCudaRuntime_opensButCallsAreUnavailable() {
    Assumptions.assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "this ONNX Runtime build has CUDA; the fallback path is tested on CPU-only builds");
    // Given a cuda endpoint on the CPU-only runtime
    try (Endpoint e = Endpoints.open("onnx:" + linear + "?device=cuda:0&id=fraud-gpu")) {
      // Then every call fails UNAVAILABLE with the reason, so a route fails over
      assertThatThrownBy(() -> e.call(ModelRequest.predict(Map.of("x", List.of(1.0, 2.0, 3.0)))))
          .isInstanceOfSatisfying(ModelException.class, m -> {
            assertThat(m.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(m.getMessage()).contains("CUDA execution provider").contains("onnxruntime_gpu");
            assertThat(m.endpointId()).contains("fraud-gpu");
          });
    }
  }

  @Test
  void cuda_withGpu_matchesCpu() {
    Assumptions.assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "skipped: no CUDA execution provider here (CPU onnxruntime artifact or no GPU); "
            + "run with onnxruntime_gpu on a GPU machine to exercise it");
    try (Endpoint gpu = Onnx.open(OnnxConfig.builder(linear).device("cuda:0").build());
        Endpoint cpu = Onnx.open(OnnxConfig.builder(linear).build())) {
      ModelRequest req = ModelRequest.predict(Map.of("x", List.of(1.0, 2.0, 3.0)));
      List<Double> g = gpu.call(req).prediction().outputs().get("probabilities");
      List<Double> c = cpu.call(req).prediction().outputs().get("probabilities");
      assertThat(g.get(0)).isCloseTo(c.get(0), within(1e-5));
    }
  }

  @Test
  void open_missingModelOrBadUri_isIllegalArgument() {
    assertThatThrownBy(() -> Endpoints.open("onnx:does/not/exist.onnx"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not found");
    assertThatThrownBy(() -> Endpoints.open("onnx:" + linear + "?device=tpu"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cpu or cuda:N");
    assertThatThrownBy(() -> Endpoints.open("onnx:" + linear + "?colour=red"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown");
    assertThatThrownBy(() -> Onnx.open(OnnxConfig.builder(linear).outputNames(List.of("nope")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no output 'nope'");
  }

  @Test
  void predict_deadlinePassedOrCallerInterrupted_timeoutOrCancelled() {
    // Given a deadline on manual time that has passed
    dev.mainstay.testkit.ManualTimeSource ts = new dev.mainstay.testkit.ManualTimeSource();
    ModelRequest req = ModelRequest.predict(Map.of("x", List.of(1.0, 2.0, 3.0)));
    try (Endpoint e = Onnx.open(OnnxConfig.builder(linear).build())) {
      ModelRequest late = req.withDeadline(dev.mainstay.core.Deadline.after(java.time.Duration.ofMillis(5), ts));
      ts.advance(java.time.Duration.ofMillis(5));
      // Then
      assertThatThrownBy(() -> e.call(late))
          .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.TIMEOUT));
      // and an interrupted caller gets CANCELLED and keeps its interrupt flag
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> e.call(req))
            .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.CANCELLED));
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      // and with time left the same request answers, leaving no timer behind
      assertThat(e.call(req.withDeadline(dev.mainstay.core.Deadline.after(java.time.Duration.ofSeconds(5), ts))).prediction()).isNotNull();
      assertThat(ts.scheduled()).isZero();
    }
  }

  @Test
  void close_thenCall_isUnavailable() {
    Endpoint e = Onnx.open(OnnxConfig.builder(linear).build());
    e.close();
    e.close();
    assertThatThrownBy(() -> e.call(ModelRequest.predict(Map.of("x", List.of(1.0, 2.0, 3.0)))))
        .isInstanceOfSatisfying(ModelException.class, m -> assertThat(m.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
  }

  @Test
  void config_embeddingWithoutTokenizer_isRejected() {
    assertThatThrownBy(() -> OnnxConfig.builder(linear).operations(Set.of(Operation.EMBEDDING)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizer");
    assertThatThrownBy(() -> OnnxConfig.builder(linear).device("cpu").device("cuda:0"))
        .isInstanceOf(IllegalStateException.class);
  }
}
