package dev.mainstay.failover;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A scripted fake endpoint: the n-th call (0-based) takes the step the script gives for n. A step
 * waits its latency on the time source (or blocks until interrupted when it hangs), then answers
 * or fails with its kind.
 */
final class Scripted implements Endpoint {
  /** What one call does. */
  record Step(Duration latency, @Nullable ErrorKind fail, @Nullable Duration retryAfter, String text,
      boolean hang) {
    static Step ok() {
      return new Step(Duration.ZERO, null, null, "ok", false);
    }

    static Step ok(Duration latency) {
      return new Step(latency, null, null, "ok", false);
    }

    static Step text(String t) {
      return new Step(Duration.ZERO, null, null, t, false);
    }

    static Step fail(ErrorKind kind) {
      return new Step(Duration.ZERO, kind, null, "", false);
    }

    static Step fail(ErrorKind kind, Duration latency) {
      return new Step(latency, kind, null, "", false);
    }

    static Step rateLimited(@Nullable Duration retryAfter) {
      return new Step(Duration.ZERO, ErrorKind.RATE_LIMITED, retryAfter, "", false);
    }

    static Step hanging() {
      return new Step(Duration.ofDays(1), null, null, "", true);
    }
  }

  private final EndpointInfo info;
  private final TimeSource ts;
  private final IntFunction<Step> script;
  final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger interrupted = new AtomicInteger();
  final AtomicInteger active = new AtomicInteger();
  /** Released to let hanging steps end (for real-thread tests); hanging steps also end on interrupt. */
  final CountDownLatch release = new CountDownLatch(1);
  volatile boolean closed;

  Scripted(EndpointInfo info, TimeSource ts, IntFunction<Step> script) {
    this.info = info;
    this.ts = ts;
    this.script = script;
  }

  static Scripted of(String id, TimeSource ts, IntFunction<Step> script) {
    return new Scripted(EndpointInfo.builder(id).build(), ts, script);
  }

  static Scripted always(String id, TimeSource ts, Step step) {
    return of(id, ts, n -> step);
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    int n = calls.getAndIncrement();
    Step s = script.apply(n);
    active.incrementAndGet();
    try {
      if (s.hang() && !(ts instanceof SimTime)) {
        release.await();
      } else if (!s.latency().isZero()) {
        ts.sleep(s.latency());
      }
      if (Thread.interrupted()) {
        throw interruptedError();
      }
    } catch (InterruptedException e) {
      throw interruptedError();
    } finally {
      active.decrementAndGet();
    }
    if (s.fail() != null) {
      throw new ModelException(s.fail(), "scripted " + s.fail(), info.id(), 0, s.retryAfter(), null);
    }
    return ModelResponse.ofText(s.text());
  }

  private ModelException interruptedError() {
    interrupted.incrementAndGet();
    return new ModelException(ErrorKind.CANCELLED, "interrupted", info.id(), 0, null, null);
  }

  @Override
  public void close() {
    closed = true;
    release.countDown();
  }

  @Override
  public String toString() {
    return "Scripted[" + info.id() + "]";
  }
}
