package dev.mainstay.failover.internal;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.RateLimitedEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The LIMIT stage: a token bucket and a FIFO concurrency gate, both waiting on the time source. */
public final class LimitedClient implements ModelClient {
  private final ModelClient next;
  private final ClientContext ctx;
  private final TimeSource ts;
  private final @Nullable TokenBucket bucket;
  private final @Nullable Gate gate;
  private final long maxWaitNanos;

  /**
   * Wraps the rest of the chain.
   *
   * @param next the chain inside
   * @param ctx the client
   * @param permits permits per period (ignored without a period)
   * @param period the rate period, or null for no rate limit
   * @param burst the bucket size
   * @param maxConcurrent the concurrency limit, 0 for none
   * @param maxWait the longest wait for a permit
   */
  public LimitedClient(ModelClient next, ClientContext ctx, int permits, @Nullable Duration period,
      int burst, int maxConcurrent, Duration maxWait) {
    this.next = next;
    this.ctx = ctx;
    this.ts = ctx.timeSource();
    this.bucket = period == null ? null : new TokenBucket(ts, permits, period.toNanos(), burst);
    this.gate = maxConcurrent > 0 ? new Gate(maxConcurrent) : null;
    long w;
    try {
      w = maxWait.toNanos();
    } catch (ArithmeticException e) {
      w = Long.MAX_VALUE;
    }
    this.maxWaitNanos = w;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    Deadline deadline = request.deadline();
    long left = deadline == null ? ctx.defaultTimeout().toNanos() : deadline.remainingNanos();
    long allowed = Math.min(maxWaitNanos, Math.max(0, left));
    long start = ts.nanoTime();
    TokenBucket b = bucket;
    if (b != null) {
      long wait = b.reserve(allowed);
      if (wait < 0) {
        publish(request, "rate", true, ErrorKind.RATE_LIMITED, 0);
        throw new ModelException(ErrorKind.RATE_LIMITED, "client rate limit reached", null, 0,
            Duration.ofNanos(-wait), null);
      }
      if (wait > 0) {
        try {
          ts.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
          b.refund();
          Thread.currentThread().interrupt();
          throw new ModelException(ErrorKind.CANCELLED, "interrupted while waiting for the rate limit");
        }
        publish(request, "rate", false, ErrorKind.RATE_LIMITED, wait);
      }
    }
    Gate g = gate;
    if (g == null) {
      return next.call(request);
    }
    long remaining = allowed - (ts.nanoTime() - start);
    acquire(g, request, remaining, b);
    try {
      return next.call(request);
    } finally {
      g.release();
    }
  }

  private void acquire(Gate g, ModelRequest request, long waitNanos, @Nullable TokenBucket b) {
    if (g.tryAcquire()) {
      return;
    }
    if (waitNanos <= 0) {
      if (b != null) {
        b.refund();
      }
      publish(request, "concurrency", true, ErrorKind.OVERLOADED, 0);
      throw new ModelException(ErrorKind.OVERLOADED,
          "client concurrency limit of " + g.limit + " calls reached");
    }
    long start = ts.nanoTime();
    CompletableFuture<Boolean> ticket = g.enqueue();
    TimeSource.Cancellable timer = ts.schedule(Duration.ofNanos(waitNanos), () -> ticket.complete(false));
    boolean got;
    try {
      got = ticket.get();
    } catch (InterruptedException e) {
      if (!ticket.complete(false) && ticket.join()) {
        g.release();
      }
      if (b != null) {
        b.refund();
      }
      Thread.currentThread().interrupt();
      throw new ModelException(ErrorKind.CANCELLED, "interrupted while waiting for the concurrency limit");
    } catch (ExecutionException e) {
      got = false;
    } finally {
      timer.cancel();
    }
    long waited = ts.nanoTime() - start;
    if (!got) {
      if (b != null) {
        b.refund();
      }
      publish(request, "concurrency", true, ErrorKind.OVERLOADED, waited);
      throw new ModelException(ErrorKind.OVERLOADED,
          "client concurrency limit of " + g.limit + " calls reached; waited " + (waited / 1_000_000) + " ms");
    }
    publish(request, "concurrency", false, ErrorKind.OVERLOADED, waited);
  }

  private void publish(ModelRequest request, String limit, boolean rejected, ErrorKind kind, long waitedNanos) {
    if (ctx.publishing()) {
      String id = request.requestId() == null ? "" : request.requestId();
      ctx.publish(new RateLimitedEvent(ctx.clientName(), id, ts.now(), limit, rejected, kind,
          Duration.ofNanos(Math.max(0, waitedNanos))));
    }
  }

  @Override
  public void close() {
    next.close();
  }

  @Override
  public String toString() {
    return next.toString();
  }

  /** A token bucket with reservations: a waiting caller takes its token up front. Thread-safe. */
  static final class TokenBucket {
    private final TimeSource ts;
    private final double perNano;
    private final double capacity;
    private double tokens; // guarded by this
    private long stamp; // guarded by this

    TokenBucket(TimeSource ts, int permits, long periodNanos, int burst) {
      this.ts = ts;
      this.perNano = (double) permits / periodNanos;
      this.capacity = burst;
      this.tokens = burst;
      this.stamp = ts.nanoTime();
    }

    /**
     * Takes a token, reserving a future one when allowed.
     *
     * @return 0 when a token was free, the positive wait for a reserved one, or minus the wait when
     *     it exceeds {@code maxWaitNanos} (nothing taken)
     */
    synchronized long reserve(long maxWaitNanos) {
      long now = ts.nanoTime();
      tokens = Math.min(capacity, tokens + (now - stamp) * perNano);
      stamp = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      long wait = (long) Math.ceil((1 - tokens) / perNano);
      if (wait > maxWaitNanos) {
        return -Math.max(1, wait);
      }
      tokens -= 1;
      return Math.max(1, wait);
    }

    synchronized void refund() {
      tokens = Math.min(capacity, tokens + 1);
    }
  }

  /** A FIFO concurrency gate whose waiters are woken by release or by a time-source timer. */
  static final class Gate {
    final int limit;
    private int available; // guarded by this
    private final ArrayDeque<CompletableFuture<Boolean>> waiters = new ArrayDeque<>();

    Gate(int limit) {
      this.limit = limit;
      this.available = limit;
    }

    synchronized boolean tryAcquire() {
      if (available > 0 && waiters.isEmpty()) {
        available--;
        return true;
      }
      return false;
    }

    synchronized CompletableFuture<Boolean> enqueue() {
      CompletableFuture<Boolean> f = new CompletableFuture<>();
      if (available > 0) {
        available--;
        f.complete(true);
      } else {
        waiters.add(f);
      }
      return f;
    }

    void release() {
      while (true) {
        CompletableFuture<Boolean> w;
        synchronized (this) {
          w = waiters.poll();
          if (w == null) {
            available++;
            return;
          }
        }
        if (w.complete(true)) {
          return;
        }
      }
    }
  }
}
