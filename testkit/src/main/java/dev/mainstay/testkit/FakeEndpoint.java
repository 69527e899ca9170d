package dev.mainstay.testkit;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.Usage;
import dev.mainstay.testkit.internal.CallCounters;
import dev.mainstay.testkit.internal.Checks;
import dev.mainstay.testkit.internal.Durations;
import dev.mainstay.testkit.internal.Tokens;
import dev.mainstay.testkit.internal.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A scripted fake endpoint (the test kit's {@code FakeModelClient}): it plays back answers,
 * latencies and failures in the order they were scripted, one step per call, and records every
 * request it receives so a test can assert what the model saw (for example, the sanitised text).
 *
 * <pre>{@code
 * FakeEndpoint fake = FakeEndpoint.builder("a")
 *     .thenAnswer("x")
 *     .thenFail(ErrorKind.TRANSIENT)
 *     .thenHang()
 *     .thenAnswerAfter(Duration.ofMillis(200), "y")
 *     .timeSource(manualTime)
 *     .build();
 * ...
 * assertThat(fake.lastRequest().messages().get(0).text()).doesNotContain("4111 1111");
 * }</pre>
 *
 * <p>Step N answers call N. When the script runs out, the fake either repeats its last step
 * ({@link Builder#repeatLast()}) or throws {@link IllegalStateException} naming the call, so a
 * test that makes more calls than it scripted fails visibly. Delays are waited on the fake's
 * {@link TimeSource}; an interrupt ends the wait with {@link ErrorKind#CANCELLED}. Thread-safe.
 */
public final class FakeEndpoint implements Endpoint {
  private final EndpointInfo info;
  private final List<Step> script;
  private final boolean repeatLast;
  private final TimeSource timeSource;
  private final CallCounters counters = new CallCounters();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<ModelRequest> requests = new ArrayList<>();

  private FakeEndpoint(Builder b) {
    EndpointInfo i = b.info;
    this.info = i != null ? i : EndpointInfo.builder(b.id).provider("fake").model("fake-1").build();
    this.script = List.copyOf(b.script);
    this.repeatLast = b.repeatLast;
    this.timeSource = b.timeSource == null ? TimeSource.system() : b.timeSource;
  }

  /**
   * A builder for a fake with the given endpoint id.
   *
   * @param id the endpoint id
   * @return a new builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * A fake that answers every chat or completion call with the same text at once.
   *
   * @param id the endpoint id
   * @param text the answer
   * @return the fake
   */
  public static FakeEndpoint answering(String id, String text) {
    return builder(id).thenAnswer(text).repeatLast().build();
  }

  /**
   * A fake that fails every call with the given kind at once.
   *
   * @param id the endpoint id
   * @param kind the error kind
   * @return the fake
   */
  public static FakeEndpoint failing(String id, ErrorKind kind) {
    return builder(id).thenFail(kind).repeatLast().build();
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  /**
   * Plays the next step of the script. Returns null only for a {@code thenReturnNull()} step.
   */
  @Override
  @SuppressWarnings("NullAway") // returns null on purpose for a thenReturnNull() step
  public ModelResponse call(ModelRequest request) {
    requireNonNull(request, "request");
    return counters.run(n -> {
      synchronized (requests) {
        requests.add(request);
        requests.notifyAll();
      }
      if (closed.getCount() == 0) {
        throw new ModelException(ErrorKind.UNAVAILABLE, "endpoint is closed", info.id(), 0, null, null);
      }
      Step step = step(n);
      if (step.hang) {
        counters.hung();
        throw Waits.hang(closed, info.id());
      }
      Waits.sleep(timeSource, step.delay, info.id());
      return step.action.apply(request);
    });
  }

  private Step step(long n) {
    if (n <= script.size()) {
      return script.get((int) (n - 1));
    }
    if (repeatLast && !script.isEmpty()) {
      return script.get(script.size() - 1);
    }
    throw new IllegalStateException("fake endpoint '" + info.id() + "' received call " + n
        + " but its script has " + script.size() + " step(s); add steps or repeatLast()");
  }

  /**
   * Every request received so far, in arrival order.
   *
   * @return an immutable copy
   */
  public List<ModelRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /**
   * The most recent request.
   *
   * @return the request
   * @throws IllegalStateException if none was received
   */
  public ModelRequest lastRequest() {
    synchronized (requests) {
      if (requests.isEmpty()) {
        throw new IllegalStateException("fake endpoint '" + info.id() + "' has received no request");
      }
      return requests.get(requests.size() - 1);
    }
  }

  /**
   * The number of calls received.
   *
   * @return the count
   */
  public int calls() {
    synchronized (requests) {
      return requests.size();
    }
  }

  /**
   * Waits, in real time and bounded, until at least {@code count} calls have arrived; for
   * synchronising with calls running on other threads.
   *
   * @param count how many calls
   * @param realTimeout the longest real wait
   * @throws TimeoutException if fewer calls arrived in time
   * @throws InterruptedException if interrupted
   */
  public void awaitCalls(int count, Duration realTimeout) throws TimeoutException, InterruptedException {
    long end = System.nanoTime() + realTimeout.toNanos();
    synchronized (requests) {
      while (requests.size() < count) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("expected " + count + " calls, have " + requests.size());
        }
        requests.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /**
   * How the calls so far ended.
   *
   * @return a snapshot of the counters
   */
  public EndpointStats stats() {
    return counters.snapshot();
  }

  /** Releases hung calls (they fail with {@link ErrorKind#UNAVAILABLE}) and refuses new ones. */
  @Override
  public void close() {
    closed.countDown();
  }

  @Override
  public String toString() {
    return "FakeEndpoint[" + info.id() + ", steps=" + script.size() + (repeatLast ? ", repeatLast" : "") + "]";
  }

  private static final class Step {
    final Duration delay;
    final boolean hang;
    final Function<ModelRequest, @Nullable ModelResponse> action;

    Step(Duration delay, boolean hang, Function<ModelRequest, @Nullable ModelResponse> action) {
      this.delay = delay;
      this.hang = hang;
      this.action = action;
    }
  }

  /**
   * Builds a {@link FakeEndpoint}. Not thread-safe. {@code then...} methods append steps; the other
   * setters can be called once.
   */
  public static final class Builder {
    private final String id;
    private final List<Step> script = new ArrayList<>();
    private boolean repeatLast;
    private @Nullable EndpointInfo info;
    private @Nullable TimeSource timeSource;

    private Builder(String id) {
      requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("endpoint id must not be blank");
      }
      this.id = id;
    }

    private static Duration delay(Duration d) {
      requireNonNull(d, "delay");
      if (d.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, was " + d);
      }
      return d;
    }

    private ModelResponse answer(ModelRequest request, String text) {
      Operation op = request.operation();
      if (op != Operation.CHAT && op != Operation.COMPLETION) {
        throw new IllegalStateException(
            "a text answer fits CHAT or COMPLETION, not " + op + "; use thenRespond(...)");
      }
      String endpointId = info == null ? id : info.id();
      String model = info == null ? "fake-1" : info.model();
      return ModelResponse.builder(op).text(text).model(model).endpointId(endpointId)
          .usage(new Usage(Tokens.input(request), Tokens.estimate(text))).build();
    }

    private ModelException failure(ErrorKind kind, @Nullable Duration retryAfter) {
      return new ModelException(kind, "scripted " + kind + " failure", info == null ? id : info.id(),
          0, retryAfter, null);
    }

    /**
     * Next, answer a chat or completion call with this text at once.
     *
     * @param text the answer
     * @return this builder
     */
    public Builder thenAnswer(String text) {
      return thenAnswerAfter(Duration.ZERO, text);
    }

    /**
     * Next, answer a chat or completion call with this text after a delay.
     *
     * @param delay the delay, waited on the fake's time source
     * @param text the answer
     * @return this builder
     */
    public Builder thenAnswerAfter(Duration delay, String text) {
      requireNonNull(text, "text");
      script.add(new Step(delay(delay), false, r -> answer(r, text)));
      return this;
    }

    /**
     * Next, return this response at once.
     *
     * @param response the response
     * @return this builder
     */
    public Builder thenRespond(ModelResponse response) {
      requireNonNull(response, "response");
      script.add(new Step(Duration.ZERO, false, r -> response));
      return this;
    }

    /**
     * Next, answer with whatever the function makes of the request, at once.
     *
     * @param responder makes the response
     * @return this builder
     */
    public Builder thenRespond(Function<ModelRequest, ModelResponse> responder) {
      requireNonNull(responder, "responder");
      script.add(new Step(Duration.ZERO, false, r -> responder.apply(r)));
      return this;
    }

    /**
     * Next, fail at once with a {@link ModelException} of this kind.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder thenFail(ErrorKind kind) {
      return thenFailAfter(Duration.ZERO, kind);
    }

    /**
     * Next, fail with a {@link ModelException} of this kind after a delay.
     *
     * @param delay the delay
     * @param kind the kind
     * @return this builder
     */
    public Builder thenFailAfter(Duration delay, ErrorKind kind) {
      requireNonNull(kind, "kind");
      script.add(new Step(delay(delay), false, r -> {
        throw failure(kind, null);
      }));
      return this;
    }

    /**
     * Next, fail at once with {@link ErrorKind#RATE_LIMITED} and a Retry-After hint.
     *
     * @param retryAfter the hint
     * @return this builder
     */
    public Builder thenRateLimited(Duration retryAfter) {
      Duration hint = delay(retryAfter);
      script.add(new Step(Duration.ZERO, false, r -> {
        throw failure(ErrorKind.RATE_LIMITED, hint);
      }));
      return this;
    }

    /**
     * Next, throw this exception at once (a {@link ModelException} to fail normally, any other
     * runtime exception to simulate a buggy adapter).
     *
     * @param exception the exception
     * @return this builder
     */
    public Builder thenThrow(RuntimeException exception) {
      requireNonNull(exception, "exception");
      script.add(new Step(Duration.ZERO, false, r -> {
        throw exception;
      }));
      return this;
    }

    /**
     * Next, hang until the calling thread is interrupted (ending {@link ErrorKind#CANCELLED}) or
     * the fake is closed (ending {@link ErrorKind#UNAVAILABLE}); deadlines are ignored.
     *
     * @return this builder
     */
    public Builder thenHang() {
      script.add(new Step(Duration.ZERO, true, r -> {
        throw new IllegalStateException("unreachable");
      }));
      return this;
    }

    /**
     * Next, return null, breaking the contract on purpose (for contract tests).
     *
     * @return this builder
     */
    public Builder thenReturnNull() {
      script.add(new Step(Duration.ZERO, false, r -> null));
      return this;
    }

    /**
     * Repeats the last step for every call after the script ends.
     *
     * @return this builder
     */
    public Builder repeatLast() {
      if (repeatLast) {
        throw new IllegalStateException("repeatLast was already set");
      }
      this.repeatLast = true;
      return this;
    }

    /**
     * Replaces the default info (provider {@code fake}, model {@code fake-1}, all operations); the
     * info's id must equal the builder's.
     *
     * @param value the info
     * @return this builder
     */
    public Builder info(EndpointInfo value) {
      Checks.once(info, "info");
      requireNonNull(value, "info");
      if (!value.id().equals(id)) {
        throw new IllegalArgumentException("info id must equal the fake's id");
      }
      this.info = value;
      return this;
    }

    /**
     * Sets the time source delays are waited on (default system).
     *
     * @param value the time source
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      Checks.once(timeSource, "timeSource");
      this.timeSource = requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * Builds the fake.
     *
     * @return the fake
     * @throws IllegalStateException if the script is empty
     */
    public FakeEndpoint build() {
      if (script.isEmpty()) {
        throw new IllegalStateException("a fake endpoint needs at least one step");
      }
      return new FakeEndpoint(this);
    }

    @Override
    public String toString() {
      return "FakeEndpoint.Builder[" + id + ", steps=" + script.size() + ", delays="
          + script.stream().map(s -> Durations.format(s.delay)).toList() + "]";
    }
  }
}
