package dev.mainstay.drift;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Prediction;
import dev.mainstay.core.Usage;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A small fake for drift tests: a PREDICT/CHAT endpoint whose score distribution shifts after a
 * given call number, optionally only for some model versions, and which can fail at a rate.
 */
final class FakePredictEndpoint implements Endpoint {
  private final EndpointInfo info;
  private final Random random;
  private final long shiftAfter;
  private final double before;
  private final double after;
  private final double failRateAfterShift;
  private final Predicate<String> shiftedModel;
  final AtomicLong calls = new AtomicLong();

  FakePredictEndpoint(String id, long seed, long shiftAfter, double before, double after,
      double failRateAfterShift, Predicate<String> shiftedModel) {
    this.info = EndpointInfo.builder(id).provider("fake").model("fake-model").build();
    this.random = new Random(seed);
    this.shiftAfter = shiftAfter;
    this.before = before;
    this.after = after;
    this.failRateAfterShift = failRateAfterShift;
    this.shiftedModel = shiftedModel;
  }

  static FakePredictEndpoint scoreShift(String id, long shiftAfter, double before, double after) {
    return new FakePredictEndpoint(id, 42, shiftAfter, before, after, 0, m -> true);
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  @Override
  public synchronized ModelResponse call(ModelRequest request) {
    long n = calls.incrementAndGet();
    boolean shifted = n > shiftAfter && shiftedModel.test(request.model());
    if (shifted && random.nextDouble() < failRateAfterShift) {
      throw new ModelException(ErrorKind.TRANSIENT, "fake failure");
    }
    double mean = shifted ? after : before;
    double score = Math.max(0, Math.min(1, mean + 0.1 * random.nextGaussian()));
    if (request.operation() == Operation.PREDICT) {
      return ModelResponse.builder(Operation.PREDICT)
          .prediction(Prediction.of(score >= 0.5 ? "fraud" : "legit", score))
          .model(request.model())
          .endpointId(info.id())
          .build();
    }
    return ModelResponse.builder(request.operation())
        .text("x".repeat(10 + (int) (score * 100)))
        .usage(new Usage(10, 5 + (long) (score * 50)))
        .model(request.model())
        .endpointId(info.id())
        .build();
  }
}
