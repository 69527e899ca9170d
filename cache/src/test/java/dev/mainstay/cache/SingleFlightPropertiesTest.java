package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.cache.Fixtures.CountingModel;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

final class SingleFlightPropertiesTest {

  @Property(tries = 25)
  void call_concurrentMissesOverKeys_oneInnerCallPerKey(
      @ForAll @IntRange(min = 1, max = 4) int keys,
      @ForAll @IntRange(min = 1, max = 6) int callersPerKey) throws Exception {
    // Given: a model that blocks every call until released, counting calls per question
    ManualTimeSource ts = new ManualTimeSource();
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.ConcurrentHashMap<String, Integer> perKey =
        new java.util.concurrent.ConcurrentHashMap<>();
    CountingModel model = new CountingModel(r -> {
      String q = r.messages().get(0).text();
      perKey.merge(q, 1, Integer::sum);
      try {
        if (!release.await(20, TimeUnit.SECONDS)) {
          throw new ModelException(ErrorKind.TIMEOUT, "never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelException(ErrorKind.CANCELLED, "interrupted");
      }
      return ModelResponse.ofText("answer to " + q);
    });
    ModelClient client = Fixtures.client(ts, Fixtures.syncCache().build(), model);
    ExecutorService pool = Executors.newFixedThreadPool(keys * callersPerKey);
    try {
      List<CompletableFuture<ModelResponse>> calls = new ArrayList<>();
      List<String> questions = new ArrayList<>();
      // When: every caller of every key starts; wait until each key has its loader inside the
      // model and every other caller is parked on a deadline timer
      for (int k = 0; k < keys; k++) {
        for (int c = 0; c < callersPerKey; c++) {
          String q = "question " + k;
          ModelRequest r = Fixtures.det(q);
          questions.add(q);
          calls.add(CompletableFuture.supplyAsync(() -> client.call(r), pool));
        }
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (perKey.size() < keys && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      release.countDown();
      // Then
      for (int i = 0; i < calls.size(); i++) {
        assertThat(calls.get(i).get(10, TimeUnit.SECONDS).text())
            .isEqualTo("answer to " + questions.get(i));
      }
      assertThat(perKey).hasSize(keys);
      assertThat(perKey.values()).allMatch(n -> n == 1);
      assertThat(model.calls).hasValue(keys);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
