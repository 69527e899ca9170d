package dev.mainstay.backend.http.internal;

import dev.mainstay.core.Nullable;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body handler that collects at most a fixed number of bytes. A larger body (by {@code
 * Content-Length} or as it streams in) cancels the subscription, which closes the connection, and
 * fails with {@link TooLarge}, so a huge answer never exhausts the heap.
 */
public final class BoundedBody implements HttpResponse.BodyHandler<byte[]> {
  private final long maxBytes;

  /**
   * A handler with a byte limit.
   *
   * @param maxBytes the largest body accepted
   */
  public BoundedBody(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
    OptionalLong length = info.headers().firstValueAsLong("content-length");
    boolean tooLarge = length.isPresent() && length.getAsLong() > maxBytes;
    return new Subscriber(maxBytes, tooLarge);
  }

  /** The body exceeded the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    TooLarge(long limit) {
      super("response body exceeds " + limit + " bytes");
      this.limit = limit;
    }

    /**
     * The limit that was exceeded.
     *
     * @return bytes
     */
    public long limit() {
      return limit;
    }
  }

  private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
    private final long max;
    private final boolean tooLarge;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] buf = new byte[8192];
    private int size;
    private Flow.@Nullable Subscription subscription;

    Subscriber(long max, boolean tooLarge) {
      this.max = max;
      this.tooLarge = tooLarge;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (tooLarge) {
        s.cancel();
        result.completeExceptionally(new TooLarge(max));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if ((long) size + n > max) {
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          buf = new byte[0];
          result.completeExceptionally(new TooLarge(max));
          return;
        }
        if (size + n > buf.length) {
          int cap = (int) Math.min(max, Math.max((long) buf.length * 2, (long) size + n));
          buf = java.util.Arrays.copyOf(buf, cap);
        }
        b.get(buf, size, n);
        size += n;
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(java.util.Arrays.copyOf(buf, size));
    }
  }
}
