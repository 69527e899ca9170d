package dev.mainstay.backend.http;

import static java.util.Objects.requireNonNull;

import dev.mainstay.backend.http.internal.BoundedBody;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one JSON request and waits for the whole, size-bounded answer, mapping transport failures
 * to {@link ModelException}s:
 *
 * <ul>
 *   <li>no answer within the request timeout or the call's {@link Deadline} (whichever is sooner,
 *       timed on the deadline's {@link TimeSource}) → {@link ErrorKind#TIMEOUT}; a connect timeout
 *       also → TIMEOUT;
 *   <li>the calling thread interrupted → {@link ErrorKind#CANCELLED}, with the interrupt flag kept;
 *   <li>connection refused, reset or closed early → {@link ErrorKind#TRANSIENT};
 *   <li>a body larger than the limit → {@link ErrorKind#INVALID_OUTPUT}, without buffering it.
 * </ul>
 *
 * In every failure case the in-flight exchange is cancelled, which closes its connection instead of
 * returning it to the pool. Non-2xx answers are returned, not thrown: the provider maps them.
 *
 * <p>Thread-safe. Closing it closes the underlying {@link HttpClient} on Java 21+ when this object
 * created it; a client passed in is left open.
 */
public final class JsonHttpClient implements AutoCloseable {
  private final HttpClient client;
  private final boolean ownsClient;
  private final String endpointId;
  private final HttpOptions options;
  private final TimeSource timeSource;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * A client.
   *
   * @param endpointId the endpoint's id, for error attribution
   * @param baseUrl the endpoint's base URL; {@code http} bases speak HTTP/1.1, {@code https} bases
   *     negotiate HTTP/2 through ALPN
   * @param options timeouts and body limit
   * @param timeSource times requests that carry no deadline
   * @param httpClient a client to use (proxies, TLS settings), or null to create one
   */
  public JsonHttpClient(
      String endpointId,
      URI baseUrl,
      HttpOptions options,
      TimeSource timeSource,
      @Nullable HttpClient httpClient) {
    this.endpointId = requireNonNull(endpointId, "endpointId");
    this.options = requireNonNull(options, "options");
    this.timeSource = requireNonNull(timeSource, "timeSource");
    requireNonNull(baseUrl, "baseUrl");
    if (httpClient != null) {
      this.client = httpClient;
      this.ownsClient = false;
    } else {
      this.client = HttpClient.newBuilder()
          .connectTimeout(options.connectTimeout())
          .followRedirects(HttpClient.Redirect.NEVER)
          .version("https".equalsIgnoreCase(baseUrl.getScheme())
              ? HttpClient.Version.HTTP_2
              : HttpClient.Version.HTTP_1_1)
          .build();
      this.ownsClient = true;
    }
  }

  /**
   * The transport options.
   *
   * @return the options
   */
  public HttpOptions options() {
    return options;
  }

  /**
   * Posts a JSON body and waits for the answer.
   *
   * @param uri the full request URI
   * @param headers request headers (content type is added); values may hold secrets and are never
   *     put into messages
   * @param json the request body
   * @param deadline the call's deadline, or null to use only the request timeout
   * @return the answer, whatever its status
   * @throws ModelException for transport failures, timeouts, cancellation and oversize bodies
   */
  public HttpResult postJson(URI uri, Map<String, String> headers, byte[] json, @Nullable Deadline deadline) {
    requireNonNull(uri, "uri");
    requireNonNull(headers, "headers");
    requireNonNull(json, "json");
    if (closed.get()) {
      throw error(ErrorKind.UNAVAILABLE, "endpoint is closed", null);
    }
    if (Thread.currentThread().isInterrupted()) {
      throw error(ErrorKind.CANCELLED, "call was interrupted before the request was sent", null);
    }
    Duration timeout = options.requestTimeout();
    TimeSource ts = timeSource;
    boolean byDeadline = false;
    if (deadline != null) {
      ts = deadline.timeSource();
      long left = deadline.remainingNanos();
      if (left <= 0) {
        throw error(ErrorKind.TIMEOUT, "call deadline passed before the request was sent", null);
      }
      if (left < timeout.toNanos()) {
        timeout = Duration.ofNanos(left);
        byDeadline = true;
      }
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
        .timeout(options.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(json));
    headers.forEach(rb::header);
    CompletableFuture<HttpResponse<byte[]>> future;
    try {
      future = client.sendAsync(rb.build(), new BoundedBody(options.maxResponseBytes()));
    } catch (IllegalArgumentException e) {
      throw error(ErrorKind.INVALID_REQUEST, "request could not be built (" + e.getClass().getSimpleName() + ")", null);
    }
    AtomicBoolean timedOut = new AtomicBoolean();
    CompletableFuture<HttpResponse<byte[]>> f = future;
    TimeSource.Cancellable timer = ts.schedule(timeout, () -> {
      timedOut.set(true);
      f.cancel(true);
    });
    String waited = byDeadline ? "the call deadline" : "the request timeout of " + options.requestTimeout().toMillis() + " ms";
    try {
      HttpResponse<byte[]> r = future.get();
      return new HttpResult(r.statusCode(), r.headers().map(), r.body());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw error(ErrorKind.CANCELLED, "call was interrupted while waiting for the server", null);
    } catch (CancellationException e) {
      if (timedOut.get()) {
        throw error(ErrorKind.TIMEOUT, "no complete response within " + waited, null);
      }
      throw error(ErrorKind.CANCELLED, "request was cancelled", null);
    } catch (ExecutionException e) {
      if (timedOut.get()) {
        // the timer cancelled the exchange; some failures then surface wrapped, not as a plain
        // CancellationException, and must still read as the timeout they are
        throw error(ErrorKind.TIMEOUT, "no complete response within " + waited, null);
      }
      throw transportFailure(e.getCause() == null ? e : e.getCause(), waited);
    } finally {
      timer.cancel();
    }
  }

  private ModelException transportFailure(Throwable t, String waited) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BoundedBody.TooLarge) {
        return error(ErrorKind.INVALID_OUTPUT,
            "response body exceeds the limit of " + ((BoundedBody.TooLarge) c).limit() + " bytes", null);
      }
      if (c instanceof HttpConnectTimeoutException) {
        return error(ErrorKind.TIMEOUT,
            "connect timed out after " + options.connectTimeout().toMillis() + " ms", c);
      }
      if (c instanceof HttpTimeoutException) {
        return error(ErrorKind.TIMEOUT, "no complete response within " + waited, c);
      }
      if (c instanceof ConnectException) {
        return error(ErrorKind.TRANSIENT, "connection refused or unreachable", c);
      }
      if (c instanceof ClosedChannelException) {
        return error(ErrorKind.TRANSIENT, "connection closed", c);
      }
    }
    if (t instanceof IOException) {
      return error(ErrorKind.TRANSIENT,
          "connection failed or was closed by the server (" + t.getClass().getSimpleName() + ")", t);
    }
    if (t instanceof CancellationException) {
      return error(ErrorKind.CANCELLED, "request was cancelled", null);
    }
    return error(ErrorKind.UNAVAILABLE, "HTTP exchange failed (" + t.getClass().getSimpleName() + ")", t);
  }

  private ModelException error(ErrorKind kind, String message, @Nullable Throwable cause) {
    return new ModelException(kind, message, endpointId, 0, null, cause);
  }

  /** Stops accepting requests and closes the HTTP client if this object created it (Java 21+). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownsClient) {
      Object c = client;
      if (c instanceof AutoCloseable) {
        try {
          ((AutoCloseable) c).close();
        } catch (Exception e) {
          // closing is best effort: the client's threads are daemon threads and idle connections time out
        }
      }
    }
  }

  @Override
  public String toString() {
    return "JsonHttpClient[" + endpointId + "]";
  }
}
