package dev.mainstay.backend.onnx;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.testkit.compat.EndpointCompatibilityKit;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The onnx provider passes the endpoint compatibility kit (the hang checks do not apply). */
final class OnnxCompatibilityTest {
  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void model() throws Exception {
    model = OnnxModels.linearSoftmax(dir, OnnxEndpointTest.W, OnnxEndpointTest.B);
  }

  static final class Kit extends EndpointCompatibilityKit {
    @Override
    protected Endpoint healthyEndpoint() {
      return Onnx.open(OnnxConfig.builder(model).id("compat").labels(List.of("legit", "fraud"))
          .outputNames(List.of("probabilities")).build());
    }

    @Override
    protected ModelRequest request() {
      return ModelRequest.predict(Map.of("x", List.of(1.0, 2.0, 3.0)));
    }

    @Override
    protected Map<ErrorKind, Supplier<Endpoint>> failingEndpoints() {
      Map<ErrorKind, Supplier<Endpoint>> m = new LinkedHashMap<>();
      m.put(ErrorKind.UNAVAILABLE, () -> Onnx.open(OnnxConfig.builder(model).id("compat").device("cuda:99").build()));
      m.put(ErrorKind.INVALID_REQUEST, () -> Onnx.open(OnnxConfig.builder(model).id("compat")
          .featureOrder(List.of("amount", "age", "score")).build()));
      return m;
    }
  }

  @TestFactory
  Stream<DynamicTest> compatibilityKit() {
    return new Kit().checks().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      Assumptions.assumeTrue(c.skipReason() == null, String.valueOf(c.skipReason()));
      c.run();
    }));
  }
}
