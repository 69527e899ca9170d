package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The default {@code callAsync} of any ModelClient (not only built ones) keeps the contract. */
final class ModelClientTest {

  private static ModelException failureOf(CompletableFuture<ModelResponse> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ModelException.class);
      return (ModelException) e.getCause();
    }
  }

  @Test
  void callAsync_clientReturnsNull_invalidOutput() throws Exception {
    ModelClient nullClient = r -> null;
    assertThat(failureOf(nullClient.callAsync(ModelRequest.chat("x"))).kind()).isEqualTo(ErrorKind.INVALID_OUTPUT);
  }

  @Test
  void callAsync_clientThrowsUnchecked_unavailableWithCause() throws Exception {
    ModelClient throwing = r -> {
      throw new IllegalArgumentException("bug");
    };
    ModelException e = failureOf(throwing.callAsync(ModelRequest.chat("x")));
    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void callAsync_clientThrowsModelException_keptAsIs() throws Exception {
    ModelException boom = new ModelException(ErrorKind.CONTENT_FILTERED, "refused");
    ModelClient refusing = r -> {
      throw boom;
    };
    assertThat(failureOf(refusing.callAsync(ModelRequest.chat("x")))).isSameAs(boom);
  }

  @Test
  void callAsync_cancelled_interruptsTheBlockingCall() throws Exception {
    // Given a client that blocks until interrupted
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ModelClient blocking = r -> {
      entered.countDown();
      try {
        new CountDownLatch(1).await();
        throw new AssertionError("unreachable");
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw new ModelException(ErrorKind.CANCELLED, "interrupted");
      }
    };
    CompletableFuture<ModelResponse> f = blocking.callAsync(ModelRequest.chat("x"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    // When cancelled / Then the future is cancelled and the call was interrupted
    assertThat(f.cancel(true)).isTrue();
    assertThatThrownBy(f::join).isInstanceOf(CancellationException.class);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void callAsync_nullRequest_rejected() {
    ModelClient c = r -> ModelResponse.ofText("x");
    assertThatThrownBy(() -> c.callAsync(null)).isInstanceOf(NullPointerException.class).hasMessage("request");
  }
}
