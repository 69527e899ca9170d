package dev.mainstay.testkit;

import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs blocking calls on a helper thread so a test can drive a {@link ManualTimeSource}. */
final class Async implements AutoCloseable {
  /** The longest real time a test waits for something that should happen at once. */
  static final Duration REAL_WAIT = Duration.ofSeconds(10);

  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "testkit-test-caller");
    t.setDaemon(true);
    return t;
  });

  Future<ModelResponse> call(ModelClient client, ModelRequest request) {
    return pool.submit(() -> client.call(request));
  }

  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(REAL_WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
